"""What opportunity-svc's API accepts and answers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field

from ltc_shared.authority import Actor
from ltc_shared.commands import Command
from ltc_shared.money import Currency, NonNegativeAmount, cents
from ltc_shared.text import Name
from opportunity_svc.domain import Opportunity, Origin, Status
from opportunity_svc.schemas_competition import CompetitionView
from opportunity_svc.schemas_matching import MatchingView
from opportunity_svc.schemas_project import (
    CharterView,
    GuidanceView,
    MeetingView,
    Member,
    PaymentFactors,
    RiskView,
    SuccessFactors,
    VerificationView,
)

Text = Annotated[str, Field(max_length=2000)]
Share = Annotated[
    Decimal, Field(ge=0, le=1, max_digits=5, decimal_places=4, allow_inf_nan=False)
]


class OpenOpportunity(Command):
    external_ref: Name = Field(
        description="The opportunity's id in the system it came from; opening "
        "the same reference twice returns the opportunity already open."
    )
    customer: Name
    channel: Name = Field(examples=["direct_sales"])
    business_unit: Name = "default"
    owner: Name = Field(description="The AR who owns the opportunity.")
    product: Name = "unknown"
    region: Name = "unknown"
    expected_value: NonNegativeAmount
    currency: Currency = "USD"
    occurred_on: date


class EvaluateOpportunity(Command):
    win_probability: Share | None = Field(
        None,
        description="The chance to win, from 0 to 1; may be left out when the "
        "success factors are graded, which then set it (their points over 16).",
    )
    expected_value: NonNegativeAmount
    notes: Text = ""
    success_factors: SuccessFactors | None = None
    payment_factors: PaymentFactors | None = None
    occurred_on: date


class RequestInitiation(Command):
    requested_by: Name
    actor: Actor | None = Field(
        None, description="Who files the request; routes take the X-Actor headers."
    )
    occurred_on: date


class IronTriangleNames(Command):
    ar: Name = Field(description="Account responsible")
    sr: Name = Field(description="Solution responsible")
    fr: Name = Field(description="Fulfilment responsible")


class DecideInitiation(Command):
    """The ATI decision; approving it initiates the sales project."""

    approved: bool
    actor: Actor | None = Field(
        None,
        description="The decider: a sponsor whose level reaches the project's "
        "tier; routes take the X-Actor headers.",
    )
    decided_by: Name | None = Field(
        None, description="Kept for older clients; the decider is `actor`."
    )
    sponsor: Name | None = Field(
        None, description="Required when approved: who authorises the team."
    )
    iron_triangle: IronTriangleNames | None = Field(
        None, description="Required when approved."
    )
    reason: Name | None = Field(None, description="Required when not approved.")
    occurred_on: date


class LoseOpportunity(Command):
    reason: Name
    occurred_on: date


class OpportunityView(BaseModel):
    id: UUID
    version: int
    status: Status
    origin: Origin
    lead_id: UUID | None
    external_ref: str | None
    customer: str
    channel: str
    business_unit: str
    owner: str
    product: str
    region: str
    expected_value: Decimal
    currency: str
    win_probability: Decimal | None
    evaluations: int
    opened_on: date
    last_step_on: date
    requested_by: str | None
    decided_by: str | None
    sponsor: str | None
    iron_triangle: dict[str, str] | None
    rejection_reason: str | None
    loss_reason: str | None
    weighted_value: Decimal | None = Field(
        description="expected_value x win_probability, in cents; none until evaluated."
    )
    success_factors: dict[str, str] | None
    payment_factors: dict[str, str] | None
    payment_capability: Decimal | None
    tier: int
    project_type: dict[str, str] | None
    verification: VerificationView | None
    requester: Actor | None
    decider: Actor | None
    team: list[Member]
    project_manager: str | None
    charter: CharterView | None
    risks: list[RiskView]
    risk_register_version: int
    guidance: dict[str, GuidanceView]
    meetings: list[MeetingView]
    pending_bids: list[str]
    bids: dict[str, str]
    trace: dict[str, str]
    matching: MatchingView = Field(description="The buy/sell point matching.")
    competition: CompetitionView = Field(
        description="Competitors and the customer's selection criteria."
    )

    @classmethod
    def of(cls, opportunity: Opportunity) -> OpportunityView:
        o = opportunity
        scores = o.scores or {}
        return cls(
            id=o.id,
            version=o.version,
            status=o.status,
            origin=o.origin,
            lead_id=o.lead_id,
            external_ref=o.external_ref,
            customer=o.customer,
            channel=o.channel,
            business_unit=o.business_unit,
            owner=o.owner,
            product=o.product,
            region=o.region,
            expected_value=o.expected_value,
            currency=o.currency,
            win_probability=o.win_probability,
            evaluations=o.evaluations,
            opened_on=o.opened_on,
            last_step_on=o.last_step_on,
            requested_by=o.requested_by,
            decided_by=o.decided_by,
            sponsor=o.sponsor,
            iron_triangle=o.iron_triangle,
            rejection_reason=o.rejection_reason,
            loss_reason=o.loss_reason,
            weighted_value=_weighted(o),
            success_factors=scores.get("success_factors"),
            payment_factors=scores.get("payment_factors"),
            payment_capability=scores.get("payment_capability"),
            tier=o.tier,
            project_type=o.project_type,
            verification=o.verification,
            requester=o.requester,
            decider=o.decider,
            team=o.team,
            project_manager=o.project_manager,
            charter=o.charter,
            risks=[{"risk_id": k} | r for k, r in o.risks.items()],
            risk_register_version=o.risk_register_version,
            guidance=o.guidance,
            meetings=o.meetings,
            pending_bids=o.pending_bids,
            bids=o.bids,
            trace=o.trace,
            matching=MatchingView.of(o),
            competition=CompetitionView.of(o),
        )


def _weighted(opportunity: Opportunity) -> Decimal | None:
    """The opportunity's weight in the pipeline."""
    if opportunity.win_probability is None:
        return None
    return cents(opportunity.expected_value * opportunity.win_probability)
