"""The bid feedback form: after submission, during the opening or after the
outcome, what the customer said of our price, solution and relationship, and
the lessons drawn; given events, when a command, then events or the rule."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import httpx
import pytest

from bid_svc.domain import Bid
from ltc_shared.authority import Actor
from ltc_shared.errors import RuleViolated
from ltc_shared.service import ServiceParts
from ltc_shared.testing import new_events

SPONSOR = Actor(id="sofia", role="sponsor", level=4)
ON = date(2024, 4, 20)
Given = Callable[..., Bid]
Step = Callable[[Bid], None]


def go(b: Bid) -> None:
    b.prepare_estimate(Decimal("100.00"), Decimal("60.00"), "USD", "x", ON)
    b.decide("bid", None, SPONSOR, ON)


def submit(b: Bid) -> None:
    b.submit(Decimal("95.00"), ON)


def lose(b: Bid) -> None:
    b.lose("price", ON)


def feedback(bid: Bid, price: str | None = "10 % above the winner") -> None:
    bid.record_feedback(
        "cio.kim", price, "strong", None, "quote the service yearly", ON
    )


@pytest.mark.parametrize(
    ("steps", "stage"), [((go, submit), "submitted"), ((go, submit, lose), "lost")]
)
def test_the_customer_feedback_is_kept_after_submission(
    given: Given, steps: tuple[Step, ...], stage: str
) -> None:
    bid = given(*steps)

    feedback(bid)

    [(kind, fields)] = new_events(bid)
    assert kind == "BidFeedbackRecorded"
    assert (fields["price"], fields["solution"], fields["stage"]) == (
        "10 % above the winner",
        "strong",
        stage,
    )
    assert bid.feedback[0].lessons == "quote the service yearly"


@pytest.mark.parametrize("steps", [(), (go,)])
def test_there_is_no_feedback_before_submission(
    given: Given, steps: tuple[Step, ...]
) -> None:
    bid = given(*steps)

    with pytest.raises(RuleViolated) as caught:
        feedback(bid)

    assert caught.value.rule == "feedback-after-submission"
    assert new_events(bid) == []


def test_feedback_says_something_of_price_solution_or_relationship(
    given: Given,
) -> None:
    bid = given(go, submit)

    with pytest.raises(RuleViolated) as caught:
        bid.record_feedback("cio.kim", None, None, None, "lessons only", ON)

    assert caught.value.rule == "feedback-says-something"


async def test_the_feedback_form_through_the_api(
    client: httpx.AsyncClient,
    opened: str,
    parts: ServiceParts,
    sponsor: dict[str, str],
) -> None:
    on = {"occurred_on": "2024-04-10"}
    form = {"customer_contact": "cio.kim", "relationship": "trusted"} | on
    early = await client.post(f"{opened}/feedback", json=form)
    assert (early.status_code, early.json()["rule"]) == (
        409,
        "feedback-after-submission",
    )
    estimate = {"revenue": "100.00", "cost": "60.00", "solution": "x"}
    for path, body in [("estimate", estimate), ("atb", {"decision": "bid"}),
                       ("submission", {"price": "95.00"})]:  # fmt: skip
        answer = await client.post(f"{opened}/{path}", json=body | on, headers=sponsor)
        assert answer.status_code == 200, answer.text

    answer = await client.post(f"{opened}/feedback", json=form)

    assert answer.status_code == 200, answer.text
    [entry] = answer.json()["feedback"]
    assert (entry["relationship"], entry["stage"]) == ("trusted", "submitted")
    stored = parts.store.recorder.max_notification_id()
    invalid = await client.post(f"{opened}/feedback", json=form | {"price": ""})
    assert (invalid.status_code, invalid.json()["errors"][0]["field"]) == (
        422,
        "body.price",
    )
    assert parts.store.recorder.max_notification_id() == stored
