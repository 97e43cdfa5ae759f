"""contract-svc's REST API for the signed contract's execution: handover,
purchase orders, milestones, changes (ATAC), disputes and new leads."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from contract_svc import application_execution as use
from contract_svc.api import COMMAND_ERRORS, DECISION_ERRORS, Contracts, run
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
from contract_svc.views import ContractView
from ltc_shared.authority import CallingActor
from ltc_shared.web import ExpectedVersion

router = APIRouter(prefix="/contracts", tags=["contract execution"])


@router.post(
    "/{contract_id}/handover", response_model=ContractView, responses=DECISION_ERRORS
)
def hold_handover(
    contract_id: UUID,
    body: HoldHandover,
    contracts: Contracts,
    caller: CallingActor,
    v: ExpectedVersion,
    r: Response,
) -> ContractView:
    """The project's AR or FR records the handover meeting and the
    commitments passed to delivery."""
    kind = use.HoldHandoverCommand
    return run(contracts, use.hold_handover, kind, contract_id, body, v, r, caller)


@router.post(
    "/{contract_id}/purchase-orders",
    response_model=ContractView,
    responses=COMMAND_ERRORS,
)
def receive_purchase_order(
    contract_id: UUID,
    body: ReceivePurchaseOrder,
    contracts: Contracts,
    v: ExpectedVersion,
    r: Response,
) -> ContractView:
    """Receive a purchase order under the contract."""
    kind = use.ReceivePurchaseOrderCommand
    return run(contracts, use.receive_po, kind, contract_id, body, v, r)


@router.post(
    "/{contract_id}/purchase-order-confirmations",
    response_model=ContractView,
    responses=COMMAND_ERRORS,
)
def confirm_purchase_order(
    contract_id: UUID,
    body: ConfirmPurchaseOrder,
    contracts: Contracts,
    v: ExpectedVersion,
    r: Response,
) -> ContractView:
    """Confirm a received purchase order to the customer."""
    kind = use.ConfirmPurchaseOrderCommand
    return run(contracts, use.confirm_po, kind, contract_id, body, v, r)


@router.post(
    "/{contract_id}/milestones", response_model=ContractView, responses=COMMAND_ERRORS
)
def plan_milestone(
    contract_id: UUID,
    body: PlanMilestone,
    contracts: Contracts,
    v: ExpectedVersion,
    r: Response,
) -> ContractView:
    """Plan a delivery milestone and its value."""
    kind = use.PlanMilestoneCommand
    return run(contracts, use.plan_milestone, kind, contract_id, body, v, r)


@router.post(
    "/{contract_id}/acceptances",
    response_model=ContractView,
    responses=COMMAND_ERRORS,
)
def accept_delivery(
    contract_id: UUID,
    body: AcceptDelivery,
    contracts: Contracts,
    v: ExpectedVersion,
    r: Response,
) -> ContractView:
    """The customer accepts the delivery of a milestone."""
    kind = use.AcceptDeliveryCommand
    return run(contracts, use.accept_delivery, kind, contract_id, body, v, r)


@router.post(
    "/{contract_id}/changes", response_model=ContractView, responses=COMMAND_ERRORS
)
def request_change(
    contract_id: UUID,
    body: RequestChange,
    contracts: Contracts,
    v: ExpectedVersion,
    r: Response,
) -> ContractView:
    """Request a change of value, budget, scope or dates."""
    kind = use.RequestChangeCommand
    return run(contracts, use.request_change, kind, contract_id, body, v, r)


@router.post(
    "/{contract_id}/change-reviews",
    response_model=ContractView,
    responses=COMMAND_ERRORS,
)
def review_change(
    contract_id: UUID,
    body: ReviewChange,
    contracts: Contracts,
    v: ExpectedVersion,
    r: Response,
) -> ContractView:
    """Review a change proposal before ATAC: accepted, or rejected with the
    opinions; ATAC approves a change whose latest review accepted it."""
    kind = use.ReviewChangeCommand
    return run(contracts, use.review_change, kind, contract_id, body, v, r)


@router.post(
    "/{contract_id}/change-agreements",
    response_model=ContractView,
    responses=DECISION_ERRORS,
)
def sign_change_agreement(
    contract_id: UUID,
    body: SignChangeAgreement,
    contracts: Contracts,
    v: ExpectedVersion,
    r: Response,
    actor: CallingActor,
) -> ContractView:
    """The project's AR signs the contract/PO change agreement of an approved
    change with the customer; ATCC waits for every one."""
    kind = use.SignChangeAgreementCommand
    return run(
        contracts, use.sign_change_agreement, kind, contract_id, body, v, r, actor
    )


@router.post(
    "/{contract_id}/atac", response_model=ContractView, responses=DECISION_ERRORS
)
def decide_change(
    contract_id: UUID,
    body: DecideChange,
    contracts: Contracts,
    v: ExpectedVersion,
    r: Response,
    actor: CallingActor,
) -> ContractView:
    """The change decision (ATAC): approve and apply, or reject."""
    kind = use.DecideChangeCommand
    return run(contracts, use.decide_change, kind, contract_id, body, v, r, actor)


@router.post(
    "/{contract_id}/disputes", response_model=ContractView, responses=COMMAND_ERRORS
)
def open_dispute(
    contract_id: UUID,
    body: OpenDispute,
    contracts: Contracts,
    v: ExpectedVersion,
    r: Response,
) -> ContractView:
    """Open a risk or dispute, to be managed until it closes."""
    kind = use.OpenDisputeCommand
    return run(contracts, use.open_dispute, kind, contract_id, body, v, r)


@router.post(
    "/{contract_id}/dispute-closures",
    response_model=ContractView,
    responses=COMMAND_ERRORS,
)
def close_dispute(
    contract_id: UUID,
    body: CloseDispute,
    contracts: Contracts,
    v: ExpectedVersion,
    r: Response,
) -> ContractView:
    """Close a dispute with its resolution."""
    kind = use.CloseDisputeCommand
    return run(contracts, use.close_dispute, kind, contract_id, body, v, r)


@router.post(
    "/{contract_id}/leads", response_model=ContractView, responses=COMMAND_ERRORS
)
def report_lead(
    contract_id: UUID,
    body: ReportLead,
    contracts: Contracts,
    v: ExpectedVersion,
    r: Response,
) -> ContractView:
    """Report a new lead met while executing the contract."""
    kind = use.ReportLeadCommand
    return run(contracts, use.report_lead, kind, contract_id, body, v, r)
