"""What contract-svc's API answers: a contract as its workbench shows it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from contract_svc.domain import (
    Authorization,
    Budget,
    Change,
    Contract,
    Dispute,
    Milestone,
    PurchaseOrder,
    Review,
    Revision,
    Status,
)
from contract_svc.schemas import PaymentTerms


class BudgetView(BaseModel):
    revenue: Decimal
    cost: Decimal
    margin: Decimal
    set_on: date
    version: int

    @classmethod
    def of(cls, budget: Budget) -> BudgetView:
        return cls(
            revenue=budget.revenue,
            cost=budget.cost,
            margin=budget.margin,
            set_on=budget.set_on,
            version=budget.version,
        )


class NegotiationView(BaseModel):
    strategy: str | None
    plan: str | None
    team: list[dict[str, str]]
    authorization: Authorization | None
    revision: Revision | None
    review: Review | None
    loss_reason: str | None
    loss_analysis: str | None
    lost_on: date | None


class ExecutionView(BaseModel):
    handovers: list[dict[str, Any]]
    commitments: list[str]
    purchase_orders: list[PurchaseOrder]
    milestones: list[Milestone]
    changes: list[Change]
    unsigned_change_agreements: list[str] = Field(
        description="Approved changes whose agreement is not signed yet; "
        "ATCC waits for them."
    )
    disputes: list[Dispute]
    scope: str | None
    end_on: date | None
    open_receivables: Decimal
    leads_found: int
    evaluation: dict[str, Any] | None


class ContractView(BaseModel):
    id: UUID
    version: int
    status: Status
    tier: int
    bid_id: UUID
    opportunity_id: UUID
    award_value: Decimal
    value: Decimal
    currency: str
    origin: str | None
    customer: str | None
    channel: str | None
    business_unit: str | None
    owner: str | None
    product: str | None
    region: str | None
    drafted_on: date
    budget: BudgetView | None
    revisions: int
    revision_reason: str | None
    approved_by: str | None
    payment_terms: PaymentTerms | None
    signed_by: str | None
    signed_on: date | None
    closed_on: date | None
    negotiation: NegotiationView
    execution: ExecutionView
    trace: dict[str, str]
    sponsor: str | None = Field(
        None, description="Takes ATC, ATAC and ATCC; named at ATI or since."
    )
    ar: str | None = Field(None, description="The AR, who signs.")
    risk_register_version: int | None = Field(
        None, description="The project's risk register, as last heard."
    )
    estimate_version: int | None = Field(
        None, description="The bid's estimate the contract was won on."
    )
    atc_inputs: dict[str, Any] = Field(
        default_factory=dict,
        description="What the last signing decision (ATC) saw: the budget, "
        "draft and review, and the estimate and risk register versions.",
    )

    @classmethod
    def of(cls, contract: Contract) -> ContractView:
        budget = contract.budget
        profile = contract.profile
        days = contract.payment_days
        return cls(
            id=contract.id,
            version=contract.version,
            status=contract.status,
            tier=contract.tier,
            sponsor=contract.sponsor,
            ar=contract.ar,
            risk_register_version=contract.risk_register_version,
            estimate_version=contract.estimate_version,
            atc_inputs=contract.atc_inputs,
            bid_id=contract.bid_id,
            opportunity_id=contract.opportunity_id,
            award_value=contract.award_value,
            value=contract.value,
            currency=contract.currency,
            origin=profile.origin,
            customer=profile.customer,
            channel=profile.channel,
            business_unit=profile.business_unit,
            owner=profile.owner,
            product=profile.product,
            region=profile.region,
            drafted_on=contract.drafted_on,
            budget=None if budget is None else BudgetView.of(budget),
            revisions=contract.revisions,
            revision_reason=contract.revision_reason,
            approved_by=contract.approved_by,
            payment_terms=None if days is None else PaymentTerms(days=days),
            signed_by=contract.signed_by,
            signed_on=contract.signed_on,
            closed_on=contract.closed_on,
            negotiation=NegotiationView(
                strategy=contract.strategy,
                plan=contract.plan,
                team=contract.team,
                authorization=contract.authorization,
                revision=contract.revision,
                review=contract.review,
                loss_reason=contract.loss_reason,
                loss_analysis=contract.loss_analysis,
                lost_on=contract.lost_on,
            ),
            execution=ExecutionView(
                handovers=contract.handovers,
                commitments=contract.commitments,
                purchase_orders=list(contract.purchase_orders.values()),
                milestones=list(contract.milestones.values()),
                changes=list(contract.changes.values()),
                unsigned_change_agreements=contract.unsigned_change_agreements,
                disputes=list(contract.disputes.values()),
                scope=contract.scope,
                end_on=contract.end_on,
                open_receivables=contract.open_receivables,
                leads_found=contract.leads_found,
                evaluation=contract.evaluation,
            ),
            trace=contract.trace,
        )
