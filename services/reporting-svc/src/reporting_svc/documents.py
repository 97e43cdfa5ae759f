"""The read model's documents: plain JSON, one per aggregate.

Decimals are kept as strings and business dates as ISO strings, so a
document reads back exactly as it was written, whatever the store.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

Doc = dict[str, Any]
DocKey = tuple[str, str]
Data = Mapping[str, Any]
Step = Callable[[Doc, Data, str], None]

KINDS = ("lead", "opportunity", "bid", "contract", "ledger")
DESCRIPTIVE = ("customer", "channel", "business_unit", "owner", "product", "region")


def day(value: Any) -> str:
    return date.fromisoformat(str(value)).isoformat()


def money(value: Any) -> str:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite():
        raise ValueError(f"not an amount: {value!r}")
    return str(amount)


def optional(value: Any) -> str | None:
    return None if value is None else str(value)


def copy_fields(doc: Doc, data: Data, names: tuple[str, ...]) -> None:
    for name in names:
        if name in data:
            doc[name] = optional(data[name])
