"""Folding each published event type into its document."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from ltc_shared.envelope import Envelope
from reporting_svc.projection import UnopenedAggregate, fold, key_of
from reporting_svc.testing import Story, project


def only(story: Story, kind: str) -> dict[str, Any]:
    docs = project([envelope for _, envelope in story.envelopes])
    (doc,) = docs[kind]
    return doc


def test_a_captured_lead_is_open_with_its_descriptive_fields(story: Story) -> None:
    lead = story.capture("r1", "2024-01-10", "web")

    doc = only(story, "lead")

    assert doc["id"] == str(lead)
    assert doc["status"] == "open"
    assert doc["captured_on"] == "2024-01-10"
    assert doc["first_contact_on"] == "2024-01-10"
    assert (doc["channel"], doc["business_unit"], doc["product"]) == (
        "web",
        "cloud",
        "storage",
    )
    assert doc["pain_points"] == ["slow backups"]
    assert doc["trace"] == {"lead_id": str(lead)}
    assert doc["version"] == 1


def test_a_worked_lead_records_owner_maturity_touches_and_qualification(
    story: Story,
) -> None:
    lead = story.capture("r1", "2024-01-10", "web")
    story.assign(lead, "ana", "2024-01-11")
    story.emit("lead", "LeadGraded", lead, "2024-01-12", maturity="high")
    story.emit(
        "lead", "LeadNurtured", lead, "2024-01-13", note="call", next_step="demo"
    )
    story.qualify(lead, "2024-01-20", "1000.50")

    doc = only(story, "lead")

    assert (doc["owner"], doc["maturity"], doc["touches"]) == ("ana", "high", 1)
    assert doc["next_step"] == "demo"
    assert doc["status"] == "qualified"
    assert doc["qualified_on"] == "2024-01-20"
    assert doc["expected_value"] == "1000.50"
    assert doc["version"] == 5


def test_a_dropped_lead_keeps_the_reason(story: Story) -> None:
    lead = story.capture("r1", "2024-01-10", "web")
    story.drop(lead, "2024-01-30", "no budget")

    doc = only(story, "lead")

    assert (doc["status"], doc["dropped_on"], doc["drop_reason"]) == (
        "dropped",
        "2024-01-30",
        "no budget",
    )


def test_an_opportunity_records_evaluation_and_the_ati_decision(
    story: Story,
) -> None:
    opportunity = story.sudden("x1", "2024-03-01", "2000.00", "cy")
    story.emit(
        "opportunity",
        "OpportunityEvaluated",
        opportunity,
        "2024-03-02",
        win_probability=Decimal("0.6"),
        expected_value=Decimal("2500.00"),
        notes="",
    )
    story.initiate(opportunity, "2024-03-05")

    docs = project([envelope for _, envelope in story.envelopes])
    (doc,) = docs["opportunity"]

    assert (doc["origin"], doc["lead_id"], doc["external_ref"]) == (
        "sudden",
        None,
        "x1",
    )
    assert doc["win_probability"] == "0.6"
    assert doc["opened_on"] == "2024-03-01"
    assert doc["initiation_requested_on"] == "2024-03-05"
    assert (doc["status"], doc["initiated_on"]) == ("initiated", "2024-03-05")
    assert doc["iron_triangle"] == {"ar": "ana", "sr": "sam", "fr": "fay"}
    # the ATI decision carries the value it was taken on
    assert doc["expected_value"] == "2000.00"
    assert docs["bid"][0]["opportunity_id"] == str(opportunity)


def test_a_rejected_initiation_and_a_lost_opportunity_keep_their_reasons(
    story: Story,
) -> None:
    rejected = story.sudden("x1", "2024-03-01", "10.00", "cy")
    story.emit(
        "opportunity",
        "InitiationRejected",
        rejected,
        "2024-03-04",
        decided_by="vp",
        reason="no strategic fit",
    )
    lost = story.sudden("x2", "2024-03-01", "10.00", "cy")
    story.give_up(lost, "2024-03-09", "customer paused")

    docs = {d["id"]: d for d in project([e for _, e in story.envelopes])["opportunity"]}

    assert docs[str(rejected)]["status"] == "rejected"
    assert docs[str(rejected)]["rejection_reason"] == "no strategic fit"
    assert (docs[str(lost)]["status"], docs[str(lost)]["lost_reason"]) == (
        "lost",
        "customer paused",
    )


def test_a_bid_keeps_the_latest_estimate_the_atb_decision_and_the_outcome(
    story: Story,
) -> None:
    bid = story.initiate(story.sudden("x1", "2024-03-01", "10.00", "cy"), "2024-03-02")
    story.estimate(bid, "2024-03-03", "100.00", "80.00")
    story.estimate(bid, "2024-03-04", "120.00", "90.00")
    story.decide(bid, "2024-03-05", "bid", "fits")
    story.submit(bid, "2024-03-06", "115.00")
    story.win(bid, "2024-03-07", "110.00")

    doc = only(story, "bid")

    assert doc["estimate"] == {"revenue": "120.00", "cost": "90.00", "currency": "USD"}
    assert (doc["estimated_on"], doc["estimate_revisions"]) == ("2024-03-04", 2)
    assert (doc["decision"], doc["decided_on"]) == ("bid", "2024-03-05")
    assert (doc["price"], doc["submitted_on"]) == ("115.00", "2024-03-06")
    assert (doc["status"], doc["award_value"], doc["won_on"]) == (
        "won",
        "110.00",
        "2024-03-07",
    )


def test_a_no_bid_decision_keeps_its_reason(story: Story) -> None:
    bid = story.initiate(story.sudden("x1", "2024-03-01", "10.00", "cy"), "2024-03-02")
    story.decide(bid, "2024-03-05", "no_bid", "no real need")

    doc = only(story, "bid")

    assert (doc["status"], doc["decision_reason"]) == ("no_bid", "no real need")


def test_a_contract_keeps_budget_revisions_signature_and_close(story: Story) -> None:
    bid = story.initiate(story.sudden("x1", "2024-03-01", "10.00", "cy"), "2024-03-02")
    contract = story.win(bid, "2024-03-07", "110.00")
    story.budget(contract, "2024-03-08", "110.00", "70.00")
    story.emit(
        "contract",
        "ContractRevisionRequested",
        contract,
        "2024-03-09",
        decided_by="board",
        reason="margin too thin",
    )
    story.budget(contract, "2024-03-10", "110.00", "60.00")
    story.sign(contract, "2024-03-11", "110.00")
    story.close(contract, "2024-06-30")

    doc = only(story, "contract")

    assert doc["budget"] == {"revenue": "110.00", "cost": "60.00", "currency": "USD"}
    assert doc["revisions"] == [
        {"requested_on": "2024-03-09", "reason": "margin too thin"}
    ]
    assert (doc["approved_on"], doc["signed_on"], doc["payment_days"]) == (
        "2024-03-11",
        "2024-03-11",
        30,
    )
    assert (doc["status"], doc["closed_on"]) == ("closed", "2024-06-30")
    assert doc["bid_id"] == str(bid)


def test_an_invoice_is_settled_on_the_day_it_is_paid_in_full(story: Story) -> None:
    bid = story.initiate(story.sudden("x1", "2024-03-01", "10.00", "cy"), "2024-03-02")
    ledger = story.sign(story.win(bid, "2024-03-07", "500.00"), "2024-03-08", "500.00")
    story.invoice(ledger, "007", "300.00", "2024-03-10", "2024-04-09", True)
    story.pay(ledger, "007", "100.00", "2024-03-20")
    story.pay(ledger, "007", "200.00", "2024-04-15")
    story.cost(ledger, "2024-03-25", "labour", "120.00")

    doc = only(story, "ledger")

    invoice = doc["invoices"]["007"]
    assert (invoice["amount"], invoice["paid"], invoice["disputed"]) == (
        "300.00",
        "300.00",
        True,
    )
    assert (invoice["issued_on"], invoice["due_on"]) == ("2024-03-10", "2024-04-09")
    assert invoice["settled_on"] == "2024-04-15"
    assert doc["costs"] == [
        {"category": "labour", "amount": "120.00", "booked_on": "2024-03-25"}
    ]
    assert doc["trace"]["ledger_id"] == str(ledger)


def test_an_event_seen_again_changes_nothing(story: Story) -> None:
    lead = story.capture("r1", "2024-01-10", "web")
    nurtured = story.emit("lead", "LeadNurtured", lead, "2024-01-13", note="call")
    envelopes = [e for _, e in story.envelopes]

    once = project(envelopes)
    twice = project([*envelopes, nurtured, envelopes[0]])

    assert twice == once
    assert once["lead"][0]["touches"] == 1


def test_an_event_type_not_projected_is_ignored(story: Story) -> None:
    envelope = story.emit("lead", "LeadRenamed", UUID(int=1), "2024-01-01", name="x")

    assert key_of(envelope) is None
    assert fold(None, envelope) is None


def test_a_change_to_an_aggregate_never_opened_is_refused(story: Story) -> None:
    envelope = story.emit("lead", "LeadAssigned", UUID(int=1), "2024-01-01", owner="a")

    with pytest.raises(UnopenedAggregate):
        fold(None, envelope)


@pytest.mark.parametrize("amount", ["abc", "NaN"])
def test_an_unreadable_amount_is_refused(story: Story, amount: str) -> None:
    lead = story.capture("r1", "2024-01-10", "web")
    story.assign(lead, "ana", "2024-01-11")
    story.qualify(lead, "2024-01-20", "1.00")
    captured = fold(None, story.envelopes[0][1])
    qualified = story.envelopes[2][1]
    broken = Envelope.model_validate(
        qualified.model_dump() | {"data": qualified.data | {"expected_value": amount}}
    )

    with pytest.raises(ValueError, match="not an amount"):
        fold(captured, broken)
