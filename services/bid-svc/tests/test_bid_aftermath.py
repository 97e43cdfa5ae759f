"""After the outcome (recovery, revisit, post-bid review) and withdrawal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from bid_svc.domain import Bid
from ltc_shared.authority import Actor
from ltc_shared.errors import Forbidden, RuleViolated
from ltc_shared.testing import event_types, new_events

ESTIMATED_ON = date(2024, 4, 5)
DECIDED_ON = date(2024, 4, 8)
SUBMITTED_ON = date(2024, 4, 15)
SETTLED_ON = date(2024, 5, 20)
AFTER_ON = date(2024, 6, 3)
SPONSOR = Actor(id="sofia", role="sponsor", level=4)
SAM = Actor(id="Sam", role="sr")

Given = Callable[..., Bid]
Step = Callable[[Bid], None]


def estimate(b: Bid) -> None:
    b.prepare_estimate(
        Decimal("120000.00"), Decimal("84000.00"), "USD", "three sites", ESTIMATED_ON
    )


def go(b: Bid) -> None:
    b.decide("bid", None, SPONSOR, DECIDED_ON)


def no_go(b: Bid) -> None:
    b.decide("no_bid", None, SPONSOR, DECIDED_ON, no_bid_reason="no real product need")


def submit(b: Bid) -> None:
    b.submit(Decimal("118000.00"), SUBMITTED_ON)


def win(b: Bid) -> None:
    b.win(Decimal("115000.00"), SETTLED_ON)


def lose(b: Bid) -> None:
    b.lose("price", SETTLED_ON)


def withdraw(b: Bid) -> None:
    b.withdraw("customer cancelled the tender", SETTLED_ON)


def refused(run: Callable[[], None]) -> str:
    with pytest.raises(RuleViolated) as caught:
        run()
    return str(caught.value.rule)


def test_a_lost_bid_is_tried_again(given: Given) -> None:
    bid = given(estimate, go, submit, lose)

    bid.attempt_loss_recovery("offer a pilot", "customer declined", AFTER_ON)

    [(kind, fields)] = new_events(bid)
    assert kind == "LossRecoveryAttempted"
    assert (fields["action"], fields["result"]) == (
        "offer a pilot",
        "customer declined",
    )
    assert bid.status == "lost"


@pytest.mark.parametrize("steps", [(estimate, go, submit), (estimate, go, submit, win)])
def test_only_a_lost_bid_is_recovered(given: Given, steps: tuple[Step, ...]) -> None:
    bid = given(*steps)

    rule = refused(lambda: bid.attempt_loss_recovery("a", "b", AFTER_ON))

    assert rule == "recovery-needs-loss"
    assert event_types(bid) == []


@pytest.mark.parametrize("outcome", [win, lose])
def test_the_customer_is_revisited_after_the_outcome(
    given: Given, outcome: Step
) -> None:
    bid = given(estimate, go, submit, outcome)

    bid.revisit_customer("thanked the CIO; next tender in Q3", AFTER_ON)

    [(kind, fields)] = new_events(bid)
    assert (kind, fields["notes"]) == (
        "CustomerRevisited",
        "thanked the CIO; next tender in Q3",
    )


def test_a_revisit_waits_for_the_outcome(given: Given) -> None:
    bid = given(estimate, go, submit)

    rule = refused(lambda: bid.revisit_customer("too early", AFTER_ON))

    assert rule == "revisit-after-outcome"


def test_the_sr_writes_the_post_bid_review(given: Given) -> None:
    bid = given(estimate, go, submit, lose)

    bid.write_post_bid_review("price the service, not the boxes", SAM, AFTER_ON)

    [(kind, fields)] = new_events(bid)
    assert kind == "PostBidReviewWritten"
    assert (fields["lessons"], fields["by"]) == (
        "price the service, not the boxes",
        "Sam",
    )
    assert fields["occurred_on"] == AFTER_ON


@pytest.mark.parametrize("steps", [(estimate, go, submit), (no_go,)])
def test_a_post_bid_review_follows_an_outcome(
    given: Given, steps: tuple[Step, ...]
) -> None:
    bid = given(*steps)

    rule = refused(lambda: bid.write_post_bid_review("x", SAM, AFTER_ON))

    assert rule == "review-after-outcome"


@pytest.mark.parametrize("steps", [(), (estimate, go), (estimate, go, submit)])
def test_a_pending_bid_is_withdrawn(given: Given, steps: tuple[Step, ...]) -> None:
    bid = given(*steps)

    withdraw(bid)

    [(kind, fields)] = new_events(bid)
    assert (kind, fields["reason"]) == ("BidWithdrawn", "customer cancelled the tender")
    assert fields["occurred_on"] == SETTLED_ON
    assert bid.status == "withdrawn"


@pytest.mark.parametrize(
    "steps",
    [(no_go,), (estimate, go, submit, win), (estimate, go, submit, lose), (withdraw,)],
)
def test_only_a_pending_bid_is_withdrawn(given: Given, steps: tuple[Step, ...]) -> None:
    bid = given(*steps)

    assert refused(lambda: withdraw(bid)) == "withdrawal-before-outcome"
    assert event_types(bid) == []


def test_a_withdrawn_bid_takes_no_more_steps(given: Given) -> None:
    bid = given(estimate, go, withdraw)

    assert refused(lambda: submit(bid)) == "bid-must-be-open"


def test_the_post_bid_review_is_written_by_the_projects_sr(given: Given) -> None:
    bid = given(estimate, go, submit, lose, sr="Sam")

    with pytest.raises(Forbidden) as caught:
        bid.write_post_bid_review("x", Actor(id="Ana", role="sr"), AFTER_ON)

    assert caught.value.rule == "post-bid-review-named-sr"
    assert event_types(bid) == []
