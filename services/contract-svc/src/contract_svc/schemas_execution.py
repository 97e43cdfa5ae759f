"""What contract-svc's API accepts while the signed contract is executed."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from contract_svc.domain.values import ChangeVerdict
from contract_svc.schemas import Decider, Lines, Reason, Ref, Text
from ltc_shared.commands import Command
from ltc_shared.money import Amount, PositiveAmount
from ltc_shared.text import Name


class HoldHandover(Command):
    """The handover meeting: the customer's commitments passed to delivery."""

    attendees: list[Name] = Field(min_length=1, max_length=100)
    commitments: Lines = Field(default_factory=list)
    actor: Decider = Field(
        None, description="Recorded by the project's AR or FR: the caller."
    )
    occurred_on: date = Field(description="The day the meeting was held.")


class ReceivePurchaseOrder(Command):
    po_number: Ref
    value: PositiveAmount
    occurred_on: date


class ConfirmPurchaseOrder(Command):
    po_number: Ref
    occurred_on: date


class PlanMilestone(Command):
    milestone_id: Ref
    name: Name
    due_on: date
    value: PositiveAmount
    occurred_on: date


class AcceptDelivery(Command):
    milestone_id: Ref
    occurred_on: date


class RequestChange(Command):
    change_id: Ref
    value_delta: Amount
    budget_revenue_delta: Amount
    budget_cost_delta: Amount
    scope: Text
    new_end_on: date | None = None
    occurred_on: date


class ReviewChange(Command):
    """A review of the change proposal, before ATAC."""

    change_id: Ref
    reviewer: Name
    opinions: Lines = Field(
        default_factory=list, description="Required when the verdict rejects it."
    )
    verdict: ChangeVerdict
    occurred_on: date


class SignChangeAgreement(Command):
    """The contract/PO change agreement of an approved change, signed by the
    project's AR (the caller) and the customer."""

    change_id: Ref
    customer_signatory: Name
    actor: Decider = None
    occurred_on: date


class DecideChange(Command):
    """The change decision (ATAC)."""

    change_id: Ref
    approved: bool
    reason: Reason | None = Field(
        None, description="Why the change is rejected; required then."
    )
    actor: Decider = None
    occurred_on: date


class OpenDispute(Command):
    dispute_id: Ref
    subject: Text
    occurred_on: date


class CloseDispute(Command):
    dispute_id: Ref
    resolution: Text
    occurred_on: date


class ReportLead(Command):
    """A new lead met while executing the contract."""

    customer: Name
    need: Text
    channel: Name
    business_unit: Name
    region: Name
    product: Name
    occurred_on: date
