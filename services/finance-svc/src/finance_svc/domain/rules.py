"""The ledger's rules, each a named refusal checked before any event."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from finance_svc.domain import plan as billing_plan
from finance_svc.domain.invoice import ZERO, Invoice
from finance_svc.domain.plan import PlanLine
from finance_svc.domain.receivables import Receivables
from ltc_shared.aggregate import require, require_not_before
from ltc_shared.errors import RuleViolated
from ltc_shared.money import cents

DUNNING_LEVELS = (1, 2, 3)


def positive(amount: Decimal, what: str) -> None:
    require(amount > 0, "amount-positive", f"the {what} amount is above 0")


def books_open(closed: bool) -> None:
    require(
        not closed,
        "books-closed-by-final-accounts",
        "the final accounts were drawn; the ledger takes no more entries",
    )


def existing(receivables: Receivables, number: str, rule: str) -> Invoice:
    invoice = receivables.invoices.get(number)
    if invoice is None:
        raise RuleViolated(rule, f"no invoice {number} was issued on this ledger")
    return invoice


# billing plan and invoices


def plan_changeable(invoices: Iterable[Invoice]) -> None:
    require(
        all(i.line_id is None for i in invoices),
        "plan-fixed-once-invoiced",
        "an invoice was issued against the billing plan; it can no longer change",
    )


def plan(lines: list[PlanLine], value: Decimal, opened_on: date) -> None:
    billing_plan.check(lines, value, opened_on)


def plan_line(lines: list[PlanLine], line_id: str | None) -> PlanLine | None:
    if line_id is None:
        return None
    found = next((line for line in lines if line.line_id == line_id), None)
    if found is None:
        raise RuleViolated(
            "invoice-needs-plan-line", f"the billing plan has no line {line_id}"
        )
    return found


def invoice_kind(line: PlanLine | None, advance: bool) -> bool:
    """Whether the invoice bills the advance; a plan line decides it."""
    if line is None:
        return advance
    require(
        not advance or line.kind == "advance",
        "invoice-kind-matches-plan-line",
        f"line {line.line_id} is a {line.kind}, not an advance",
    )
    return line.kind == "advance"


def invoice(
    receivables: Receivables, number: str, amount: Decimal, advance: bool
) -> None:
    positive(amount, "invoice")
    require(
        number not in receivables.invoices,
        "invoice-number-unique",
        f"invoice {number} was already issued",
    )
    left = receivables.work_to_invoice
    if advance:
        pool = receivables.advance_pool
        require(
            pool + amount <= left,
            "advance-within-work-to-invoice",
            f"an advance of {amount} on top of {pool} not yet recovered is more "
            f"than the {left} of work still to invoice",
        )
        return
    require(
        amount <= left,
        "invoiced-within-contract-value",
        f"invoicing {amount} would bring the total above the contract "
        f"value of {receivables.value} ({receivables.work_billed} invoiced)",
    )


def within_line(
    invoices: Iterable[Invoice], line: PlanLine | None, amount: Decimal
) -> None:
    if line is None:
        return
    billed = sum((i.billed for i in invoices if i.line_id == line.line_id), ZERO)
    require(
        billed + amount <= line.amount,
        "invoiced-within-plan-line",
        f"line {line.line_id} of {line.amount} has {billed} invoiced already",
    )


def credit_note(
    receivables: Receivables,
    credit_notes: dict[str, str],
    number: str,
    invoice_number: str,
) -> Invoice:
    require(
        number not in credit_notes,
        "credit-note-number-unique",
        f"credit note {number} was already issued",
    )
    return existing(receivables, invoice_number, "credit-note-needs-invoice")


def within_credit(receivables: Receivables, invoice: Invoice, amount: Decimal) -> None:
    positive(amount, "credit note")
    require(
        amount <= invoice.billed,
        "credited-within-invoiced",
        f"{amount} is more than the {invoice.billed} invoiced and not yet "
        f"credited on invoice {invoice.number}",
    )
    if invoice.advance:
        pool = receivables.advance_pool
        require(
            amount <= pool,
            "advance-credit-within-unrecovered",
            f"only {pool} of the advance is not yet deducted from later invoices",
        )


# collection


def payment(
    receivables: Receivables, number: str, amount: Decimal, received_on: date
) -> None:
    positive(amount, "payment")
    invoice = existing(receivables, number, "payment-needs-invoice")
    within_open(invoice, amount)
    require_not_before(received_on, invoice.issued_on, "payment")


def within_open(invoice: Invoice, amount: Decimal) -> None:
    require(
        amount <= invoice.open_amount,
        "payment-within-open-amount",
        f"{amount} is more than the {invoice.open_amount} still open "
        f"on invoice {invoice.number}",
    )


def payment_ref(known: set[str], ref: str) -> None:
    require(ref not in known, "payment-ref-unique", f"payment {ref} was received")


def allocations(
    receivables: Receivables,
    amount: Decimal,
    parts: list[tuple[str, Decimal]],
    received_on: date,
) -> None:
    positive(amount, "payment")
    numbers = [number for number, _ in parts]
    require(
        len(set(numbers)) == len(numbers),
        "allocations-name-each-invoice-once",
        "each invoice appears once among the allocations",
    )
    for number, part in parts:
        positive(part, "allocation")
        payment(receivables, number, part, received_on)
    allocated = sum((part for _, part in parts), ZERO)
    require(
        allocated <= amount,
        "allocations-within-payment",
        f"{allocated} allocated is more than the {amount} received",
    )


def credit_applied(
    receivables: Receivables, number: str, amount: Decimal, applied_on: date
) -> None:
    positive(amount, "credit")
    require(
        amount <= receivables.unapplied,
        "credit-within-unapplied",
        f"{amount} is more than the customer's {receivables.unapplied} of credit",
    )
    payment(receivables, number, amount, applied_on)


def refund(
    receivables: Receivables, known: set[str], ref: str, amount: Decimal
) -> None:
    require(
        ref not in known,
        "refund-ref-unique",
        f"refund {ref} was already paid",
    )
    positive(amount, "refund")
    require(
        amount <= receivables.unapplied,
        "refund-within-credit",
        f"{amount} is more than the customer's {receivables.unapplied} of credit",
    )


def dunning(receivables: Receivables, number: str, level: int, sent_on: date) -> None:
    invoice = existing(receivables, number, "dunning-needs-invoice")
    require(
        level in DUNNING_LEVELS, "dunning-level-1-to-3", "dunning levels are 1 to 3"
    )
    require(
        invoice.open_amount > 0 and sent_on > invoice.due_on,
        "dunning-only-when-overdue",
        f"invoice {number} is not overdue on {sent_on}",
    )
    require(
        level == invoice.dunning_level + 1,
        "dunning-levels-in-order",
        f"invoice {number} is at dunning level {invoice.dunning_level}",
    )


# actuals


def cost_amount(
    amount: Decimal | None, hours: Decimal | None, rate: Decimal | None
) -> Decimal:
    """The amount booked: as given, or hours times rate in cents."""
    if hours is not None or rate is not None:
        if hours is None or rate is None:
            raise RuleViolated(
                "labour-needs-hours-and-rate",
                "labour booked by time needs both hours and rate",
            )
        worked = cents(hours * rate)
        require(
            amount is None or amount == worked,
            "cost-is-hours-times-rate",
            f"{hours} hours at {rate} is {worked}, not {amount}",
        )
        amount = worked
    if amount is None:
        raise RuleViolated("cost-needs-amount", "a cost needs an amount or hours")
    positive(amount, "cost")
    return amount


def nothing_open(receivables: Receivables) -> None:
    require(
        receivables.outstanding == 0,
        "final-accounts-need-nothing-open",
        f"{receivables.outstanding} is still open on the ledger",
    )
