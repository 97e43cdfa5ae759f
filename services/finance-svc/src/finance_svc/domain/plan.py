"""The billing plan: when which part of the contract value is invoiced.

Milestone and instalment lines bill the work and sum exactly to the contract
value. An advance line bills a share of that value ahead of the work; it is a
payment on account, recovered from the later invoices (see `advance.py`), so
it comes on top of the lines that bill the work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal

from ltc_shared.aggregate import require
from ltc_shared.money import cents

LineKind = Literal["milestone", "instalment", "advance"]


@dataclass(frozen=True)
class PlanLine:
    line_id: str
    kind: LineKind
    due_on: date
    amount: Decimal

    @property
    def bills_work(self) -> bool:
        return self.kind != "advance"

    def as_event(self) -> dict[str, Any]:
        return {
            "line_id": self.line_id,
            "kind": self.kind,
            "due_on": self.due_on,
            "amount": self.amount,
        }


def split(value: Decimal, shares: list[Decimal]) -> list[Decimal]:
    """Parts of `value` by share, in cents; the last part absorbs the rounding
    so the parts always sum to the value."""
    parts = [cents(value * share) for share in shares[:-1]]
    return [*parts, value - sum(parts, Decimal("0.00"))]


def generate(
    value: Decimal,
    advance_share: Decimal,
    instalments: int,
    first_due_on: date,
    interval_days: int,
) -> list[PlanLine]:
    """An advance (when its share is above zero) due on `first_due_on`, then
    equal instalments of the whole value every `interval_days`."""
    require(instalments >= 1, "plan-needs-instalments", "at least one instalment")
    require(
        Decimal(0) <= advance_share < 1,
        "advance-share-below-one",
        f"an advance share of {advance_share} is not between 0 and 1",
    )
    lines: list[PlanLine] = []
    due_on = first_due_on
    if advance_share > 0:
        advance = cents(value * advance_share)
        lines.append(PlanLine("A", "advance", due_on, advance))
        due_on += timedelta(days=interval_days)
    equal = [Decimal(1) / instalments] * instalments
    for number, amount in enumerate(split(value, equal), start=1):
        lines.append(PlanLine(f"I{number}", "instalment", due_on, amount))
        due_on += timedelta(days=interval_days)
    return lines


def check(lines: list[PlanLine], value: Decimal, opened_on: date) -> None:
    """The rules every plan keeps, generated or given line by line."""
    require(bool(lines), "plan-needs-lines", "a billing plan has at least one line")
    ids = [line.line_id for line in lines]
    require(len(set(ids)) == len(ids), "plan-line-ids-unique", "line ids are unique")
    require(
        all(line.amount > 0 for line in lines),
        "amount-positive",
        "every plan line amount is above 0",
    )
    require(
        all(line.due_on >= opened_on for line in lines),
        "business-dates-in-order",
        f"a plan line falls due before the contract was signed on {opened_on}",
    )
    work = sum((line.amount for line in lines if line.bills_work), Decimal("0.00"))
    require(
        work == value,
        "plan-sums-to-contract-value",
        f"milestones and instalments sum to {work}, the contract value is {value}",
    )
    advance = sum((line.amount for line in lines if not line.bills_work), Decimal(0))
    require(
        advance < value,
        "advance-below-contract-value",
        f"an advance of {advance} is not below the contract value {value}",
    )
