"""What opportunity-svc's API accepts and answers for the sales project:
verification, project type, team and charter, risks, guidance, meetings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from ltc_shared.authority import Actor
from ltc_shared.commands import Command
from ltc_shared.money import NonNegativeAmount
from ltc_shared.text import Name, Words
from opportunity_svc.project.guidance import Aspect, MeetingKind
from opportunity_svc.project.risks import Rating, RiskStatus
from opportunity_svc.project.scoring import (
    BrandRecognition,
    CompetitorShare,
    CustomerMaturity,
    EnterpriseNature,
    FinancialCondition,
    IndustryProfitability,
    PaymentHistory,
    PriceCompetitiveness,
)
from opportunity_svc.project.verification import (
    CustomerType,
    Offering,
    Scale,
    StrategyFit,
)

Text = Annotated[str, Field(max_length=2000)]
Items = Annotated[list[Words], Field(max_length=100)]
RiskId = Annotated[str, Field(pattern=r"^R[1-9][0-9]*$", examples=["R1"])]


class SuccessFactors(Command):
    """The success-probability model; each factor's grades are listed best
    first and earn 4, 3, 2 and 1 points."""

    brand_recognition: BrandRecognition
    customer_maturity: CustomerMaturity
    competitor_share: CompetitorShare = Field(
        description="The main competitors' share of participation, in percent."
    )
    price_competitiveness: PriceCompetitiveness


class PaymentFactors(Command):
    """The customer payment-capability model, graded like the success model."""

    enterprise_nature: EnterpriseNature
    financial_condition: FinancialCondition
    payment_history: PaymentHistory
    industry_profitability: IndustryProfitability


class VerifyOpportunity(Command):
    strategy_fit: StrategyFit = Field(description="Fit with company strategy.")
    value: Words = Field(description="What the opportunity brings the company.")
    capability_gaps: Items = Field(description="What to close to win.")
    first_risks: Items = Field(description="Risks seen so far.")
    resources: Items = Field(description="People and means allocated.")
    occurred_on: date


class SetProjectType(Command):
    customer_type: CustomerType
    scale: Scale = Field(description="Sets the tier: ordinary 1 to strategic 4.")
    offering: Offering
    occurred_on: date
    actor: Actor | None = Field(
        None,
        description="After ATI, who changes the type: a sponsor whose level "
        "reaches the old and the new tier; routes take the X-Actor headers.",
    )


class AppointSponsor(Command):
    sponsor: Name = Field(description="Who sponsors the project from now on.")
    occurred_on: date
    actor: Actor | None = Field(
        None,
        description="Who appoints: a sponsor whose level reaches the tier; "
        "routes take the X-Actor headers.",
    )


class Member(Command):
    name: Name
    role: Name = Field(examples=["ar", "sr", "fr", "project_manager"])


class AppointTeam(Command):
    members: Annotated[list[Member], Field(min_length=1, max_length=100)]
    project_manager: Name = Field(description="One of the members.")
    occurred_on: date
    actor: Actor | None = Field(
        None,
        description="Who appoints: the project's sponsor, at the tier's level; "
        "routes take the X-Actor headers.",
    )


class Milestone(Command):
    name: Name
    due_on: date


class IssueCharter(Command):
    preliminary_budget: NonNegativeAmount = Field(
        description="In the opportunity's currency."
    )
    budget_use: Words = Field(description="How the budget may be used.")
    communication: Words = Field(description="The communication mechanism.")
    communication_frequency: Name = Field(examples=["weekly"])
    milestones: Annotated[list[Milestone], Field(max_length=100)]
    first_risk_assessment: Words
    bonus_plan: Words = Field(description="Performance and bonus allocation.")
    goals: Words
    success_criteria: Words
    occurred_on: date


class RaiseRisk(Command):
    title: Name
    probability: Rating
    impact: Rating
    mitigation: Text = ""
    owner: Name
    occurred_on: date


class UpdateRisk(Command):
    """Only the fields given change."""

    title: Name | None = None
    probability: Rating | None = None
    impact: Rating | None = None
    mitigation: Text | None = None
    owner: Name | None = None
    status: Literal["open", "mitigating"] | None = None
    occurred_on: date


class CloseRisk(Command):
    occurred_on: date


class RecordGuidance(Command):
    aspect: Aspect
    content: Words
    occurred_on: date


class HoldMeeting(Command):
    kind: MeetingKind
    held_on: date = Field(description="The business date of the meeting.")
    attendees: Annotated[list[Name], Field(min_length=1, max_length=100)]
    decisions: Annotated[list[Words], Field(max_length=100, default_factory=list)]


class VerificationView(BaseModel):
    strategy_fit: StrategyFit
    value: str
    capability_gaps: list[str]
    first_risks: list[str]
    resources: list[str]
    verified_on: date


class CharterView(BaseModel):
    team: list[Member]
    project_manager: str
    preliminary_budget: Decimal
    currency: str
    budget_use: str
    communication: str
    communication_frequency: str
    milestones: list[Milestone]
    first_risk_assessment: str
    bonus_plan: str
    goals: str
    success_criteria: str
    issued_on: date


class RiskView(BaseModel):
    risk_id: str
    title: str
    probability: Rating
    impact: Rating
    mitigation: str
    owner: str
    status: RiskStatus


class GuidanceView(BaseModel):
    content: str
    recorded_on: date


class MeetingView(BaseModel):
    kind: MeetingKind
    held_on: date
    attendees: list[str]
    decisions: list[str]
