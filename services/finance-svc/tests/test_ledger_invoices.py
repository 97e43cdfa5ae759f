"""Opening a ledger and invoicing: given events, when a command, then new
events or the rule that refused it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from finance_svc.domain import Ledger
from ltc_shared.errors import RuleViolated
from ltc_shared.ids import derived_id, natural_id
from ltc_shared.testing import event_types, new_events


def assert_refused(ledger: Ledger, rule: str, command: Callable[[], None]) -> None:
    version = ledger.version
    with pytest.raises(RuleViolated) as caught:
        command()
    assert caught.value.rule == rule
    assert event_types(ledger) == []
    assert ledger.version == version


def issue(
    ledger: Ledger,
    number: str = "0000611366",
    amount: str = "1000.00",
    due_on: date = date(2024, 5, 15),
    issued_on: date = date(2024, 4, 15),
) -> Callable[[], None]:
    return lambda: ledger.issue_invoice(
        number, Decimal(amount), due_on, False, issued_on
    )


def test_a_signed_contract_opens_its_ledger() -> None:
    contract_id = derived_id("contract", natural_id("bid", "B-1"))
    upstream = {"opportunity_id": "o-1", "bid_id": "b-1"}

    ledger = Ledger.open(
        contract_id,
        Decimal("5000.00"),
        "EUR",
        45,
        None,
        "cloud",
        date(2024, 2, 1),
        upstream,
    )

    [(kind, fields)] = new_events(ledger)
    ledger_id = derived_id("ledger", contract_id)
    assert kind == "LedgerOpened"
    assert ledger.id == ledger_id
    assert fields["ledger_id"] == ledger_id
    assert fields["contract_id"] == contract_id
    assert fields["value"] == Decimal("5000.00")
    assert fields["currency"] == "EUR"
    assert fields["payment_days"] == 45
    assert fields["customer"] is None
    assert fields["business_unit"] == "cloud"
    assert fields["occurred_on"] == date(2024, 2, 1)
    assert fields["trace"] == upstream | {
        "contract_id": str(contract_id),
        "ledger_id": str(ledger_id),
    }


def test_issuing_an_invoice(opened: Ledger) -> None:
    opened.issue_invoice(
        "0000611365", Decimal("4000.00"), date(2024, 5, 1), True, date(2024, 4, 1)
    )

    [(kind, fields)] = new_events(opened)
    assert kind == "InvoiceIssued"
    assert fields["invoice_number"] == "0000611365"
    assert fields["amount"] == Decimal("4000.00")
    assert fields["due_on"] == date(2024, 5, 1)
    assert fields["disputed"] is True
    assert fields["occurred_on"] == date(2024, 4, 1)
    assert fields["trace"]["ledger_id"] == str(opened.id)
    assert opened.invoiced == Decimal("4000.00")
    assert opened.outstanding == Decimal("4000.00")
    assert opened.uninvoiced == Decimal("6000.00")
    assert opened.invoices["0000611365"].status == "open"


def test_the_contract_value_may_be_invoiced_in_full(invoiced: Ledger) -> None:
    issue(invoiced, amount="6000.00")()

    assert event_types(invoiced) == ["InvoiceIssued"]
    assert invoiced.uninvoiced == 0


def test_an_invoice_number_is_used_once(invoiced: Ledger) -> None:
    assert_refused(
        invoiced, "invoice-number-unique", issue(invoiced, number="0000611365")
    )


def test_invoicing_above_the_contract_value_is_refused(invoiced: Ledger) -> None:
    assert_refused(
        invoiced, "invoiced-within-contract-value", issue(invoiced, amount="6000.01")
    )


def test_an_invoice_due_before_it_is_issued_is_refused(opened: Ledger) -> None:
    assert_refused(
        opened,
        "due-not-before-issue",
        issue(opened, due_on=date(2024, 4, 14), issued_on=date(2024, 4, 15)),
    )


def test_an_invoice_may_be_due_the_day_it_is_issued(opened: Ledger) -> None:
    issue(opened, due_on=date(2024, 4, 15), issued_on=date(2024, 4, 15))()

    assert event_types(opened) == ["InvoiceIssued"]


def test_an_invoice_before_the_signature_is_refused(opened: Ledger) -> None:
    assert_refused(
        opened, "business-dates-in-order", issue(opened, issued_on=date(2024, 3, 11))
    )


@pytest.mark.parametrize("amount", ["0", "-10.00"])
def test_an_invoice_amount_is_above_zero(opened: Ledger, amount: str) -> None:
    assert_refused(opened, "amount-positive", issue(opened, amount=amount))
