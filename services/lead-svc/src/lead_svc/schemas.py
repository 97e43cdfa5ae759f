"""What lead-svc's API accepts and answers."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field

from lead_svc.domain import Lead, Maturity, Status
from ltc_shared.commands import Command
from ltc_shared.money import Currency, NonNegativeAmount

Name = Annotated[str, Field(min_length=1, max_length=200)]


class CaptureLead(Command):
    external_ref: Name = Field(
        description="The lead's id in the system it came from; capturing the "
        "same reference twice returns the lead already captured."
    )
    customer: Name
    channel: Name = Field(examples=["paid_search"])
    business_unit: Name = "default"
    product: Name = "unknown"
    region: Name = "unknown"
    pain_points: list[Name] = Field(default_factory=list)
    first_contact_on: date


class AssignLead(Command):
    owner: Name
    occurred_on: date


class GradeLead(Command):
    maturity: Maturity
    occurred_on: date


class NurtureLead(Command):
    note: Annotated[str, Field(min_length=1, max_length=2000)]
    next_step: Name | None = None
    occurred_on: date


class OpportunityCriteria(Command):
    in_purchasing_process: bool
    has_investment_plan: bool
    can_take_part: bool


class QualifyLead(Command):
    criteria: OpportunityCriteria
    expected_value: NonNegativeAmount
    currency: Currency = "USD"
    occurred_on: date


class DropLead(Command):
    reason: Name
    occurred_on: date


class LeadView(BaseModel):
    id: UUID
    version: int
    status: Status
    customer: str
    channel: str
    business_unit: str
    product: str
    region: str
    pain_points: list[str]
    first_contact_on: date
    owner: str | None
    maturity: Maturity | None
    touches: int
    drop_reason: str | None
    trace: dict[str, str]

    @classmethod
    def of(cls, lead: Lead) -> LeadView:
        return cls(
            id=lead.id,
            version=lead.version,
            status=lead.status,
            customer=lead.customer,
            channel=lead.channel,
            business_unit=lead.business_unit,
            product=lead.product,
            region=lead.region,
            pain_points=lead.pain_points,
            first_contact_on=lead.first_contact_on,
            owner=lead.owner,
            maturity=lead.maturity,
            touches=lead.touches,
            drop_reason=lead.drop_reason,
            trace=lead.trace,
        )
