"""Credit notes, cash received across invoices, the customer's credit,
settlement and dunning: given events, when a command, then new events or the
rule that refused it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from finance_svc.domain import Ledger
from ltc_shared.testing import event_types, new_events

Refused = Callable[[Ledger, str, Callable[[], object]], None]
D = Decimal


@pytest.fixture
def two_invoices(opened: Ledger) -> Ledger:
    """Given: invoice B of 3,000 due 2024-05-10 issued before invoice A of
    2,000 that is due earlier, on 2024-05-01."""
    opened.issue_invoice("B", D(3000), date(2024, 5, 10), False, date(2024, 4, 1))
    opened.issue_invoice("A", D(2000), date(2024, 5, 1), False, date(2024, 4, 2))
    opened.collect_events()
    return opened


def receive(
    ledger: Ledger,
    amount: str,
    allocations: list[tuple[str, Decimal]] | None = None,
    ref: str = "P1",
    on: date = date(2024, 4, 20),
) -> Callable[[], None]:
    return lambda: ledger.receive_payment(ref, D(amount), allocations, on)


def test_a_payment_goes_to_the_oldest_due_first(two_invoices: Ledger) -> None:
    receive(two_invoices, "2500.00")()

    events = new_events(two_invoices)
    assert [(k, f["invoice_number"]) for k, f in events] == [
        ("PaymentReceived", "A"),
        ("PaymentReceived", "B"),
        ("InvoiceSettled", "A"),
    ]
    assert [f["amount"] for _, f in events[:2]] == [D(2000), D(500)]
    assert [f["payment_ref"] for _, f in events[:2]] == ["P1", "P1"]
    assert two_invoices.invoices["A"].settled_on == date(2024, 4, 20)
    assert two_invoices.outstanding == D(2500)


def test_a_payment_above_what_is_open_leaves_a_customer_credit(
    two_invoices: Ledger,
) -> None:
    receive(two_invoices, "5200.00")()

    assert event_types(two_invoices) == [
        "PaymentReceived",
        "PaymentReceived",
        "CustomerCreditRecorded",
        "InvoiceSettled",
        "InvoiceSettled",
        "AccountSettled",
    ]
    assert two_invoices.outstanding == 0
    assert two_invoices.receivables.unapplied == D(200)
    assert two_invoices.actuals.collected == D(5200)


def test_a_payment_may_name_its_invoices(two_invoices: Ledger) -> None:
    receive(two_invoices, "1000.00", [("B", D(600)), ("A", D(300))])()

    events = new_events(two_invoices)
    assert [(f.get("invoice_number"), f["amount"]) for _, f in events] == [
        ("B", D(600)),
        ("A", D(300)),
        (None, D(100)),
    ]
    assert events[2][0] == "CustomerCreditRecorded"


def test_a_disputed_invoice_waits_for_named_payments(opened: Ledger) -> None:
    opened.issue_invoice("X", D(100), date(2024, 5, 1), True, date(2024, 4, 1))
    opened.collect_events()

    receive(opened, "100.00")()

    assert event_types(opened) == ["CustomerCreditRecorded"]


@pytest.mark.parametrize(
    ("allocations", "rule"),
    [
        ([("Z", D(1))], "payment-needs-invoice"),
        ([("A", D("2000.01"))], "payment-within-open-amount"),
        ([("A", D(600)), ("B", D(600))], "allocations-within-payment"),
        ([("A", D(1)), ("A", D(1))], "allocations-name-each-invoice-once"),
        ([("A", D(0))], "amount-positive"),
    ],
)
def test_allocations_breaking_a_rule_are_refused(
    two_invoices: Ledger,
    refused: Refused,
    allocations: list[tuple[str, Decimal]],
    rule: str,
) -> None:
    refused(two_invoices, rule, receive(two_invoices, "1000.00", allocations))


def test_a_payment_reference_is_used_once(
    two_invoices: Ledger, refused: Refused
) -> None:
    receive(two_invoices, "10.00")()
    two_invoices.collect_events()

    refused(two_invoices, "payment-ref-unique", receive(two_invoices, "10.00"))


def test_a_payment_before_the_invoice_it_pays_is_refused(
    two_invoices: Ledger, refused: Refused
) -> None:
    early = receive(two_invoices, "10.00", [("A", D(10))], on=date(2024, 4, 1))
    refused(two_invoices, "business-dates-in-order", early)


def test_record_payment_still_refuses_an_over_payment(
    two_invoices: Ledger, refused: Refused
) -> None:
    refused(
        two_invoices,
        "payment-within-open-amount",
        lambda: two_invoices.record_payment("A", D("2000.01"), date(2024, 4, 20)),
    )


def test_the_customer_credit_is_applied_later(two_invoices: Ledger) -> None:
    receive(two_invoices, "5200.00")()
    two_invoices.issue_invoice("C", D(500), date(2024, 6, 1), False, date(2024, 5, 1))
    two_invoices.collect_events()

    two_invoices.apply_credit("C", D(200), date(2024, 5, 2))

    [(kind, fields)] = new_events(two_invoices)
    assert (kind, fields["invoice_number"], fields["amount"]) == (
        "CreditApplied",
        "C",
        D(200),
    )
    assert two_invoices.receivables.unapplied == 0
    assert two_invoices.invoices["C"].open_amount == D(300)


@pytest.mark.parametrize("invoice", ["A", "Z"])
def test_no_credit_is_applied_without_unapplied_cash(
    two_invoices: Ledger, refused: Refused, invoice: str
) -> None:
    refused(
        two_invoices,
        "credit-within-unapplied",
        lambda: two_invoices.apply_credit(invoice, D("0.01"), date(2024, 5, 2)),
    )


def test_credit_is_applied_only_to_an_issued_open_invoice(
    two_invoices: Ledger, refused: Refused
) -> None:
    receive(two_invoices, "5200.00")()
    two_invoices.collect_events()

    refused(
        two_invoices,
        "payment-needs-invoice",
        lambda: two_invoices.apply_credit("Z", D(1), date(2024, 5, 2)),
    )
    refused(
        two_invoices,
        "payment-within-open-amount",
        lambda: two_invoices.apply_credit("A", D(1), date(2024, 5, 2)),
    )


def test_a_credit_note_reduces_what_is_owed(two_invoices: Ledger) -> None:
    two_invoices.issue_credit_note("CN1", "B", D(1000), date(2024, 4, 5))

    [(kind, fields)] = new_events(two_invoices)
    assert kind == "CreditNoteIssued"
    assert (fields["credit_note_number"], fields["invoice_number"]) == ("CN1", "B")
    assert fields["amount"] == D(1000)
    assert two_invoices.invoices["B"].open_amount == D(2000)
    assert two_invoices.actuals.revenue == D(4000)


def test_a_credit_note_on_a_paid_invoice_becomes_customer_credit(
    two_invoices: Ledger,
) -> None:
    two_invoices.record_payment("A", D(2000), date(2024, 4, 10))
    two_invoices.issue_credit_note("CN1", "A", D(500), date(2024, 4, 11))

    assert two_invoices.invoices["A"].open_amount == 0
    assert two_invoices.receivables.unapplied == D(500)
    assert two_invoices.outstanding == D(3000)


def test_crediting_a_whole_invoice_settles_it(two_invoices: Ledger) -> None:
    two_invoices.issue_credit_note("CN1", "A", D(2000), date(2024, 4, 5))

    assert event_types(two_invoices) == ["CreditNoteIssued", "InvoiceSettled"]
    assert two_invoices.invoices["A"].status == "credited"


@pytest.mark.parametrize(
    ("number", "invoice", "amount", "rule"),
    [
        ("CN2", "A", "1500.01", "credited-within-invoiced"),
        ("CN1", "A", "1.00", "credit-note-number-unique"),
        ("CN2", "Z", "1.00", "credit-note-needs-invoice"),
        ("CN2", "A", "0", "amount-positive"),
    ],
)
def test_a_credit_note_breaking_a_rule_is_refused(
    two_invoices: Ledger,
    refused: Refused,
    number: str,
    invoice: str,
    amount: str,
    rule: str,
) -> None:
    two_invoices.issue_credit_note("CN1", "A", D(500), date(2024, 4, 5))
    two_invoices.collect_events()

    refused(
        two_invoices,
        rule,
        lambda: two_invoices.issue_credit_note(
            number, invoice, D(amount), date(2024, 4, 6)
        ),
    )


def test_dunning_goes_level_by_level_on_an_overdue_invoice(
    two_invoices: Ledger,
) -> None:
    for level, day in [(1, 2), (2, 20), (3, 30)]:
        two_invoices.send_dunning_notice("A", level, date(2024, 5, day))

    events = new_events(two_invoices)
    assert [(k, f["invoice_number"], f["level"]) for k, f in events] == [
        ("DunningNoticeSent", "A", 1),
        ("DunningNoticeSent", "A", 2),
        ("DunningNoticeSent", "A", 3),
    ]
    assert two_invoices.invoices["A"].dunning_level == 3


@pytest.mark.parametrize(
    ("invoice", "level", "day", "rule"),
    [
        ("A", 1, date(2024, 5, 1), "dunning-only-when-overdue"),
        ("A", 2, date(2024, 5, 2), "dunning-levels-in-order"),
        ("A", 4, date(2024, 5, 2), "dunning-level-1-to-3"),
        ("Z", 1, date(2024, 5, 2), "dunning-needs-invoice"),
    ],
)
def test_a_dunning_notice_breaking_a_rule_is_refused(
    two_invoices: Ledger,
    refused: Refused,
    invoice: str,
    level: int,
    day: date,
    rule: str,
) -> None:
    refused(
        two_invoices,
        rule,
        lambda: two_invoices.send_dunning_notice(invoice, level, day),
    )


def test_a_paid_invoice_is_not_dunned(two_invoices: Ledger, refused: Refused) -> None:
    two_invoices.record_payment("A", D(2000), date(2024, 4, 10))
    two_invoices.collect_events()

    refused(
        two_invoices,
        "dunning-only-when-overdue",
        lambda: two_invoices.send_dunning_notice("A", 1, date(2024, 5, 2)),
    )
