"""Receivables ageing: open amounts by how long they are past due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from finance_svc.domain.invoice import ZERO
from finance_svc.domain.receivables import Receivables

BUCKETS = ("not_yet_due", "1_30", "31_60", "61_90", "over_90")


def bucket(days_past_due: int) -> str:
    """Every number of days falls in exactly one bucket."""
    if days_past_due <= 0:
        return "not_yet_due"
    if days_past_due <= 30:
        return "1_30"
    if days_past_due <= 60:
        return "31_60"
    if days_past_due <= 90:
        return "61_90"
    return "over_90"


@dataclass(frozen=True)
class Ageing:
    as_of: date
    buckets: dict[str, Decimal]
    total_outstanding: Decimal
    unapplied_credit: Decimal


def age(receivables: Receivables, as_of: date) -> Ageing:
    buckets = dict.fromkeys(BUCKETS, ZERO)
    total = ZERO
    for number, amount in receivables.outstanding_on(as_of).items():
        invoice = receivables.invoices[number]
        buckets[bucket((as_of - invoice.due_on).days)] += amount
        total += amount
    return Ageing(as_of, buckets, total, receivables.unapplied)
