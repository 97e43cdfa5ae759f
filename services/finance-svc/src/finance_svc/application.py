"""Ledger use cases: each command loads a ledger, runs one method, and returns
it; the route or batch that called it stores the events.

Ledgers are not created through the API: a signed contract opens its ledger
(see finance_svc.consumers).
"""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from finance_svc.domain import Ledger
from finance_svc.schemas import BookCost, IssueInvoice, RecordPayment
from ltc_shared.commands import Handler, Targeted, UnitOfWork
from ltc_shared.eventstore import ServiceApplication


class LedgerStore(ServiceApplication):
    name = "finance"


class OnLedger(Targeted):
    ledger_id: UUID


class IssueInvoiceCommand(IssueInvoice, OnLedger):
    type: Literal["IssueInvoice"] = "IssueInvoice"


class RecordPaymentCommand(RecordPayment, OnLedger):
    type: Literal["RecordPayment"] = "RecordPayment"


class BookCostCommand(BookCost, OnLedger):
    type: Literal["BookCost"] = "BookCost"


def _ledger(command: OnLedger, unit: UnitOfWork) -> Ledger:
    return unit.load(Ledger, command.ledger_id, "ledger", command.expected_version)


def issue_invoice(command: IssueInvoiceCommand, unit: UnitOfWork) -> Ledger:
    ledger = _ledger(command, unit)
    ledger.issue_invoice(
        command.invoice_number,
        command.amount,
        command.due_on,
        command.disputed,
        command.occurred_on,
    )
    return ledger


def record_payment(command: RecordPaymentCommand, unit: UnitOfWork) -> Ledger:
    ledger = _ledger(command, unit)
    ledger.record_payment(command.invoice_number, command.amount, command.occurred_on)
    return ledger


def book_cost(command: BookCostCommand, unit: UnitOfWork) -> Ledger:
    ledger = _ledger(command, unit)
    ledger.book_cost(
        command.category, command.amount, command.note, command.occurred_on
    )
    return ledger


HANDLERS: dict[str, Handler[Any]] = {
    "IssueInvoice": Handler(IssueInvoiceCommand, issue_invoice),
    "RecordPayment": Handler(RecordPaymentCommand, record_payment),
    "BookCost": Handler(BookCostCommand, book_cost),
}
