"""Payments and actual costs: given events, when a command, then new events or
the rule that refused it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from finance_svc.domain import Ledger
from ltc_shared.errors import RuleViolated
from ltc_shared.testing import event_types, new_events

INVOICE = "0000611365"


def assert_refused(ledger: Ledger, rule: str, command: Callable[[], None]) -> None:
    version = ledger.version
    with pytest.raises(RuleViolated) as caught:
        command()
    assert caught.value.rule == rule
    assert event_types(ledger) == []
    assert ledger.version == version


def pay(
    ledger: Ledger,
    amount: str,
    number: str = INVOICE,
    received_on: date = date(2024, 4, 20),
) -> Callable[[], None]:
    return lambda: ledger.record_payment(number, Decimal(amount), received_on)


def test_a_payment_settles_its_invoice(invoiced: Ledger) -> None:
    pay(invoiced, "4000.00")()

    [(kind, fields), settled, account] = new_events(invoiced)
    assert kind == "PaymentReceived"
    assert settled == (
        "InvoiceSettled",
        {
            "invoice_number": INVOICE,
            "occurred_on": date(2024, 4, 20),
            "trace": invoiced.trace,
        },
    )
    assert account == (
        "AccountSettled",
        {"occurred_on": date(2024, 4, 20), "trace": invoiced.trace},
    )
    assert fields["invoice_number"] == INVOICE
    assert fields["amount"] == Decimal("4000.00")
    assert fields["occurred_on"] == date(2024, 4, 20)
    assert set(fields["trace"]) == {
        "lead_id",
        "opportunity_id",
        "bid_id",
        "contract_id",
        "ledger_id",
    }
    invoice = invoiced.invoices[INVOICE]
    assert (invoice.status, invoice.open_amount) == ("paid", Decimal(0))
    assert invoice.settled_on == date(2024, 4, 20)
    assert invoiced.collected == Decimal("4000.00")
    assert invoiced.outstanding == 0


def test_an_invoice_may_be_paid_in_parts(invoiced: Ledger) -> None:
    pay(invoiced, "1500.00")()
    invoice = invoiced.invoices[INVOICE]
    assert (invoice.status, invoice.open_amount) == ("partly_paid", Decimal("2500"))
    assert invoice.settled_on is None

    pay(invoiced, "2500.00", received_on=date(2024, 5, 3))()

    assert event_types(invoiced) == [
        "PaymentReceived",
        "PaymentReceived",
        "InvoiceSettled",
        "AccountSettled",
    ]
    assert invoice.status == "paid"
    assert invoice.settled_on == date(2024, 5, 3)


def test_a_payment_needs_an_issued_invoice(invoiced: Ledger) -> None:
    assert_refused(
        invoiced, "payment-needs-invoice", pay(invoiced, "10.00", number="0000000001")
    )


def test_a_payment_above_the_open_amount_is_refused(invoiced: Ledger) -> None:
    pay(invoiced, "3000.00")()
    invoiced.collect_events()

    assert_refused(invoiced, "payment-within-open-amount", pay(invoiced, "1000.01"))


def test_a_payment_before_its_invoice_is_refused(invoiced: Ledger) -> None:
    assert_refused(
        invoiced,
        "business-dates-in-order",
        pay(invoiced, "10.00", received_on=date(2024, 3, 31)),
    )


@pytest.mark.parametrize("amount", ["0", "-1.00"])
def test_a_payment_amount_is_above_zero(invoiced: Ledger, amount: str) -> None:
    assert_refused(invoiced, "amount-positive", pay(invoiced, amount))


def test_booking_actual_costs(opened: Ledger) -> None:
    opened.book_cost("labour", Decimal("1200.00"), "FR on site", date(2024, 4, 2))
    opened.book_cost("labour", Decimal("300.00"), "", date(2024, 4, 9))
    opened.book_cost("travel", Decimal("80.50"), "", date(2024, 4, 9))

    events = new_events(opened)
    assert [kind for kind, _ in events] == ["CostBooked"] * 3
    fields = events[0][1]
    assert fields["category"] == "labour"
    assert fields["amount"] == Decimal("1200.00")
    assert fields["note"] == "FR on site"
    assert fields["occurred_on"] == date(2024, 4, 2)
    assert opened.actual_cost == Decimal("1580.50")
    assert opened.costs.by_category == {
        "labour": Decimal("1500.00"),
        "travel": Decimal("80.50"),
    }


def test_a_cost_before_the_signature_is_refused(opened: Ledger) -> None:
    assert_refused(
        opened,
        "business-dates-in-order",
        lambda: opened.book_cost("labour", Decimal(1), "", date(2024, 3, 1)),
    )


def test_a_cost_amount_is_above_zero(opened: Ledger) -> None:
    assert_refused(
        opened,
        "amount-positive",
        lambda: opened.book_cost("labour", Decimal(0), "", date(2024, 4, 1)),
    )
