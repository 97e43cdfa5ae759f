"""Given events, when a command, then new events (or the rule that refused it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest

from bid_svc.domain import Bid
from ltc_shared.authority import Actor
from ltc_shared.errors import RuleViolated
from ltc_shared.ids import derived_id
from ltc_shared.testing import event_types, new_events

OPENED_ON = date(2024, 4, 2)
ESTIMATED_ON = date(2024, 4, 5)
DECIDED_ON = date(2024, 4, 8)
SUBMITTED_ON = date(2024, 4, 15)
SETTLED_ON = date(2024, 5, 20)
SPONSOR = Actor(id="sofia", role="sponsor", level=4)

Given = Callable[..., Bid]
Step = Callable[[Bid], None]


def estimate(b: Bid) -> None:
    b.prepare_estimate(
        Decimal("120000.00"), Decimal("84000.00"), "USD", "three sites", ESTIMATED_ON
    )


def go(b: Bid) -> None:
    b.decide("bid", None, SPONSOR, DECIDED_ON)


def no_go(b: Bid) -> None:
    b.decide("no_bid", "no real product need", SPONSOR, DECIDED_ON)


def submit(b: Bid) -> None:
    b.submit(Decimal("118000.00"), SUBMITTED_ON)


def win(b: Bid) -> None:
    b.win(Decimal("115000.00"), SETTLED_ON)


def lose(b: Bid) -> None:
    b.lose("price", SETTLED_ON)


def refused(run: Callable[[], None]) -> str:
    with pytest.raises(RuleViolated) as caught:
        run()
    return str(caught.value.rule)


def test_an_initiated_project_opens_its_bid() -> None:
    opportunity_id = uuid4()
    lead_trace = {"lead_id": "L-1", "opportunity_id": str(opportunity_id)}

    bid = Bid.for_project(
        opportunity_id,
        lead_trace,
        origin="lead",
        customer="Acme",
        channel="paid_search",
        business_unit="cloud",
        owner="Ana",
        product="GTX Pro",
        region="West",
        currency="EUR",
        occurred_on=OPENED_ON,
    )

    [(kind, fields)] = new_events(bid)
    assert kind == "BidOpened"
    assert bid.id == derived_id("bid", opportunity_id)
    assert (fields["bid_id"], fields["opportunity_id"]) == (bid.id, opportunity_id)
    assert (fields["origin"], fields["currency"]) == ("lead", "EUR")
    assert fields["occurred_on"] == OPENED_ON
    assert fields["trace"] == lead_trace | {"bid_id": str(bid.id)}


def test_the_estimate_is_prepared_and_revised(given: Given) -> None:
    bid = given(estimate)

    bid.prepare_estimate(
        Decimal("125000.00"), Decimal("80000.00"), "USD", "two sites", DECIDED_ON
    )

    [(kind, fields)] = new_events(bid)
    assert kind == "EstimatePrepared"
    assert (fields["revenue"], fields["cost"]) == (
        Decimal("125000.00"),
        Decimal("80000.00"),
    )
    assert (fields["currency"], fields["solution"]) == ("USD", "two sites")
    assert bid.estimates == fields["estimate_version"] == 2
    assert bid.trace["bid_id"] == str(bid.id)


def test_an_estimate_is_in_the_bid_currency(given: Given) -> None:
    bid = given()

    rule = refused(
        lambda: bid.prepare_estimate(Decimal(1), Decimal(1), "EUR", "x", ESTIMATED_ON)
    )

    assert rule == "estimate-in-bid-currency"
    assert event_types(bid) == []


@pytest.mark.parametrize(
    "steps", [(no_go,), (estimate, go, submit, win), (estimate, go, submit, lose)]
)
def test_an_ended_bid_is_not_estimated(given: Given, steps: tuple[Step, ...]) -> None:
    bid = given(*steps)

    assert refused(lambda: estimate(bid)) == "bid-must-be-open"


def test_business_dates_never_go_backwards(given: Given) -> None:
    bid = given(estimate)

    rule = refused(lambda: bid.decide("bid", None, SPONSOR, date(2024, 4, 4)))

    assert rule == "business-dates-in-order"
    assert event_types(bid) == []


def test_atb_bid_is_decided_on_an_estimate(given: Given) -> None:
    bid = given(estimate)

    go(bid)

    [(kind, fields)] = new_events(bid)
    assert kind == "BidDecided"
    assert fields["decision"] == "bid"
    assert fields["reason"] is None
    assert fields["decided_by"] == "sofia"
    assert fields["decider"] == {"id": "sofia", "role": "sponsor", "level": 4}
    assert fields["inputs"] == {"estimate_version": 1}
    assert bid.status == "bidding"


def test_atb_bid_needs_an_estimate(given: Given) -> None:
    bid = given()

    assert refused(lambda: go(bid)) == "atb-needs-estimate"
    assert event_types(bid) == []


def test_a_no_bid_ends_the_bid_without_an_estimate(given: Given) -> None:
    bid = given()

    no_go(bid)

    [(kind, fields)] = new_events(bid)
    assert kind == "BidDecided"
    assert (fields["decision"], fields["reason"]) == ("no_bid", "no real product need")
    assert (fields["no_bid_reason"], fields["inputs"]) == ("other", {})
    assert bid.status == "no_bid"


@pytest.mark.parametrize("reason", [None, ""])
def test_a_no_bid_says_why(given: Given, reason: str | None) -> None:
    bid = given(estimate)

    rule = refused(lambda: bid.decide("no_bid", reason, SPONSOR, DECIDED_ON))

    assert rule == "no-bid-needs-reason"


@pytest.mark.parametrize("decided", [go, no_go])
def test_atb_is_decided_once(given: Given, decided: Step) -> None:
    bid = given(estimate, decided)

    assert refused(lambda: go(bid)) == "atb-decided-once"
    assert refused(lambda: no_go(bid)) == "atb-decided-once"


def test_a_bid_is_submitted_after_atb_bid(given: Given) -> None:
    bid = given(estimate, go)

    submit(bid)

    [(kind, fields)] = new_events(bid)
    assert kind == "BidSubmitted"
    assert fields["price"] == Decimal("118000.00")
    assert fields["occurred_on"] == SUBMITTED_ON


def test_a_second_quotation_is_submitted_again(given: Given) -> None:
    bid = given(estimate, go, submit)

    bid.submit(Decimal("112000.00"), SUBMITTED_ON)

    assert event_types(bid) == ["BidSubmitted"]
    assert (bid.price, bid.submissions) == (Decimal("112000.00"), 2)


@pytest.mark.parametrize("steps", [(), (estimate,), (no_go,)])
def test_submission_needs_atb_bid(given: Given, steps: tuple[Step, ...]) -> None:
    bid = given(*steps)

    assert refused(lambda: submit(bid)) == "submission-needs-atb-bid"


def test_a_decided_bid_takes_no_more_quotations(given: Given) -> None:
    bid = given(estimate, go, submit, win)

    assert refused(lambda: submit(bid)) == "bid-must-be-open"


def test_a_won_bid_records_its_award(given: Given) -> None:
    bid = given(estimate, go, submit)

    win(bid)

    [(kind, fields)] = new_events(bid)
    assert kind == "BidWon"
    assert (fields["award_value"], fields["currency"]) == (Decimal("115000.00"), "USD")
    assert fields["occurred_on"] == SETTLED_ON
    assert bid.status == "won"


def test_a_won_bid_may_be_awarded_nothing(given: Given) -> None:
    bid = given(estimate, go, submit)

    bid.win(Decimal("0.00"), SETTLED_ON)

    [(_, fields)] = new_events(bid)
    assert str(fields["award_value"]) == "0.00"


def test_a_won_bid_says_what_it_was_awarded(given: Given) -> None:
    bid = given(estimate, go, submit)

    assert refused(lambda: bid.win(None, SETTLED_ON)) == "won-needs-award-value"


def test_a_lost_bid_records_why(given: Given) -> None:
    bid = given(estimate, go, submit)

    lose(bid)

    [(kind, fields)] = new_events(bid)
    assert kind == "BidLost"
    assert fields["reason"] == "price"
    assert bid.status == "lost"


@pytest.mark.parametrize("reason", [None, ""])
def test_a_lost_bid_says_why(given: Given, reason: str | None) -> None:
    bid = given(estimate, go, submit)

    assert refused(lambda: bid.lose(reason, SETTLED_ON)) == "loss-needs-reason"


@pytest.mark.parametrize("steps", [(), (estimate, go), (no_go,)])
def test_an_outcome_needs_a_submission(given: Given, steps: tuple[Step, ...]) -> None:
    bid = given(*steps)

    assert refused(lambda: win(bid)) == "outcome-needs-submission"
    assert refused(lambda: lose(bid)) == "outcome-needs-submission"


@pytest.mark.parametrize("settled", [win, lose])
def test_the_outcome_is_recorded_once(given: Given, settled: Step) -> None:
    bid = given(estimate, go, submit, settled)

    assert refused(lambda: win(bid)) == "outcome-decided-once"
    assert refused(lambda: lose(bid)) == "outcome-decided-once"
    assert event_types(bid) == []
