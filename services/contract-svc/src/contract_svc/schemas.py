"""What contract-svc's API accepts and answers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field

from contract_svc.domain import Budget, Contract, Status
from ltc_shared.commands import Command
from ltc_shared.money import Currency, NonNegativeAmount, PositiveAmount

Name = Annotated[str, Field(min_length=1, max_length=200)]
Reason = Annotated[str, Field(min_length=1, max_length=2000)]


class SetBudget(Command):
    """The budget: how much the project may earn and spend."""

    revenue: NonNegativeAmount
    cost: NonNegativeAmount
    currency: Currency
    occurred_on: date


class DecideContract(Command):
    """The signing decision (ATC)."""

    approved: bool
    decided_by: Name
    reason: Reason | None = Field(
        None, description="Why the contract goes back to revision; required then."
    )
    occurred_on: date


class PaymentTerms(Command):
    days: int = Field(ge=0, le=365, description="Days from invoice to payment.")


class SignContract(Command):
    value: PositiveAmount
    currency: Currency
    payment_terms: PaymentTerms
    signed_by: Name
    occurred_on: date


class CloseContract(Command):
    """The decision to close the contract (ATCC)."""

    occurred_on: date


class BudgetView(BaseModel):
    revenue: Decimal
    cost: Decimal
    margin: Decimal
    set_on: date

    @classmethod
    def of(cls, budget: Budget) -> BudgetView:
        return cls(
            revenue=budget.revenue,
            cost=budget.cost,
            margin=budget.margin,
            set_on=budget.set_on,
        )


class ContractView(BaseModel):
    id: UUID
    version: int
    status: Status
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
    trace: dict[str, str]

    @classmethod
    def of(cls, contract: Contract) -> ContractView:
        budget = contract.budget
        profile = contract.profile
        days = contract.payment_days
        return cls(
            id=contract.id,
            version=contract.version,
            status=contract.status,
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
            trace=contract.trace,
        )
