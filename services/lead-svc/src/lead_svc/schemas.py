"""What lead-svc's API accepts and answers."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from lead_svc.domain import Lead, Maturity, Status
from lead_svc.domain.rules import Consensus, SolutionMaturity, Urgency
from ltc_shared.commands import Command
from ltc_shared.money import Currency, NonNegativeAmount
from ltc_shared.text import Name

Text = Annotated[str, Field(min_length=1, max_length=2000)]


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
    need: Name | None = Field(
        None,
        description="What the customer needs; a lead of the same customer and "
        "need as an open lead is captured flagged as its possible duplicate.",
    )
    industry: Name | None = None


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
    next_step_on: date | None = None
    window_ends_on: date | None = Field(
        None, description="When the customer's time window for buying closes."
    )


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


class MergeLead(Command):
    into: UUID = Field(description="The lead this one duplicates.")
    occurred_on: date


class GenerateLead(Command):
    generated_by: Name = Field(description="The lead management owner.")
    occurred_on: date


class LeadCriteria(Command):
    specific_customer: bool
    purchase_intent: bool
    can_take_part: bool


class VerifyLead(Command):
    criteria: LeadCriteria
    verified_by: Name = Field(description="Who speaks for the evaluation group.")
    occurred_on: date


class OwnerCandidate(Command):
    name: Name
    regions: list[Name] = Field(min_length=1)
    industries: list[Name] = Field(default_factory=list)
    capacity: int = Field(ge=0, description="How many open leads they can carry.")
    current_load: int = Field(ge=0)


class DistributeLead(Command):
    candidates: list[OwnerCandidate] = Field(min_length=1)
    occurred_on: date


class MaturitySignals(Command):
    urgency: Urgency
    solution_maturity: SolutionMaturity
    customer_consensus: Consensus
    months_to_procurement: int = Field(ge=0, le=120)


class AssessMaturity(Command):
    signals: MaturitySignals
    occurred_on: date


class PainAndImpact(Command):
    pain_points: list[Name] = Field(min_length=1)
    impact: Text
    window_ends_on: date | None = None


class SolutionFit(Command):
    offering: Literal["product", "bundle", "solution"]
    fit: Text
    competitiveness: Text | None = None


class CustomerValue(Command):
    benefit: Text = Field(description="The customer's benefit, quantified.")
    value_proposition: Text | None = None


class InvestmentPlan(Command):
    plan: Text
    budget: NonNegativeAmount | None = None
    currency: Currency = "USD"


class CoreElements(Command):
    pain: PainAndImpact | None = None
    solution: SolutionFit | None = None
    value: CustomerValue | None = None
    investment: InvestmentPlan | None = None


class RecordCoreElements(CoreElements):
    occurred_on: date


class RecordKeyPerson(Command):
    name: Name
    role: Literal["investment_owner", "decision_maker", "stakeholder"]
    title: Name | None = None
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
    need: str | None = None
    industry: str | None = None
    duplicate_of: UUID | None = None
    merged_into: UUID | None = None

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
            need=lead.need,
            industry=lead.industry,
            duplicate_of=lead.duplicate_of,
            merged_into=lead.merged_into,
        )
