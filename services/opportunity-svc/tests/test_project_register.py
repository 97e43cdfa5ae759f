"""The risk register, guiding the customer, project meetings, and the bids a
project waits on: given events, when a command, then new events or a rule."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from ltc_shared.authority import Actor
from ltc_shared.errors import RuleViolated
from ltc_shared.testing import event_types, new_events
from opportunity_svc.domain import Opportunity
from opportunity_svc.project.bids import BidOutcome

ON = date(2024, 3, 10)
SPONSOR = Actor(id="Sofia", role="sponsor", level=1)
Given = Callable[..., Opportunity]


def initiated(o: Opportunity) -> None:
    o.request_initiation("Ana", ON)
    o.approve_initiation(SPONSOR, "Sofia", {"ar": "A", "sr": "S", "fr": "F"}, ON)


def risk(o: Opportunity) -> None:
    o.raise_risk("late tender", "high", "medium", "early draft", "Ana", ON)


def lose(o: Opportunity) -> None:
    o.lose("customer chose a rival", ON)


def reject(o: Opportunity) -> None:
    o.request_initiation("Ana", ON)
    o.reject_initiation(SPONSOR, "no fit", ON)


def refused(run: Callable[[], object]) -> str:
    with pytest.raises(RuleViolated) as caught:
        run()
    return str(caught.value.rule)


def test_a_risk_is_raised_under_the_next_id(given: Given) -> None:
    opportunity = given(risk)

    assert opportunity.raise_risk("rival", "low", "high", "", "Sam", ON) == "R2"

    [(kind, fields)] = new_events(opportunity)
    assert kind == "RiskRaised"
    assert (fields["risk_id"], fields["status"], fields["impact"]) == (
        "R2",
        "open",
        "high",
    )
    assert opportunity.risk_register_version == 2


def test_a_risk_is_updated_with_what_changed(given: Given) -> None:
    opportunity = given(initiated, risk)

    opportunity.update_risk("R1", {"probability": "low"}, "mitigating", ON)

    [(kind, fields)] = new_events(opportunity)
    assert kind == "RiskUpdated"
    assert (fields["probability"], fields["impact"]) == ("low", "medium")
    assert (fields["status"], fields["owner"]) == ("mitigating", "Ana")


def test_a_risk_is_closed_once(given: Given) -> None:
    opportunity = given(risk)

    opportunity.close_risk("R1", ON)

    assert event_types(opportunity) == ["RiskClosed"]
    assert opportunity.risks["R1"]["status"] == "closed"
    assert refused(lambda: opportunity.close_risk("R1", ON)) == "risk-closed-once"
    assert (
        refused(lambda: opportunity.update_risk("R1", {}, None, ON))
        == "risk-closed-once"
    )


def test_an_unknown_risk_is_refused(given: Given) -> None:
    opportunity = given(risk)

    assert refused(lambda: opportunity.close_risk("R9", ON)) == "risk-in-register"


@pytest.mark.parametrize("ended_by", [lose, reject])
def test_the_register_closes_with_an_unsuccessful_opportunity(
    given: Given, ended_by: Callable[[Opportunity], None]
) -> None:
    opportunity = given(risk, ended_by)

    assert refused(lambda: risk(opportunity)) == "opportunity-ended"
    assert refused(lambda: opportunity.close_risk("R1", ON)) == "opportunity-ended"
    assert event_types(opportunity) == []


def test_the_risk_register_dates_never_go_backwards(given: Given) -> None:
    opportunity = given(risk)

    rule = refused(lambda: opportunity.close_risk("R1", date(2024, 3, 2)))

    assert rule == "business-dates-in-order"


def test_the_customer_is_guided_aspect_by_aspect(given: Given) -> None:
    opportunity = given(initiated)

    opportunity.record_guidance("value_proposition", "lower latency", ON)

    [(kind, fields)] = new_events(opportunity)
    assert kind == "GuidanceRecorded"
    assert (fields["aspect"], fields["content"]) == (
        "value_proposition",
        "lower latency",
    )
    assert opportunity.guidance["value_proposition"]["content"] == "lower latency"


def test_a_meeting_is_held_with_its_decisions(given: Given) -> None:
    opportunity = given(initiated)

    opportunity.hold_meeting("kick_off", ["Ana", "Sam"], ["weekly on Monday"], ON)

    [(kind, fields)] = new_events(opportunity)
    assert kind == "MeetingHeld"
    assert (fields["kind"], fields["held_on"], fields["occurred_on"]) == (
        "kick_off",
        ON,
        ON,
    )
    assert fields["decisions"] == ["weekly on Monday"]


def test_a_meeting_needs_an_initiated_project(given: Given) -> None:
    opportunity = given()

    rule = refused(lambda: opportunity.hold_meeting("weekly", ["Ana"], [], ON))

    assert rule == "project-must-be-initiated"


def test_a_pending_bid_keeps_the_project_from_being_lost(given: Given) -> None:
    opportunity = given(initiated, lambda o: o.note_bid_opened("b1", ON))

    assert refused(lambda: lose(opportunity)) == "no-loss-while-bid-pending"
    assert event_types(opportunity) == []


@pytest.mark.parametrize("outcome", ["withdrawn", "no_bid", "lost"])
def test_a_project_is_lost_once_its_bid_has_ended(
    given: Given, outcome: BidOutcome
) -> None:
    opportunity = given(
        initiated,
        lambda o: o.note_bid_opened("b1", ON),
        lambda o: o.note_bid_ended("b1", outcome, ON),
    )

    lose(opportunity)

    assert event_types(opportunity) == ["OpportunityLost"]


def test_a_won_project_is_not_lost(given: Given) -> None:
    opportunity = given(
        initiated,
        lambda o: o.note_bid_opened("b1", ON),
        lambda o: o.note_bid_ended("b1", "won", ON),
    )

    assert refused(lambda: lose(opportunity)) == "no-loss-after-a-won-bid"


def test_a_bid_is_noted_once(given: Given) -> None:
    opportunity = given(initiated)

    opportunity.note_bid_opened("b1", ON)
    opportunity.note_bid_opened("b1", ON)
    opportunity.note_bid_ended("b1", "lost", ON)
    opportunity.note_bid_ended("b1", "won", ON)
    opportunity.note_bid_opened("b1", ON)

    assert event_types(opportunity) == ["BidPendingNoted", "BidOutcomeNoted"]
    assert opportunity.bids == {"b1": "lost"}
    assert opportunity.pending_bids == []
