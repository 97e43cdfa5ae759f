"""Executing the signed contract: handover, purchase orders, milestones and
deliveries, new leads, and the evaluation after closure."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from contract_svc.domain import Contract
from ltc_shared.authority import Actor
from ltc_shared.errors import Forbidden
from ltc_shared.testing import event_types, new_events

Refused = Callable[[Contract, str, Callable[[], None]], None]
SPONSOR = Actor(id="sponsor.wang", role="sponsor", level=4)
AR = Actor(id="ar.li", role="ar")
D = date(2024, 3, 20)


def test_the_handover_passes_the_customers_commitments(signed: Contract) -> None:
    signed.hold_handover(["ar.li", "fr.chen"], ["go-live by June"], D, AR)

    [(kind, fields)] = new_events(signed)
    assert kind == "HandoverHeld"
    assert fields["held_on"] == D
    assert fields["attendees"] == ["ar.li", "fr.chen"]
    assert fields["commitments"] == ["go-live by June"]
    assert fields["recorded_by"] == "ar.li"
    assert signed.commitments == ["go-live by June"]


def test_a_handover_needs_a_signature(approved: Contract, refused: Refused) -> None:
    refused(
        approved,
        "execution-needs-signature",
        lambda: approved.hold_handover(["ar.li"], [], D, AR),
    )


def test_a_handover_has_attendees(signed: Contract, refused: Refused) -> None:
    refused(signed, "handover-attendees", lambda: signed.hold_handover([], [], D, AR))


@pytest.mark.parametrize(
    ("caller", "rule"),
    [
        (None, "handover-needs-decider"),
        (SPONSOR, "handover-role"),
        (Actor(id="fr.chen", role="fr"), None),
    ],
)
def test_the_handover_is_recorded_by_the_ar_or_fr(
    signed: Contract, caller: Actor | None, rule: str | None
) -> None:
    if rule is None:
        signed.hold_handover(["ar.li", "fr.chen"], [], D, caller)
        assert event_types(signed) == ["HandoverHeld"]
        return
    with pytest.raises(Forbidden) as caught:
        signed.hold_handover(["ar.li", "fr.chen"], [], D, caller)
    assert caught.value.rule == rule
    assert event_types(signed) == []


def test_a_purchase_order_is_received_then_confirmed(signed: Contract) -> None:
    signed.receive_purchase_order("PO-1", Decimal("50000.00"), D)
    signed.confirm_purchase_order("PO-1", D)

    (received, confirmed) = new_events(signed)
    assert received[0] == "PurchaseOrderReceived"
    assert received[1]["po_number"] == "PO-1"
    assert received[1]["value"] == Decimal("50000.00")
    assert confirmed[0] == "PurchaseOrderConfirmed"
    assert confirmed[1]["po_number"] == "PO-1"


def test_purchase_orders_stay_within_the_contract(
    signed: Contract, refused: Refused
) -> None:
    signed.receive_purchase_order("PO-1", Decimal("100000.00"), D)
    signed.collect_events()

    refused(
        signed,
        "po-within-contract",
        lambda: signed.receive_purchase_order("PO-2", Decimal("18000.01"), D),
    )
    refused(
        signed,
        "po-number-unique",
        lambda: signed.receive_purchase_order("PO-1", Decimal("1.00"), D),
    )


def test_only_a_received_order_is_confirmed_once(
    signed: Contract, refused: Refused
) -> None:
    refused(signed, "po-unknown", lambda: signed.confirm_purchase_order("PO-9", D))
    signed.receive_purchase_order("PO-1", Decimal("1.00"), D)
    signed.confirm_purchase_order("PO-1", D)
    signed.collect_events()

    refused(
        signed, "po-already-confirmed", lambda: signed.confirm_purchase_order("PO-1", D)
    )


def test_a_milestone_is_planned_and_its_delivery_accepted(signed: Contract) -> None:
    signed.plan_milestone("M1", "pilot", date(2024, 5, 1), Decimal("30000.00"), D)
    signed.accept_delivery("M1", date(2024, 5, 2))

    (planned, accepted) = new_events(signed)
    assert planned[0] == "MilestonePlanned"
    assert planned[1]["milestone_id"] == "M1"
    assert planned[1]["due_on"] == date(2024, 5, 1)
    assert planned[1]["value"] == Decimal("30000.00")
    assert accepted[0] == "DeliveryAccepted"
    assert accepted[1]["milestone_id"] == "M1"


@pytest.mark.parametrize(
    ("milestone_id", "due_on", "value", "rule"),
    [
        ("M1", date(2024, 5, 1), "1.00", "milestone-unique"),
        ("M2", date(2024, 5, 1), "88000.01", "milestones-within-contract"),
        ("M2", date(2024, 3, 19), "1.00", "milestone-due-ahead"),
    ],
)
def test_milestones_are_refused_when_they_do_not_fit(
    signed: Contract,
    refused: Refused,
    milestone_id: str,
    due_on: date,
    value: str,
    rule: str,
) -> None:
    signed.plan_milestone("M1", "pilot", date(2024, 5, 1), Decimal("30000.00"), D)
    signed.collect_events()

    refused(
        signed,
        rule,
        lambda: signed.plan_milestone(milestone_id, "x", due_on, Decimal(value), D),
    )


def test_only_a_planned_delivery_is_accepted_once(
    signed: Contract, refused: Refused
) -> None:
    refused(signed, "milestone-unknown", lambda: signed.accept_delivery("M9", D))
    signed.plan_milestone("M1", "pilot", D, Decimal("1.00"), D)
    signed.accept_delivery("M1", D)
    signed.collect_events()

    refused(
        signed, "milestone-already-accepted", lambda: signed.accept_delivery("M1", D)
    )


def test_a_lead_found_in_execution_is_published(signed: Contract) -> None:
    signed.record_lead_found(
        "Acme", "a second site", "referral", "cloud", "EMEA", "X", D
    )

    [(kind, fields)] = new_events(signed)
    assert kind == "LeadFound"
    assert fields["customer"] == "Acme"
    assert fields["need"] == "a second site"
    assert fields["lead_ref"] == f"{signed.id}/lead/1"
    assert fields["trace"]["contract_id"] == str(signed.id)


def test_leads_are_found_while_the_contract_is_executed(
    approved: Contract, refused: Refused
) -> None:
    refused(
        approved,
        "execution-needs-signature",
        lambda: approved.record_lead_found("A", "n", "c", "b", "r", "p", D),
    )


def test_a_closed_contract_is_evaluated_once(
    signed: Contract, refused: Refused
) -> None:
    refused(signed, "evaluation-needs-closure", lambda: signed.evaluate(4, ["x"], D))
    signed.close(date(2024, 12, 20), SPONSOR)
    signed.evaluate(4, ["involve delivery earlier"], date(2024, 12, 28))

    assert event_types(signed) == ["ContractClosed", "ContractEvaluated"]
    refused(
        signed,
        "contract-already-evaluated",
        lambda: signed.evaluate(5, [], date(2024, 12, 29)),
    )
