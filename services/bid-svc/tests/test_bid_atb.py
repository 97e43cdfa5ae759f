"""The ATB decision: who may take it, what it saw, and the reasons of a no-bid."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from bid_svc.domain import Bid, NoBidReason
from ltc_shared.authority import Actor
from ltc_shared.errors import Forbidden, RuleViolated
from ltc_shared.testing import event_types, new_events

ESTIMATED_ON = date(2024, 4, 5)
REVIEWED_ON = date(2024, 4, 6)
DECIDED_ON = date(2024, 4, 8)
SPONSOR = Actor(id="sofia", role="sponsor", level=4)
REGIONAL_SPONSOR = Actor(id="rob", role="sponsor", level=3)

Given = Callable[..., Bid]


def estimate(b: Bid) -> None:
    b.prepare_estimate(
        Decimal("120000.00"), Decimal("84000.00"), "USD", "three sites", ESTIMATED_ON
    )


def passed(b: Bid) -> None:
    b.review_solution("Rita", ["keep the third site optional"], "pass", REVIEWED_ON)


def refused(run: Callable[[], None]) -> str:
    with pytest.raises(RuleViolated) as caught:
        run()
    return str(caught.value.rule)


def forbidden(run: Callable[[], None]) -> str:
    with pytest.raises(Forbidden) as caught:
        run()
    return str(caught.value.rule)


def test_the_decision_records_its_decider_and_the_estimate_it_saw(
    given: Given,
) -> None:
    bid = given(estimate, estimate, passed, tier=3)

    bid.decide("bid", "fits the plan", REGIONAL_SPONSOR, DECIDED_ON, estimate_version=2)

    [(kind, fields)] = new_events(bid)
    assert kind == "BidDecided"
    assert (fields["decision"], fields["decided_by"]) == ("bid", "rob")
    assert fields["decider"] == {"id": "rob", "role": "sponsor", "level": 3}
    assert fields["inputs"] == {"estimate_version": 2}
    assert fields["no_bid_reason"] is None


@pytest.mark.parametrize(
    ("actor", "rule"),
    [
        (None, "atb-needs-decider"),
        (Actor(id="ana", role="ar", level=4), "atb-role"),
        (Actor(id="rob", role="sponsor", level=2), "atb-level"),
    ],
)
def test_the_atb_is_taken_by_a_sponsor_of_the_projects_level(
    given: Given, actor: Actor | None, rule: str
) -> None:
    bid = given(estimate, passed, tier=3)

    assert forbidden(lambda: bid.decide("bid", None, actor, DECIDED_ON)) == rule
    assert event_types(bid) == []
    assert bid.decision is None


def test_above_tier_1_a_bid_needs_a_passed_review(given: Given) -> None:
    bid = given(estimate, tier=2)

    rule = refused(lambda: bid.decide("bid", None, SPONSOR, DECIDED_ON))

    assert rule == "atb-needs-passed-review"
    assert event_types(bid) == []


def test_a_review_sent_back_does_not_authorise_a_bid(given: Given) -> None:
    bid = given(estimate, tier=2)
    bid.review_solution("Rita", ["too dear"], "revise", REVIEWED_ON)

    rule = refused(lambda: bid.decide("bid", None, SPONSOR, DECIDED_ON))

    assert rule == "atb-needs-passed-review"


def test_an_ordinary_bid_needs_no_review(given: Given) -> None:
    bid = given(estimate)

    bid.decide("bid", None, SPONSOR, DECIDED_ON)

    assert event_types(bid) == ["BidDecided"]


def test_the_decision_is_on_the_current_estimate(given: Given) -> None:
    bid = given(estimate, estimate)

    rule = refused(
        lambda: bid.decide("bid", None, SPONSOR, DECIDED_ON, estimate_version=1)
    )

    assert rule == "atb-on-current-estimate"
    assert event_types(bid) == []


@pytest.mark.parametrize(
    "reason",
    [
        "customer rejects our product or solution",
        "does not fit the sales strategy",
        "no real product need",
    ],
)
def test_a_no_bid_names_one_of_the_known_reasons(
    given: Given, reason: NoBidReason
) -> None:
    bid = given()

    bid.decide("no_bid", None, SPONSOR, DECIDED_ON, no_bid_reason=reason)

    [(kind, fields)] = new_events(bid)
    assert (kind, fields["no_bid_reason"], fields["reason"]) == (
        "BidDecided",
        reason,
        reason,
    )
    assert bid.status == "no_bid"


def test_a_no_bid_for_another_reason_says_which(given: Given) -> None:
    bid = given()

    bid.decide(
        "no_bid", "tender closes too soon", SPONSOR, DECIDED_ON, no_bid_reason="other"
    )

    [(_, fields)] = new_events(bid)
    assert (fields["no_bid_reason"], fields["reason"]) == (
        "other",
        "tender closes too soon",
    )


def test_a_no_bid_other_without_text_is_refused(given: Given) -> None:
    bid = given()

    rule = refused(
        lambda: bid.decide("no_bid", None, SPONSOR, DECIDED_ON, no_bid_reason="other")
    )

    assert rule == "no-bid-other-needs-text"
    assert event_types(bid) == []


def test_a_bid_decision_gives_no_no_bid_reason(given: Given) -> None:
    bid = given(estimate)

    rule = refused(
        lambda: bid.decide(
            "bid", None, SPONSOR, DECIDED_ON, no_bid_reason="no real product need"
        )
    )

    assert rule == "no-bid-reason-for-no-bid-only"
