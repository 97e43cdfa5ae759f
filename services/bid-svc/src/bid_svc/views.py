"""What bid-svc's API answers: the bid as the bid team's workbench shows it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel

from bid_svc.domain import (
    Bid,
    BidDocument,
    BidFeedback,
    Clarification,
    Decision,
    Deviation,
    LossRecovery,
    NoBidReason,
    PostBidReview,
    Revisit,
    SolutionReview,
    Status,
)


class EstimateView(BaseModel):
    revenue: Decimal
    cost: Decimal
    margin: Decimal
    solution: str
    version: int


class StrategyView(BaseModel):
    summary: str
    by: str | None


class PriceView(BaseModel):
    price: Decimal
    strategy: str | None
    by: str | None


class BidView(BaseModel):
    id: UUID
    version: int
    status: Status
    tier: int
    sr: str | None
    opportunity_id: UUID
    origin: str
    customer: str
    channel: str
    business_unit: str
    owner: str
    product: str
    region: str
    currency: str
    solution_strategy: StrategyView | None
    estimate: EstimateView | None
    estimates: int
    reviews: list[SolutionReview]
    review_passed: bool
    decision: Decision | None
    decision_reason: str | None
    no_bid_reason: NoBidReason | None
    decided_by: str | None
    decider: dict[str, Any] | None
    decision_inputs: dict[str, int]
    deviations: list[Deviation]
    set_price: PriceView | None
    documents: dict[str, str]
    missing_documents: list[BidDocument]
    price: Decimal | None
    submissions: int
    clarifications: list[Clarification]
    second_quotation: Decimal | None
    award_value: Decimal | None
    loss_reason: str | None
    loss_recoveries: list[LossRecovery]
    customer_revisits: list[Revisit]
    post_bid_reviews: list[PostBidReview]
    feedback: list[BidFeedback]
    withdrawal_reason: str | None
    opened_on: date
    last_step_on: date
    trace: dict[str, str]

    @classmethod
    def of(cls, bid: Bid) -> BidView:
        return cls(
            id=bid.id,
            version=bid.version,
            status=bid.status,
            tier=bid.tier,
            sr=bid.sr,
            opportunity_id=bid.opportunity_id,
            origin=bid.origin,
            customer=bid.customer,
            channel=bid.channel,
            business_unit=bid.business_unit,
            owner=bid.owner,
            product=bid.product,
            region=bid.region,
            currency=bid.currency,
            solution_strategy=_strategy(bid),
            estimate=_estimate(bid),
            estimates=bid.estimates,
            reviews=bid.reviews,
            review_passed=bid.passed_review is not None,
            decision=bid.decision,
            decision_reason=bid.decision_reason,
            no_bid_reason=bid.no_bid_reason,
            decided_by=bid.decided_by,
            decider=bid.decider,
            decision_inputs=bid.decision_inputs,
            deviations=bid.deviations,
            set_price=_set_price(bid),
            documents=bid.documents,
            missing_documents=bid.missing_documents,
            price=bid.price,
            submissions=bid.submissions,
            clarifications=bid.clarifications,
            second_quotation=bid.second_quotation,
            award_value=bid.award_value,
            loss_reason=bid.loss_reason,
            loss_recoveries=bid.recoveries,
            customer_revisits=bid.revisits,
            post_bid_reviews=bid.post_bid_reviews,
            feedback=bid.feedback,
            withdrawal_reason=bid.withdrawal_reason,
            opened_on=bid.opened_on,
            last_step_on=bid.last_step_on,
            trace=bid.trace,
        )


def _estimate(bid: Bid) -> EstimateView | None:
    if bid.revenue is None or bid.cost is None:
        return None
    return EstimateView(
        revenue=bid.revenue,
        cost=bid.cost,
        margin=bid.revenue - bid.cost,
        solution=bid.solution or "",
        version=bid.estimates,
    )


def _strategy(bid: Bid) -> StrategyView | None:
    if bid.strategy is None:
        return None
    return StrategyView(summary=bid.strategy, by=bid.strategy_by)


def _set_price(bid: Bid) -> PriceView | None:
    if bid.priced_at is None:
        return None
    return PriceView(price=bid.priced_at, strategy=bid.price_strategy, by=bid.priced_by)
