"""What finance-svc's API answers: a ledger, and its receivables ageing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, Field

from finance_svc.domain import (
    Actuals,
    Ageing,
    Invoice,
    InvoiceStatus,
    Ledger,
    LineKind,
    PlanLine,
)


class InvoiceView(BaseModel):
    invoice_number: str
    amount: Decimal = Field(description="What it billed, before the advance.")
    issued_on: date
    due_on: date
    disputed: bool
    line_id: str | None
    advance: bool
    advance_deduction: Decimal = Field(description="Advance recovered by it.")
    credited: Decimal
    due: Decimal = Field(description="What the customer owes on it in all.")
    collected: Decimal
    open_amount: Decimal
    status: InvoiceStatus
    settled_on: date | None
    dunning_level: int

    @classmethod
    def of(cls, invoice: Invoice) -> InvoiceView:
        return cls(
            invoice_number=invoice.number,
            amount=invoice.amount,
            issued_on=invoice.issued_on,
            due_on=invoice.due_on,
            disputed=invoice.disputed,
            line_id=invoice.line_id,
            advance=invoice.advance,
            advance_deduction=invoice.deduction,
            credited=invoice.credited,
            due=invoice.due,
            collected=invoice.collected,
            open_amount=invoice.open_amount,
            status=invoice.status,
            settled_on=invoice.settled_on,
            dunning_level=invoice.dunning_level,
        )


class PlanLineView(BaseModel):
    line_id: str
    kind: LineKind
    due_on: date
    amount: Decimal

    @classmethod
    def of(cls, line: PlanLine) -> PlanLineView:
        return cls(
            line_id=line.line_id, kind=line.kind, due_on=line.due_on, amount=line.amount
        )


class ActualsView(BaseModel):
    revenue: Decimal = Field(description="Work invoiced, net of credit notes.")
    cost: Decimal
    margin: Decimal
    collected: Decimal = Field(description="Cash received.")

    @classmethod
    def of(cls, actuals: Actuals) -> ActualsView:
        return cls(
            revenue=actuals.revenue,
            cost=actuals.cost,
            margin=actuals.margin,
            collected=actuals.collected,
        )


class LedgerView(BaseModel):
    id: UUID
    version: int
    contract_id: UUID
    currency: str
    payment_days: int
    customer: str | None
    business_unit: str | None
    opened_on: date
    value: Decimal = Field(description="The signed contract value.")
    invoiced: Decimal = Field(description="Asked of the customer, net of credit.")
    collected: Decimal = Field(description="Applied to invoices.")
    outstanding: Decimal = Field(description="Invoiced and not yet collected.")
    uninvoiced: Decimal = Field(description="Contract value not yet invoiced.")
    advance_pool: Decimal = Field(description="Advance not yet deducted.")
    unapplied_credit: Decimal = Field(description="The customer's cash credit.")
    actual_cost: Decimal = Field(description="Costs booked so far (the actuals).")
    costs_by_category: dict[str, Decimal]
    costs_by_role: dict[str, Decimal]
    hours_by_role: dict[str, Decimal]
    billing_plan: list[PlanLineView]
    invoices: list[InvoiceView]
    credit_notes: dict[str, str] = Field(description="Credit note to its invoice.")
    actuals: ActualsView = Field(description="Third calculation, as of now.")
    final_accounts: ActualsView | None = Field(
        description="Fourth calculation, once the books are closed."
    )
    trace: dict[str, str]
    refunds: list[str] = Field(
        default_factory=list, description="Refunds of the customer's credit paid."
    )
    project_closed_on: date | None = Field(
        None, description="When ATCC closed the project; no cost is booked after."
    )

    @classmethod
    def of(cls, ledger: Ledger) -> LedgerView:
        final = ledger.final_accounts
        return cls(
            id=ledger.id,
            version=ledger.version,
            contract_id=ledger.contract_id,
            currency=ledger.currency,
            payment_days=ledger.payment_days,
            customer=ledger.customer,
            business_unit=ledger.business_unit,
            opened_on=ledger.opened_on,
            value=ledger.value,
            invoiced=ledger.invoiced,
            collected=ledger.collected,
            outstanding=ledger.outstanding,
            uninvoiced=ledger.uninvoiced,
            advance_pool=ledger.receivables.advance_pool,
            unapplied_credit=ledger.receivables.unapplied,
            actual_cost=ledger.actual_cost,
            costs_by_category=dict(ledger.costs.by_category),
            costs_by_role=dict(ledger.costs.by_role),
            hours_by_role=dict(ledger.costs.hours_by_role),
            billing_plan=[PlanLineView.of(line) for line in ledger.plan],
            invoices=[InvoiceView.of(i) for i in ledger.invoices.values()],
            credit_notes=dict(ledger.credit_notes),
            actuals=ActualsView.of(ledger.actuals),
            final_accounts=None if final is None else ActualsView.of(final),
            trace=ledger.trace,
            refunds=sorted(ledger.refund_refs),
            project_closed_on=ledger.project_closed_on,
        )


class AgeingView(BaseModel):
    ledger_id: UUID
    as_of: date
    not_yet_due: Decimal
    days_1_30: Decimal
    days_31_60: Decimal
    days_61_90: Decimal
    over_90: Decimal
    total_outstanding: Decimal = Field(description="Always the buckets' sum.")
    unapplied_credit: Decimal = Field(
        description="The customer's credit today, whatever `as_of` says."
    )

    @classmethod
    def of(cls, ledger_id: UUID, ageing: Ageing) -> AgeingView:
        b = ageing.buckets
        return cls(
            ledger_id=ledger_id,
            as_of=ageing.as_of,
            not_yet_due=b["not_yet_due"],
            days_1_30=b["1_30"],
            days_31_60=b["31_60"],
            days_61_90=b["61_90"],
            over_90=b["over_90"],
            total_outstanding=ageing.total_outstanding,
            unapplied_credit=ageing.unapplied_credit,
        )
