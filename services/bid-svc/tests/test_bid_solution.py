"""The SR's solution strategy and the solution review, given events, when a
command, then new events (or the rule that refused it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from bid_svc.domain import Bid
from ltc_shared.authority import Actor
from ltc_shared.errors import Forbidden, RuleViolated
from ltc_shared.testing import event_types, new_events

STRATEGY_ON = date(2024, 4, 3)
ESTIMATED_ON = date(2024, 4, 5)
REVIEWED_ON = date(2024, 4, 6)
DECIDED_ON = date(2024, 4, 8)
SPONSOR = Actor(id="sofia", role="sponsor", level=4)
SAM = Actor(id="Sam", role="sr")

Given = Callable[..., Bid]


def strategy(b: Bid) -> None:
    b.set_strategy("lead on managed service, not boxes", SAM, STRATEGY_ON)


def estimate(b: Bid) -> None:
    b.prepare_estimate(
        Decimal("120000.00"), Decimal("84000.00"), "USD", "three sites", ESTIMATED_ON
    )


def passed(b: Bid) -> None:
    b.review_solution("Rita", [], "pass", REVIEWED_ON)


def sent_back(b: Bid) -> None:
    b.review_solution("Rita", ["price the third site"], "revise", REVIEWED_ON)


def go(b: Bid) -> None:
    b.decide("bid", None, SPONSOR, DECIDED_ON)


def refused(run: Callable[[], None]) -> str:
    with pytest.raises(RuleViolated) as caught:
        run()
    return str(caught.value.rule)


def test_the_sr_sets_the_solution_strategy(given: Given) -> None:
    bid = given()

    strategy(bid)

    [(kind, fields)] = new_events(bid)
    assert kind == "SolutionStrategySet"
    assert (fields["summary"], fields["by"]) == (
        "lead on managed service, not boxes",
        "Sam",
    )
    assert fields["occurred_on"] == STRATEGY_ON
    assert fields["trace"]["bid_id"] == str(bid.id)
    assert bid.strategy_by == "Sam"


def test_the_strategy_is_set_before_the_atb(given: Given) -> None:
    bid = given(estimate, go)

    assert refused(lambda: strategy(bid)) == "solution-before-atb"
    assert event_types(bid) == []


def test_a_review_passes_the_current_estimate(given: Given) -> None:
    bid = given(strategy, estimate)

    passed(bid)

    [(kind, fields)] = new_events(bid)
    assert kind == "SolutionReviewed"
    assert (fields["reviewer"], fields["verdict"]) == ("Rita", "pass")
    assert (fields["opinions"], fields["estimate_version"]) == ([], 1)
    assert bid.passed_review is not None


def test_a_review_sends_the_solution_back_with_opinions(given: Given) -> None:
    bid = given(estimate)

    sent_back(bid)

    [(kind, fields)] = new_events(bid)
    assert (kind, fields["verdict"]) == ("SolutionReviewed", "revise")
    assert fields["opinions"] == ["price the third site"]
    assert bid.passed_review is None


def test_a_review_that_sends_back_says_what_to_revise(given: Given) -> None:
    bid = given(estimate)

    rule = refused(lambda: bid.review_solution("Rita", [], "revise", REVIEWED_ON))

    assert rule == "revise-needs-opinions"
    assert event_types(bid) == []


def test_a_review_needs_an_estimate(given: Given) -> None:
    bid = given(strategy)

    assert refused(lambda: passed(bid)) == "review-needs-estimate"
    assert event_types(bid) == []


def test_a_review_comes_before_the_atb(given: Given) -> None:
    bid = given(estimate, go)

    assert refused(lambda: passed(bid)) == "solution-before-atb"


def test_a_revised_estimate_needs_a_new_review(given: Given) -> None:
    bid = given(estimate, passed, tier=2)
    bid.prepare_estimate(Decimal(130000), Decimal(90000), "USD", "x", REVIEWED_ON)

    assert bid.passed_review is None
    assert refused(lambda: go(bid)) == "atb-needs-passed-review"


def test_a_review_keeps_business_dates_in_order(given: Given) -> None:
    bid = given(estimate)

    rule = refused(lambda: bid.review_solution("Rita", [], "pass", STRATEGY_ON))

    assert rule == "business-dates-in-order"


@pytest.mark.parametrize(
    ("caller", "rule"),
    [
        (Actor(id="Sid", role="sr"), "solution-strategy-named-sr"),
        (Actor(id="Sam", role="ar"), "solution-strategy-role"),
        (None, "solution-strategy-needs-decider"),
    ],
)
def test_the_strategy_is_set_by_the_projects_sr(
    given: Given, caller: Actor | None, rule: str
) -> None:
    bid = given(sr="Sam")

    with pytest.raises(Forbidden) as caught:
        bid.set_strategy("boxes", caller, STRATEGY_ON)

    assert caught.value.rule == rule
    assert event_types(bid) == []
