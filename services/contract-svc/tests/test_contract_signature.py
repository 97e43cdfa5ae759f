"""Signing and closing: given events, when a command, then new events or the
rule that refused it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from contract_svc.domain import Contract
from ltc_shared.authority import Actor
from ltc_shared.errors import RuleViolated
from ltc_shared.testing import event_types, new_events

USD = "USD"
SPONSOR = Actor(id="sponsor.wang", role="sponsor", level=4)
AR = Actor(id="ar.li", role="ar")


def assert_refused(contract: Contract, rule: str, command: Callable[[], None]) -> None:
    version = contract.version
    with pytest.raises(RuleViolated) as caught:
        command()
    assert caught.value.rule == rule
    assert event_types(contract) == []
    assert contract.version == version


def sign(
    contract: Contract,
    value: Decimal = Decimal("118000.00"),
    currency: str = USD,
    payment_days: int = 30,
    occurred_on: date = date(2024, 3, 12),
) -> Callable[[], None]:
    return lambda: contract.sign(
        value, currency, payment_days, "ar.li", occurred_on, AR
    )


def test_signing_an_approved_contract_records_value_and_terms(
    approved: Contract,
) -> None:
    sign(approved)()

    [(kind, fields)] = new_events(approved)
    assert kind == "ContractSigned"
    assert fields["value"] == Decimal("118000.00")
    assert fields["currency"] == USD
    assert fields["payment_terms"] == {"days": 30}
    assert fields["signed_by"] == "ar.li"
    assert fields["customer"] == "Acme"
    assert fields["owner"] == "ar.li"
    assert fields["channel"] is None
    assert fields["occurred_on"] == date(2024, 3, 12)
    assert fields["trace"]["contract_id"] == str(approved.id)
    assert approved.status == "signed"
    assert approved.value == Decimal("118000.00")


def test_a_draft_is_not_signed_without_the_signing_decision(
    budgeted: Contract,
) -> None:
    assert_refused(budgeted, "atc-approval-required", sign(budgeted))


def test_a_contract_sent_back_to_revision_is_not_signed(budgeted: Contract) -> None:
    budgeted.decide(False, SPONSOR, "terms unclear", date(2024, 3, 8))
    budgeted.collect_events()

    assert_refused(budgeted, "atc-approval-required", sign(budgeted))


@pytest.mark.parametrize("value", [Decimal(0), Decimal("-1.00")])
def test_the_signed_value_is_above_zero(approved: Contract, value: Decimal) -> None:
    assert_refused(approved, "contract-value-positive", sign(approved, value=value))


def test_negative_payment_terms_are_refused(approved: Contract) -> None:
    assert_refused(approved, "payment-terms-valid", sign(approved, payment_days=-1))


def test_the_contract_is_signed_in_its_currency(approved: Contract) -> None:
    assert_refused(approved, "contract-currency", sign(approved, currency="EUR"))


def test_a_signature_dated_before_the_decision_is_refused(
    approved: Contract,
) -> None:
    assert_refused(
        approved,
        "business-dates-in-order",
        sign(approved, occurred_on=date(2024, 3, 7)),
    )


def test_a_contract_is_signed_once(signed: Contract) -> None:
    assert_refused(signed, "contract-already-signed", sign(signed))


def test_closing_a_signed_contract(signed: Contract) -> None:
    signed.close(date(2024, 12, 20), SPONSOR)

    [(kind, fields)] = new_events(signed)
    assert kind == "ContractClosed"
    assert fields["occurred_on"] == date(2024, 12, 20)
    assert signed.status == "closed"
    assert signed.closed_on == date(2024, 12, 20)


def test_an_unsigned_contract_is_not_closed(approved: Contract) -> None:
    assert_refused(
        approved,
        "closure-needs-signature",
        lambda: approved.close(date(2024, 12, 20), SPONSOR),
    )


def test_a_contract_is_closed_once(signed: Contract) -> None:
    signed.close(date(2024, 12, 20), SPONSOR)
    signed.collect_events()

    assert_refused(
        signed,
        "contract-already-closed",
        lambda: signed.close(date(2024, 12, 21), SPONSOR),
    )
    assert_refused(signed, "contract-already-signed", sign(signed))


def test_a_closure_dated_before_the_signature_is_refused(signed: Contract) -> None:
    assert_refused(
        signed,
        "business-dates-in-order",
        lambda: signed.close(date(2024, 3, 11), SPONSOR),
    )
