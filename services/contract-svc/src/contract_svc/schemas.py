"""What contract-svc's API accepts while the contract is negotiated, decided
(ATC), signed and closed (ATCC)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import Field

from contract_svc.domain import Verdict
from ltc_shared.authority import Actor
from ltc_shared.commands import Command
from ltc_shared.money import Currency, NonNegativeAmount, PositiveAmount
from ltc_shared.text import Name

Reason = Annotated[str, Field(min_length=1, max_length=2000)]
Text = Annotated[str, Field(min_length=1, max_length=10000)]
Ref = Annotated[str, Field(min_length=1, max_length=100)]
Lines = Annotated[list[Text], Field(max_length=100)]
Decider = Annotated[
    Actor | None,
    Field(description="Who decides; taken from the X-Actor headers when absent."),
]


class SetBudget(Command):
    """The budget: how much the project may earn and spend."""

    revenue: NonNegativeAmount
    cost: NonNegativeAmount
    currency: Currency
    occurred_on: date


class DecideContract(Command):
    """The signing decision (ATC)."""

    approved: bool
    decided_by: Name | None = Field(
        None, description="Kept for older clients; the decider is the actor."
    )
    reason: Reason | None = Field(
        None, description="Why the contract goes back to revision; required then."
    )
    actor: Decider = None
    occurred_on: date


class PaymentTerms(Command):
    days: int = Field(ge=0, le=365, description="Days from invoice to payment.")


class SignContract(Command):
    value: PositiveAmount
    currency: Currency
    payment_terms: PaymentTerms
    signed_by: Name
    actor: Decider = None
    occurred_on: date


class CloseContract(Command):
    """The decision to close the contract (ATCC)."""

    actor: Decider = None
    occurred_on: date


class SetNegotiationStrategy(Command):
    strategy: Text
    plan: Text
    occurred_on: date


class TeamMember(Command):
    name: Name
    role: Name


class FormNegotiationTeam(Command):
    members: Annotated[list[TeamMember], Field(min_length=1, max_length=50)]
    occurred_on: date


class GrantAuthorization(Command):
    """How far the negotiation team may go; a new grant replaces the last."""

    min_price: NonNegativeAmount
    max_discount_share: Decimal = Field(ge=0, le=1, max_digits=5, decimal_places=4)
    terms_allowed: Annotated[list[Name], Field(max_length=100)] = Field(
        default_factory=list
    )
    granted_by: Name
    occurred_on: date


class ReviseContract(Command):
    """A new draft of the contract, at a value and on terms."""

    value: PositiveAmount
    terms: Annotated[list[Name], Field(max_length=100)] = Field(default_factory=list)
    occurred_on: date


class ReviewContract(Command):
    reviewer: Name
    opinions: Lines = Field(default_factory=list)
    verdict: Verdict
    occurred_on: date


class RecordContractLoss(Command):
    """The deal is lost in negotiation; the win/loss analysis ends it."""

    reason: Reason
    analysis: Text
    occurred_on: date


class EvaluateContract(Command):
    score: int = Field(ge=1, le=5, description="1 poor to 5 excellent.")
    lessons: Lines = Field(default_factory=list)
    occurred_on: date
