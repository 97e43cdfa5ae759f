"""Receivables on a business date: what was invoiced and collected, what is
overdue, and the ageing of what is still owed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ltc_shared.money import cents
from reporting_svc.chains import Docs, ReadModel, on, rate, total
from reporting_svc.folds_execution import owed
from reporting_svc.projection import Doc
from reporting_svc.schemas import Ageing, AgeingBucket, BucketName, Receivables

# (name, the most days past due it holds); None holds every day beyond
BUCKETS: tuple[tuple[BucketName, int | None], ...] = (
    ("not_yet_due", 0),
    ("1-30", 30),
    ("31-60", 60),
    ("61-90", 90),
    ("over_90", None),
)


@dataclass(frozen=True)
class InvoiceOn:
    """One invoice as it stood on a business date."""

    customer: str
    invoice: Doc
    due: Decimal
    """What the customer was asked to pay on it, net of advance and credit."""
    received: Decimal
    still_open: Decimal


def invoices_on(model: ReadModel, as_of: date) -> Iterator[InvoiceOn]:
    """The invoices issued up to `as_of`, with what was owed and paid then."""
    for ledger in model.kept(model.ledgers):
        customer = model.field(ledger, "customer") or ledger["id"]
        for invoice in ledger["invoices"].values():
            if date.fromisoformat(invoice["issued_on"]) > as_of:
                continue
            received = total(
                [
                    Decimal(p["amount"])
                    for p in invoice["payments"]
                    if date.fromisoformat(p["received_on"]) <= as_of
                ]
            )
            still_open = owed(invoice, as_of)
            applied = total(
                [
                    Decimal(p["amount"])
                    for p in invoice.get("credits_applied", [])
                    if date.fromisoformat(p["received_on"]) <= as_of
                ]
            )
            due = still_open + received + applied
            yield InvoiceOn(customer, invoice, due, received + applied, still_open)


def receivables(
    docs: Docs, as_of: date, business_unit: str | None = None
) -> Receivables:
    """Invoices issued and cash received up to `as_of`, and what is overdue."""
    invoiced = paid = overdue = Decimal(0)
    count = overdue_count = late = disputed = 0
    customers: set[str] = set()
    for found in invoices_on(ReadModel(docs, business_unit), as_of):
        invoice = found.invoice
        customers.add(found.customer)
        due_on = date.fromisoformat(invoice["due_on"])
        settled_on = on(invoice["settled_on"])
        count += 1
        invoiced += found.due
        paid += found.received
        disputed += bool(invoice["disputed"])
        if due_on < as_of and found.still_open > 0:
            overdue += found.still_open
            overdue_count += 1
        if settled_on is not None and due_on < settled_on <= as_of:
            late += 1
    return Receivables(
        business_unit=business_unit,
        as_of=as_of,
        customers=len(customers),
        invoice_count=count,
        invoiced=cents(invoiced),
        collected=cents(paid),
        outstanding=cents(invoiced - paid),
        overdue=cents(overdue),
        overdue_count=overdue_count,
        paid_late=late,
        share_paid_late=rate(late, count),
        disputed=disputed,
    )


def _bucket(days_past_due: int) -> BucketName:
    for name, most in BUCKETS:
        if most is None or days_past_due <= most:
            return name
    raise AssertionError("the last bucket holds every day")


def ageing(docs: Docs, as_of: date, business_unit: str | None = None) -> Ageing:
    """What is still owed on `as_of`, by days past the due date."""
    amounts: dict[BucketName, Decimal] = {name: Decimal(0) for name, _ in BUCKETS}
    counts: dict[BucketName, int] = dict.fromkeys(amounts, 0)
    for found in invoices_on(ReadModel(docs, business_unit), as_of):
        if not found.still_open:
            continue
        late = (as_of - date.fromisoformat(found.invoice["due_on"])).days
        name = _bucket(late)
        amounts[name] += found.still_open
        counts[name] += 1
    buckets = [
        AgeingBucket(bucket=name, invoices=counts[name], amount=cents(amounts[name]))
        for name, _ in BUCKETS
    ]
    return Ageing(
        business_unit=business_unit,
        as_of=as_of,
        outstanding=sum((b.amount for b in buckets), Decimal(0)),
        buckets=buckets,
    )
