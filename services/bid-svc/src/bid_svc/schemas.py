"""What bid-svc's API accepts and answers."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from bid_svc.domain import BidDocument, Decision, DeviationKind, NoBidReason, Verdict
from bid_svc.views import BidView
from ltc_shared.authority import Actor
from ltc_shared.commands import Command
from ltc_shared.money import Currency, NonNegativeAmount
from ltc_shared.text import Name

__all__ = ["BidView"]

Text = Annotated[str, Field(min_length=1, max_length=2000)]
CALLER_ONLY = (
    "Kept for older clients and ignored: the work is recorded as the caller's "
    "(X-Actor headers), who must be the person the project named for the role."
)


class PrepareEstimate(Command):
    """The estimate made with the solution: what we expect to earn and spend."""

    revenue: NonNegativeAmount
    cost: NonNegativeAmount
    currency: Currency = "USD"
    solution: Text = Field(description="The solution the estimate prices.")
    occurred_on: date


class DecideBid(Command):
    """The ATB decision, taken by the calling actor (the sales decision team's
    sponsor) at a level that reaches the project's tier."""

    decision: Decision
    reason: Name | None = Field(
        None,
        description="Why; a no-bid needs this or `no_bid_reason`, and this "
        "text when that is 'other'.",
    )
    no_bid_reason: NoBidReason | None = None
    estimate_version: int | None = Field(
        None, ge=1, description="The estimate version the decider saw."
    )
    decided_by: Name | None = Field(
        None,
        description="Kept for older clients; the decision records the actor.",
    )
    actor: Actor | None = None
    occurred_on: date


class SubmitBid(Command):
    price: NonNegativeAmount | None = Field(
        None, description="The quoted price; the set price when left out."
    )
    occurred_on: date


class RecordOutcome(Command):
    won: bool
    award_value: NonNegativeAmount | None = Field(
        None, description="Required when won."
    )
    reason: Name | None = Field(None, description="Required when lost.")
    occurred_on: date


class SetSolutionStrategy(Command):
    """The SR's overall solution strategy, set by the project's SR."""

    summary: Text
    by: Name | None = Field(None, description=CALLER_ONLY)
    actor: Actor | None = None
    occurred_on: date


class ReviewSolution(Command):
    reviewer: Name
    opinions: list[Text] = Field(
        default_factory=list, description="Required when the verdict is revise."
    )
    verdict: Verdict
    occurred_on: date


class RecordDeviation(Command):
    """Where the bid departs from a clause of the tender documents."""

    kind: DeviationKind
    clause: Name
    deviation: Text
    justification: Text
    occurred_on: date


class SetPrice(Command):
    price: NonNegativeAmount
    strategy: Text = Field(description="The pricing strategy behind the price.")
    by: Name | None = Field(None, description=CALLER_ONLY)
    actor: Actor | None = None
    occurred_on: date


class PrepareBidDocument(Command):
    document: BidDocument
    reference: Name = Field(description="Where the document is kept.")
    occurred_on: date


class AnswerClarification(Command):
    question: Text
    answer: Text
    occurred_on: date


class SubmitSecondQuotation(Command):
    price: NonNegativeAmount
    occurred_on: date


class AttemptLossRecovery(Command):
    action: Text
    result: Text
    occurred_on: date


class RecordCustomerRevisit(Command):
    notes: Text
    occurred_on: date


class RecordBidFeedback(Command):
    """The bid feedback form: the customer's word on our price, solution and
    relationship (one of them at least), and our lessons."""

    customer_contact: Name = Field(description="Who at the customer said it.")
    price: Text | None = None
    solution: Text | None = None
    relationship: Text | None = None
    lessons: Text | None = None
    occurred_on: date


class WritePostBidReview(Command):
    """The SR's lessons from the bid, for later projects."""

    lessons: Text
    by: Name | None = Field(None, description=CALLER_ONLY)
    actor: Actor | None = None
    occurred_on: date


class WithdrawBid(Command):
    reason: Name
    occurred_on: date
