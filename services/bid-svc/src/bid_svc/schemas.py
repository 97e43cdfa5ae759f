"""What bid-svc's API accepts and answers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field

from bid_svc.domain import Bid, Decision, Status
from ltc_shared.commands import Command
from ltc_shared.money import Currency, NonNegativeAmount

Name = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]


class PrepareEstimate(Command):
    """The estimate made with the solution: what we expect to earn and spend."""

    revenue: NonNegativeAmount
    cost: NonNegativeAmount
    currency: Currency = "USD"
    solution: Text = Field(description="The solution the estimate prices.")
    occurred_on: date


class DecideBid(Command):
    """The ATB decision."""

    decision: Decision
    reason: Name | None = Field(None, description="Required for a no-bid.")
    decided_by: Name
    occurred_on: date


class SubmitBid(Command):
    price: NonNegativeAmount = Field(description="The quoted price.")
    occurred_on: date


class RecordOutcome(Command):
    won: bool
    award_value: NonNegativeAmount | None = Field(
        None, description="Required when won."
    )
    reason: Name | None = Field(None, description="Required when lost.")
    occurred_on: date


class EstimateView(BaseModel):
    revenue: Decimal
    cost: Decimal
    margin: Decimal
    solution: str


class BidView(BaseModel):
    id: UUID
    version: int
    status: Status
    opportunity_id: UUID
    origin: str
    customer: str
    channel: str
    business_unit: str
    owner: str
    product: str
    region: str
    currency: str
    estimate: EstimateView | None
    estimates: int
    decision: Decision | None
    decision_reason: str | None
    decided_by: str | None
    price: Decimal | None
    submissions: int
    award_value: Decimal | None
    loss_reason: str | None
    opened_on: date
    last_step_on: date
    trace: dict[str, str]

    @classmethod
    def of(cls, bid: Bid) -> BidView:
        estimate = None
        if bid.revenue is not None and bid.cost is not None:
            estimate = EstimateView(
                revenue=bid.revenue,
                cost=bid.cost,
                margin=bid.revenue - bid.cost,
                solution=bid.solution or "",
            )
        return cls(
            id=bid.id,
            version=bid.version,
            status=bid.status,
            opportunity_id=bid.opportunity_id,
            origin=bid.origin,
            customer=bid.customer,
            channel=bid.channel,
            business_unit=bid.business_unit,
            owner=bid.owner,
            product=bid.product,
            region=bid.region,
            currency=bid.currency,
            estimate=estimate,
            estimates=bid.estimates,
            decision=bid.decision,
            decision_reason=bid.decision_reason,
            decided_by=bid.decided_by,
            price=bid.price,
            submissions=bid.submissions,
            award_value=bid.award_value,
            loss_reason=bid.loss_reason,
            opened_on=bid.opened_on,
            last_step_on=bid.last_step_on,
            trace=bid.trace,
        )
