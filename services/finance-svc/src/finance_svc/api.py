"""finance-svc's REST API: thin routes over the ledger use cases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, TypeVar
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel

from finance_svc import application as use
from finance_svc import schemas as s
from finance_svc.domain import Ledger, age
from ltc_shared.commands import UnitOfWork, batch_router, execute
from ltc_shared.problems import problem_responses
from ltc_shared.web import ExpectedVersion, set_version

router = APIRouter(prefix="/ledgers", tags=["ledgers"])
COMMAND_ERRORS = problem_responses(404, 409, 412, 422)
C = TypeVar("C", bound=BaseModel)


def store(request: Request) -> use.LedgerStore:
    found = request.app.state.store
    assert isinstance(found, use.LedgerStore)
    return found


Ledgers = Annotated[use.LedgerStore, Depends(store)]


def _answer(
    ledgers: use.LedgerStore,
    run: Callable[[C, UnitOfWork], Ledger],
    command: C,
    response: Response,
) -> s.LedgerView:
    ledger, _ = execute(ledgers, run, command)
    set_version(response, ledger.version)
    return s.LedgerView.of(ledger)


@router.get(
    "/{ledger_id}", response_model=s.LedgerView, responses=problem_responses(404)
)
def get_ledger(ledger_id: UUID, ledgers: Ledgers, response: Response) -> s.LedgerView:
    """A signed contract's ledger: plan, invoiced, collected, outstanding, and
    the actuals beside the final accounts once drawn."""
    ledger = ledgers.load(Ledger, ledger_id, "ledger")
    set_version(response, ledger.version)
    return s.LedgerView.of(ledger)


@router.get(
    "/{ledger_id}/ageing",
    response_model=s.AgeingView,
    responses=problem_responses(404, 422),
)
def get_ageing(
    ledger_id: UUID, ledgers: Ledgers, as_of: Annotated[date, Query()]
) -> s.AgeingView:
    """Open amounts as they stood on `as_of`, by days past due."""
    ledger = ledgers.load(Ledger, ledger_id, "ledger")
    return s.AgeingView.of(ledger_id, age(ledger.receivables, as_of))


@router.post(
    "/{ledger_id}/billing-plan", response_model=s.LedgerView, responses=COMMAND_ERRORS
)
def set_billing_plan(
    ledger_id: UUID,
    body: s.SetBillingPlan,
    ledgers: Ledgers,
    v: ExpectedVersion,
    r: Response,
) -> s.LedgerView:
    """Set the billing plan line by line; its work lines sum to the value."""
    command = use.SetBillingPlanCommand(
        ledger_id=ledger_id, expected_version=v, **body.model_dump()
    )
    return _answer(ledgers, use.set_billing_plan, command, r)


@router.post(
    "/{ledger_id}/billing-plan/generate",
    response_model=s.LedgerView,
    responses=COMMAND_ERRORS,
)
def generate_billing_plan(
    ledger_id: UUID,
    body: s.GenerateBillingPlan,
    ledgers: Ledgers,
    v: ExpectedVersion,
    r: Response,
) -> s.LedgerView:
    """Set the billing plan: an advance share, then equal instalments."""
    command = use.GenerateBillingPlanCommand(
        ledger_id=ledger_id, expected_version=v, **body.model_dump()
    )
    return _answer(ledgers, use.generate_billing_plan, command, r)


@router.post(
    "/{ledger_id}/invoices", response_model=s.LedgerView, responses=COMMAND_ERRORS
)
def issue_invoice(
    ledger_id: UUID,
    body: s.IssueInvoice,
    ledgers: Ledgers,
    v: ExpectedVersion,
    r: Response,
) -> s.LedgerView:
    """Issue an invoice, within the contract value."""
    command = use.IssueInvoiceCommand(
        ledger_id=ledger_id, expected_version=v, **body.model_dump()
    )
    return _answer(ledgers, use.issue_invoice, command, r)


@router.post(
    "/{ledger_id}/credit-notes", response_model=s.LedgerView, responses=COMMAND_ERRORS
)
def issue_credit_note(
    ledger_id: UUID,
    body: s.IssueCreditNote,
    ledgers: Ledgers,
    v: ExpectedVersion,
    r: Response,
) -> s.LedgerView:
    """Credit part or all of an invoice."""
    command = use.IssueCreditNoteCommand(
        ledger_id=ledger_id, expected_version=v, **body.model_dump()
    )
    return _answer(ledgers, use.issue_credit_note, command, r)


@router.post(
    "/{ledger_id}/payments", response_model=s.LedgerView, responses=COMMAND_ERRORS
)
def record_payment(
    ledger_id: UUID,
    body: s.RecordPayment,
    ledgers: Ledgers,
    v: ExpectedVersion,
    r: Response,
) -> s.LedgerView:
    """Record a payment received against an issued invoice."""
    command = use.RecordPaymentCommand(
        ledger_id=ledger_id, expected_version=v, **body.model_dump()
    )
    return _answer(ledgers, use.record_payment, command, r)


@router.post(
    "/{ledger_id}/receipts", response_model=s.LedgerView, responses=COMMAND_ERRORS
)
def receive_payment(
    ledger_id: UUID,
    body: s.ReceivePayment,
    ledgers: Ledgers,
    v: ExpectedVersion,
    r: Response,
) -> s.LedgerView:
    """Receive cash: allocated, or oldest due first; the rest is credit."""
    command = use.ReceivePaymentCommand(
        ledger_id=ledger_id, expected_version=v, **body.model_dump()
    )
    return _answer(ledgers, use.receive_payment, command, r)


@router.post(
    "/{ledger_id}/credit-applications",
    response_model=s.LedgerView,
    responses=COMMAND_ERRORS,
)
def apply_credit(
    ledger_id: UUID,
    body: s.ApplyCredit,
    ledgers: Ledgers,
    v: ExpectedVersion,
    r: Response,
) -> s.LedgerView:
    """Apply the customer's unapplied cash to an open invoice."""
    command = use.ApplyCreditCommand(
        ledger_id=ledger_id, expected_version=v, **body.model_dump()
    )
    return _answer(ledgers, use.apply_credit, command, r)


