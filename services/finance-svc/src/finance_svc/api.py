"""finance-svc's REST API: thin routes over the ledger use cases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel

from finance_svc import application as use
from finance_svc.domain import Ledger
from finance_svc.schemas import BookCost, IssueInvoice, LedgerView, RecordPayment
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
) -> LedgerView:
    ledger, _ = execute(ledgers, run, command)
    set_version(response, ledger.version)
    return LedgerView.of(ledger)


@router.get("/{ledger_id}", response_model=LedgerView, responses=problem_responses(404))
def get_ledger(ledger_id: UUID, ledgers: Ledgers, response: Response) -> LedgerView:
    """A signed contract's ledger: invoiced, collected, outstanding, actuals."""
    ledger = ledgers.load(Ledger, ledger_id, "ledger")
    set_version(response, ledger.version)
    return LedgerView.of(ledger)


@router.post(
    "/{ledger_id}/invoices", response_model=LedgerView, responses=COMMAND_ERRORS
)
def issue_invoice(
    ledger_id: UUID,
    body: IssueInvoice,
    ledgers: Ledgers,
    v: ExpectedVersion,
    r: Response,
) -> LedgerView:
    """Issue an invoice, within the contract value."""
    command = use.IssueInvoiceCommand(
        ledger_id=ledger_id, expected_version=v, **body.model_dump()
    )
    return _answer(ledgers, use.issue_invoice, command, r)


@router.post(
    "/{ledger_id}/payments", response_model=LedgerView, responses=COMMAND_ERRORS
)
def record_payment(
    ledger_id: UUID,
    body: RecordPayment,
    ledgers: Ledgers,
    v: ExpectedVersion,
    r: Response,
) -> LedgerView:
    """Record a payment received against an issued invoice."""
    command = use.RecordPaymentCommand(
        ledger_id=ledger_id, expected_version=v, **body.model_dump()
    )
    return _answer(ledgers, use.record_payment, command, r)


@router.post("/{ledger_id}/costs", response_model=LedgerView, responses=COMMAND_ERRORS)
def book_cost(
    ledger_id: UUID,
    body: BookCost,
    ledgers: Ledgers,
    v: ExpectedVersion,
    r: Response,
) -> LedgerView:
    """Book an actual cost of the project."""
    command = use.BookCostCommand(
        ledger_id=ledger_id, expected_version=v, **body.model_dump()
    )
    return _answer(ledgers, use.book_cost, command, r)


batch = batch_router("/ledgers", "ledgers", use.HANDLERS, store)
