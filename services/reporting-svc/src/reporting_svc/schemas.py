"""What reporting-svc answers: the funnel, win rates, project P&L, receivables,
payment traces and the lead register. Money is Decimal; rates are Decimal
fractions with four places."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

Stage = Literal[
    "lead_captured",
    "lead_qualified",
    "opportunity_opened",
    "project_initiated",
    "bid_decided",
    "bid_submitted",
    "won",
    "contract_signed",
    "cash_collected",
]
FunnelBy = Literal["channel", "owner", "product", "region", "period", "origin"]
WinRateBy = Literal["period", "product", "region", "channel", "owner"]
Origin = Literal["lead", "sudden"]
ProjectStage = Literal[
    "initiated",
    "bidding",
    "no_bid",
    "withdrawn",
    "lost",
    "contracting",
    "in_execution",
    "closed",
]
Rate = Decimal
Count = dict[str, int]


class StageFigures(BaseModel):
    stage: Stage
    count: int = Field(description="Cases that reached the stage.")
    from_leads: int
    sudden: int
    value: Decimal | None = Field(
        description="The value known at the stage; none for a captured lead."
    )
    conversion: Rate | None = Field(
        description="Share of the cases at the previous stage that reached this one."
    )


class StageDuration(BaseModel):
    from_stage: Stage
    to_stage: Stage
    count: int
    median_days: Decimal | None
    mean_days: Decimal | None


class FunnelSlice(BaseModel):
    key: str
    stages: list[StageFigures]
    lead_to_won: Rate
    opportunities_from_leads: int
    sudden_opportunities: int
    won: int
    lost: int
    win_rate: Rate
    durations: list[StageDuration]
    lost_reasons: Count
    no_bid_reasons: Count
    opportunity_lost_reasons: Count
    drop_reasons: Count
    withdrawn: int = Field(0, description="Bids given up before an outcome.")
    withdrawn_reasons: Count = Field(default_factory=dict)
    merged_leads: int = Field(
        0,
        description="Leads merged into another: counted as captured, left out "
        "of the conversion from captured to qualified and of lead_to_won.",
    )


class Funnel(BaseModel):
    business_unit: str | None
    by: FunnelBy | None
    slices: list[FunnelSlice]


class WinRateRow(BaseModel):
    key: str
    won: int
    lost: int
    win_rate: Rate
    won_value: Decimal


class WinRates(BaseModel):
    business_unit: str | None
    by: WinRateBy
    rows: list[WinRateRow]
    total: WinRateRow


class Figures(BaseModel):
    revenue: Decimal
    cost: Decimal
    margin: Decimal


class Actuals(Figures):
    collected: Decimal


class VarianceCauses(BaseModel):
    """Why the figures moved from the estimate; revenue = price + changes +
    billing, and margin = price + changes + billing - cost, to the cent."""

    price: Decimal = Field(description="Signed contract value - estimated revenue.")
    changes: Decimal = Field(description="Sum of the approved changes' value.")
    billing: Decimal = Field(
        description="Revenue reached - contract value after changes: "
        "negative while work is still to be invoiced."
    )
    cost: Decimal = Field(description="Cost reached - estimated cost.")


class Variance(BaseModel):
    against: Literal["final_accounts", "actuals"]
    revenue: Decimal
    cost: Decimal
    margin: Decimal
    causes: VarianceCauses


class ProjectPnl(BaseModel):
    project_id: UUID
    customer: str | None
    business_unit: str | None
    owner: str | None
    product: str | None
    region: str | None
    origin: str | None
    stage: ProjectStage
    initiated_on: date
    closed_on: date | None
    currency: str | None
    contract_value: Decimal | None
    bid_id: UUID | None
    contract_id: UUID | None
    ledger_id: UUID | None
    estimate: Figures | None
    budget: Figures | None
    actuals: Actuals
    final_accounts: Actuals | None = Field(
        description="As finance drew them; else the actuals up to the close "
        "(ATCC); none while open."
    )
    signed_value: Decimal | None = None
    changes_value: Decimal = Decimal(0)
    open_disputes: int = 0
    variance: Variance | None = Field(
        None,
        description="From the estimate to the final accounts, or to the "
        "actuals while open; none without an estimate and a signature.",
    )


class PnlTotals(BaseModel):
    """The projects in one currency: amounts in two currencies never add up."""

    currency: str | None
    projects: int
    closed: int
    estimate: Figures
    budget: Figures
    actuals: Actuals
    final_accounts: Actuals


class Pnl(BaseModel):
    business_unit: str | None
    totals: list[PnlTotals]
    projects: list[ProjectPnl]


class PnlPage(BaseModel):
    business_unit: str | None
    totals: list[PnlTotals]
    projects: list[ProjectPnl]
    total: int
    offset: int
    limit: int


class Receivables(BaseModel):
    business_unit: str | None
    as_of: date
    customers: int
    invoice_count: int
    invoiced: Decimal
    collected: Decimal
    outstanding: Decimal
    overdue: Decimal = Field(description="Still open on invoices due before as_of.")
    overdue_count: int
    paid_late: int = Field(description="Invoices fully paid after their due date.")
    share_paid_late: Rate
    disputed: int


BucketName = Literal["not_yet_due", "1-30", "31-60", "61-90", "over_90"]


class AgeingBucket(BaseModel):
    bucket: BucketName
    invoices: int
    amount: Decimal


class Ageing(BaseModel):
    """What is owed on `as_of`, by days past due; the buckets add up to the
    outstanding total."""

    business_unit: str | None
    as_of: date
    outstanding: Decimal
    buckets: list[AgeingBucket]


class PipelineCurrency(BaseModel):
    currency: str | None
    count: int
    expected_value: Decimal
    weighted_value: Decimal


class WeightedPipeline(BaseModel):
    """Open opportunities only: not lost, not refused at ATI, and with no
    bid outcome, no withdrawal and no no-bid."""

    business_unit: str | None
    count: int
    unevaluated: int = Field(description="Open ones with no win probability yet.")
    totals: list[PipelineCurrency]


class Payment(BaseModel):
    received_on: date
    amount: Decimal


class InvoiceStep(BaseModel):
    ledger_id: UUID
    invoice_number: str
    amount: Decimal
    issued_on: date
    due_on: date
    disputed: bool
    paid: Decimal
    settled_on: date | None
    payments: list[Payment]


class ContractStep(BaseModel):
    contract_id: UUID
    value: Decimal
    currency: str | None
    signed_on: date | None
    payment_days: int | None
    closed_on: date | None


class BidStep(BaseModel):
    bid_id: UUID
    decision: str | None
    decided_on: date | None
    submitted_on: date | None
    price: Decimal | None
    won_on: date | None
    award_value: Decimal | None


class OpportunityStep(BaseModel):
    opportunity_id: UUID
    origin: str | None
    owner: str | None
    sponsor: str | None
    opened_on: date
    initiated_on: date | None
    expected_value: Decimal


class LeadStep(BaseModel):
    lead_id: UUID
    channel: str | None
    captured_on: date
    qualified_on: date | None


class PaymentTrace(BaseModel):
    origin: Origin | None = Field(
        description="'lead' if the chain starts at a lead, 'sudden' if an "
        "opportunity was opened without one; none while not yet known."
    )
    invoice: InvoiceStep
    contract: ContractStep | None
    bid: BidStep | None
    opportunity: OpportunityStep | None
    lead: LeadStep | None


class KeyPerson(BaseModel):
    name: str
    role: str
    title: str | None = None


class LeadRow(BaseModel):
    lead_id: UUID
    status: str
    customer: str | None
    channel: str | None
    business_unit: str | None
    product: str | None
    region: str | None
    owner: str | None
    maturity: str | None
    pain_points: list[str]
    touches: int
    next_step: str | None
    first_contact_on: date
    qualified_on: date | None
    dropped_on: date | None
    drop_reason: str | None
    expected_value: Decimal | None
    currency: str | None
    opportunity_id: UUID | None
    treatment: str | None = None
    next_step_on: date | None = None
    window_ends_on: date | None = None
    duplicate_of: UUID | None = None
    merged_into: UUID | None = None
    maturity_signals: dict[str, str | int] | None = Field(
        None, description="What the maturity grade was assessed from, if it was."
    )
    assignment_reason: str | None = Field(
        None, description="Why distribution picked the owner; none if assigned."
    )
    generated_by: str | None = None
    verified_by: str | None = None
    core_elements: dict[str, Any] = Field(
        default_factory=dict,
        description="Pain and impact, solution, value, investment plan and budget.",
    )
    key_people: list[KeyPerson] = Field(default_factory=list)
    merged_leads: list[UUID] = Field(
        default_factory=list, description="Duplicates merged into this lead."
    )
    industry: str | None = None
    need: str | None = None
    found_in_contract: str | None = Field(
        None, description="The contract whose execution uncovered the lead."
    )


class LeadFilters(BaseModel):
    """Which leads the register shows; every given field must match."""

    business_unit: str | None = None
    status: Literal["open", "qualified", "dropped", "merged"] | None = None
    channel: str | None = None
    owner: str | None = None
    product: str | None = None
    region: str | None = None
    maturity: Literal["low", "medium", "high"] | None = None