@router.post(
    "/{ledger_id}/refunds", response_model=s.LedgerView, responses=COMMAND_ERRORS
)
def refund_credit(
    ledger_id: UUID,
    body: s.RefundCredit,
    ledgers: Ledgers,
    v: ExpectedVersion,
    r: Response,
) -> s.LedgerView:
    """Pay back the customer's unapplied cash, at most the credit they have."""
    command = use.RefundCreditCommand(
        ledger_id=ledger_id, expected_version=v, **body.model_dump()
    )
    return _answer(ledgers, use.refund_credit, command, r)


@router.post(
    "/{ledger_id}/dunning-notices",
    response_model=s.LedgerView,
    responses=COMMAND_ERRORS,
)
def send_dunning_notice(
    ledger_id: UUID,
    body: s.SendDunningNotice,
    ledgers: Ledgers,
    v: ExpectedVersion,
    r: Response,
) -> s.LedgerView:
    """Remind the customer of an overdue invoice, level by level."""
    command = use.SendDunningNoticeCommand(
        ledger_id=ledger_id, expected_version=v, **body.model_dump()
    )
    return _answer(ledgers, use.send_dunning_notice, command, r)


@router.post(
    "/{ledger_id}/costs", response_model=s.LedgerView, responses=COMMAND_ERRORS
)
def book_cost(
    ledger_id: UUID,
    body: s.BookCost,
    ledgers: Ledgers,
    v: ExpectedVersion,
    r: Response,
) -> s.LedgerView:
    """Book an actual cost of the project."""
    command = use.BookCostCommand(
        ledger_id=ledger_id, expected_version=v, **body.model_dump()
    )
    return _answer(ledgers, use.book_cost, command, r)


@router.post(
    "/{ledger_id}/final-accounts", response_model=s.LedgerView, responses=COMMAND_ERRORS
)
def draw_final_accounts(
    ledger_id: UUID,
    body: s.DrawFinalAccounts,
    ledgers: Ledgers,
    v: ExpectedVersion,
    r: Response,
) -> s.LedgerView:
    """Draw the final accounts, once nothing is open; the books close."""
    command = use.DrawFinalAccountsCommand(
        ledger_id=ledger_id, expected_version=v, **body.model_dump()
    )
    return _answer(ledgers, use.draw_final_accounts, command, r)


batch = batch_router("/ledgers", "ledgers", use.HANDLERS, store)
