"""What opportunity-svc's API accepts and answers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field

from ltc_shared.commands import Command
from ltc_shared.money import Currency, NonNegativeAmount
from opportunity_svc.domain import Opportunity, Origin, Status

Name = Annotated[str, Field(min_length=1, max_length=200)]
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
    win_probability: Share = Field(description="The chance to win, from 0 to 1.")
    expected_value: NonNegativeAmount
    notes: Text = ""
    occurred_on: date


class RequestInitiation(Command):
    requested_by: Name
    occurred_on: date


class IronTriangleNames(Command):
    ar: Name = Field(description="Account responsible")
    sr: Name = Field(description="Solution responsible")
    fr: Name = Field(description="Fulfilment responsible")


class DecideInitiation(Command):
    """The ATI decision; approving it initiates the sales project."""

    approved: bool
    decided_by: Name
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
    trace: dict[str, str]

    @classmethod
    def of(cls, opportunity: Opportunity) -> OpportunityView:
        o = opportunity
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
            trace=o.trace,
        )
