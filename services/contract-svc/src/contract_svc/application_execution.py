"""Use cases of the signed contract's execution: handover, purchase orders,
milestones, changes (ATAC), disputes and new leads."""

from __future__ import annotations

from typing import Any, Literal

from contract_svc.application import NEGOTIATION_HANDLERS, OnContract, load
from contract_svc.domain import Contract
from contract_svc.schemas_execution import (
    AcceptDelivery,
    CloseDispute,
    ConfirmPurchaseOrder,
    DecideChange,
    HoldHandover,
    OpenDispute,
    PlanMilestone,
    ReceivePurchaseOrder,
    ReportLead,
    RequestChange,
    ReviewChange,
    SignChangeAgreement,
)
from ltc_shared.commands import Handler, UnitOfWork


class HoldHandoverCommand(HoldHandover, OnContract):
    type: Literal["HoldHandover"] = "HoldHandover"


class ReceivePurchaseOrderCommand(ReceivePurchaseOrder, OnContract):
    type: Literal["ReceivePurchaseOrder"] = "ReceivePurchaseOrder"


class ConfirmPurchaseOrderCommand(ConfirmPurchaseOrder, OnContract):
    type: Literal["ConfirmPurchaseOrder"] = "ConfirmPurchaseOrder"


class PlanMilestoneCommand(PlanMilestone, OnContract):
    type: Literal["PlanMilestone"] = "PlanMilestone"


class AcceptDeliveryCommand(AcceptDelivery, OnContract):
    type: Literal["AcceptDelivery"] = "AcceptDelivery"


class RequestChangeCommand(RequestChange, OnContract):
    type: Literal["RequestChange"] = "RequestChange"


class DecideChangeCommand(DecideChange, OnContract):
    type: Literal["DecideChange"] = "DecideChange"


class ReviewChangeCommand(ReviewChange, OnContract):
    type: Literal["ReviewChange"] = "ReviewChange"


class SignChangeAgreementCommand(SignChangeAgreement, OnContract):
    type: Literal["SignChangeAgreement"] = "SignChangeAgreement"


class OpenDisputeCommand(OpenDispute, OnContract):
    type: Literal["OpenDispute"] = "OpenDispute"


class CloseDisputeCommand(CloseDispute, OnContract):
    type: Literal["CloseDispute"] = "CloseDispute"


class ReportLeadCommand(ReportLead, OnContract):
    type: Literal["ReportLead"] = "ReportLead"


def hold_handover(command: HoldHandoverCommand, unit: UnitOfWork) -> Contract:
    contract = load(command, unit)
    contract.hold_handover(
        command.attendees, command.commitments, command.occurred_on, command.actor
    )
    return contract


def receive_po(command: ReceivePurchaseOrderCommand, unit: UnitOfWork) -> Contract:
    contract = load(command, unit)
    contract.receive_purchase_order(
        command.po_number, command.value, command.occurred_on
    )
    return contract


def confirm_po(command: ConfirmPurchaseOrderCommand, unit: UnitOfWork) -> Contract:
    contract = load(command, unit)
    contract.confirm_purchase_order(command.po_number, command.occurred_on)
    return contract


def plan_milestone(command: PlanMilestoneCommand, unit: UnitOfWork) -> Contract:
    contract = load(command, unit)
    contract.plan_milestone(
        command.milestone_id,
        command.name,
        command.due_on,
        command.value,
        command.occurred_on,
    )
    return contract


def accept_delivery(command: AcceptDeliveryCommand, unit: UnitOfWork) -> Contract:
    contract = load(command, unit)
    contract.accept_delivery(command.milestone_id, command.occurred_on)
    return contract


def request_change(command: RequestChangeCommand, unit: UnitOfWork) -> Contract:
    contract = load(command, unit)
    contract.request_change(
        command.change_id,
        command.value_delta,
        command.budget_revenue_delta,
        command.budget_cost_delta,
        command.scope,
        command.new_end_on,
        command.occurred_on,
    )
    return contract


def decide_change(command: DecideChangeCommand, unit: UnitOfWork) -> Contract:
    contract = load(command, unit)
    contract.decide_change(
        command.change_id,
        command.approved,
        command.reason,
        command.actor,
        command.occurred_on,
    )
    return contract


def review_change(command: ReviewChangeCommand, unit: UnitOfWork) -> Contract:
    contract = load(command, unit)
    contract.review_change(
        command.change_id,
        command.reviewer,
        command.opinions,
        command.verdict,
        command.occurred_on,
    )
    return contract


def sign_change_agreement(
    command: SignChangeAgreementCommand, unit: UnitOfWork
) -> Contract:
    contract = load(command, unit)
    contract.sign_change_agreement(
        command.change_id,
        command.customer_signatory,
        command.actor,
        command.occurred_on,
    )
    return contract


def open_dispute(command: OpenDisputeCommand, unit: UnitOfWork) -> Contract:
    contract = load(command, unit)
    contract.open_dispute(command.dispute_id, command.subject, command.occurred_on)
    return contract


def close_dispute(command: CloseDisputeCommand, unit: UnitOfWork) -> Contract:
    contract = load(command, unit)
    contract.close_dispute(command.dispute_id, command.resolution, command.occurred_on)
    return contract


def report_lead(command: ReportLeadCommand, unit: UnitOfWork) -> Contract:
    contract = load(command, unit)
    contract.record_lead_found(
        command.customer,
        command.need,
        command.channel,
        command.business_unit,
        command.region,
        command.product,
        command.occurred_on,
    )
    return contract


HANDLERS: dict[str, Handler[Any]] = NEGOTIATION_HANDLERS | {
    "HoldHandover": Handler(HoldHandoverCommand, hold_handover),
    "ReceivePurchaseOrder": Handler(ReceivePurchaseOrderCommand, receive_po),
    "ConfirmPurchaseOrder": Handler(ConfirmPurchaseOrderCommand, confirm_po),
    "PlanMilestone": Handler(PlanMilestoneCommand, plan_milestone),
    "AcceptDelivery": Handler(AcceptDeliveryCommand, accept_delivery),
    "RequestChange": Handler(RequestChangeCommand, request_change),
    "ReviewChange": Handler(ReviewChangeCommand, review_change),
    "DecideChange": Handler(DecideChangeCommand, decide_change),
    "SignChangeAgreement": Handler(SignChangeAgreementCommand, sign_change_agreement),
    "OpenDispute": Handler(OpenDisputeCommand, open_dispute),
    "CloseDispute": Handler(CloseDisputeCommand, close_dispute),
    "ReportLead": Handler(ReportLeadCommand, report_lead),
}
"""Every command the batch endpoint takes."""
