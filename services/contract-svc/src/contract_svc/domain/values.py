"""The values a contract is made of: who it is about, its budget, the
negotiation authority, milestones, changes and disputes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from ltc_shared.authority import SIGNATURE as SHARED_SIGNATURE
from ltc_shared.authority import Actor, Authority

Status = Literal["draft", "in_revision", "approved", "signed", "closed", "lost"]
NEGOTIATING: tuple[Status, ...] = ("draft", "in_revision")
Verdict = Literal["pass", "pass_with_opinions", "fail"]
Movement = Literal["invoiced", "paid", "credited"]

# The sponsor signs too when the AR is not the one empowered to do so.
SIGNATURE = Authority(
    "signature", SHARED_SIGNATURE.roles | {"sponsor"}, at_tier_level=False
)


def decider(actor: Actor) -> dict[str, Any]:
    """Who decided, as a decision event records it."""
    return actor.model_dump()


@dataclass(frozen=True)
class Profile:
    """Who and what the contract is about, as far as the won bid told us."""

    origin: str | None = None
    customer: str | None = None
    channel: str | None = None
    business_unit: str | None = None
    owner: str | None = None
    product: str | None = None
    region: str | None = None


@dataclass(frozen=True)
class Budget:
    """How much the project may earn and spend: the second of the four
    calculations, made with the contract draft."""

    revenue: Decimal
    cost: Decimal
    set_on: date
    version: int = 1

    @property
    def margin(self) -> Decimal:
        return self.revenue - self.cost


@dataclass(frozen=True)
class Authorization:
    """How far the negotiation team may go without asking again."""

    min_price: Decimal
    max_discount_share: Decimal
    terms_allowed: tuple[str, ...]
    granted_by: str
    granted_on: date


@dataclass(frozen=True)
class Revision:
    """One draft of the contract put to the customer."""

    number: int
    value: Decimal
    terms: tuple[str, ...]
    revised_on: date


@dataclass(frozen=True)
class Review:
    reviewer: str
    opinions: tuple[str, ...]
    verdict: Verdict
    reviewed_on: date


@dataclass
class Milestone:
    milestone_id: str
    name: str
    due_on: date
    value: Decimal
    accepted_on: date | None = None


ChangeVerdict = Literal["accepted", "rejected"]


@dataclass(frozen=True)
class ChangeReview:
    """A review of a change proposal before ATAC: the reviewer's opinions and
    whether the proposal is accepted for the decision."""

    reviewer: str
    opinions: tuple[str, ...]
    verdict: ChangeVerdict
    reviewed_on: date


@dataclass
class ChangeAgreement:
    """The contract/PO change agreement, signed with the customer after ATAC."""

    signed_by: str
    customer_signatory: str
    signed_on: date


@dataclass
class Change:
    """A change request, the reviews of its proposal, once decided (ATAC) its
    outcome, and the change agreement signed after an approval."""

    change_id: str
    value_delta: Decimal
    budget_revenue_delta: Decimal
    budget_cost_delta: Decimal
    scope: str
    new_end_on: date | None
    requested_on: date
    outcome: Literal["pending", "approved", "rejected"] = "pending"
    reason: str | None = None
    reviews: list[ChangeReview] = field(default_factory=list)
    agreement: ChangeAgreement | None = None


@dataclass
class Dispute:
    dispute_id: str
    subject: str
    opened_on: date
    resolution: str | None = None
    closed_on: date | None = None


@dataclass
class PurchaseOrder:
    po_number: str
    value: Decimal
    received_on: date
    confirmed_on: date | None = None
