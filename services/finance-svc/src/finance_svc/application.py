"""Ledger use cases: each command loads a ledger, runs one method, and returns
it; the route or batch that called it stores the events.

Ledgers are not created through the API: a signed contract opens its ledger
(see finance_svc.consumers).
"""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from finance_svc import schemas as s
from finance_svc.domain import Ledger, generate
from ltc_shared.commands import Handler, Targeted, UnitOfWork
from ltc_shared.eventstore import ServiceApplication


class LedgerStore(ServiceApplication):
    name = "finance"


class OnLedger(Targeted):
    ledger_id: UUID


class GenerateBillingPlanCommand(s.GenerateBillingPlan, OnLedger):
    type: Literal["GenerateBillingPlan"] = "GenerateBillingPlan"


class SetBillingPlanCommand(s.SetBillingPlan, OnLedger):
    type: Literal["SetBillingPlan"] = "SetBillingPlan"


class IssueInvoiceCommand(s.IssueInvoice, OnLedger):
    type: Literal["IssueInvoice"] = "IssueInvoice"


class IssueCreditNoteCommand(s.IssueCreditNote, OnLedger):
    type: Literal["IssueCreditNote"] = "IssueCreditNote"


class RecordPaymentCommand(s.RecordPayment, OnLedger):
    type: Literal["RecordPayment"] = "RecordPayment"


class ReceivePaymentCommand(s.ReceivePayment, OnLedger):
    type: Literal["ReceivePayment"] = "ReceivePayment"


class ApplyCreditCommand(s.ApplyCredit, OnLedger):
    type: Literal["ApplyCredit"] = "ApplyCredit"


class RefundCreditCommand(s.RefundCredit, OnLedger):
    type: Literal["RefundCredit"] = "RefundCredit"


class SendDunningNoticeCommand(s.SendDunningNotice, OnLedger):
    type: Literal["SendDunningNotice"] = "SendDunningNotice"


class BookCostCommand(s.BookCost, OnLedger):
    type: Literal["BookCost"] = "BookCost"


class DrawFinalAccountsCommand(s.DrawFinalAccounts, OnLedger):
    type: Literal["DrawFinalAccounts"] = "DrawFinalAccounts"


def _ledger(command: OnLedger, unit: UnitOfWork) -> Ledger:
    return unit.load(Ledger, command.ledger_id, "ledger", command.expected_version)


def generate_billing_plan(
    command: GenerateBillingPlanCommand, unit: UnitOfWork
) -> Ledger:
    ledger = _ledger(command, unit)
    lines = generate(
        command.value,
        command.advance_share,
        command.instalments,
        command.first_due_on,
        command.interval_days,
    )
    ledger.set_billing_plan(lines, command.occurred_on)
    return ledger


def set_billing_plan(command: SetBillingPlanCommand, unit: UnitOfWork) -> Ledger:
    ledger = _ledger(command, unit)
    ledger.set_billing_plan(
        [line.line() for line in command.lines], command.occurred_on
    )
    return ledger


def issue_invoice(command: IssueInvoiceCommand, unit: UnitOfWork) -> Ledger:
    ledger = _ledger(command, unit)
    ledger.issue_invoice(
        command.invoice_number,
        command.amount,
        command.due_on,
        command.disputed,
        command.occurred_on,
        command.line_id,
        command.advance,
    )
    return ledger


def issue_credit_note(command: IssueCreditNoteCommand, unit: UnitOfWork) -> Ledger:
    ledger = _ledger(command, unit)
    ledger.issue_credit_note(
        command.credit_note_number,
        command.invoice_number,
        command.amount,
        command.occurred_on,
    )
    return ledger


def record_payment(command: RecordPaymentCommand, unit: UnitOfWork) -> Ledger:
    ledger = _ledger(command, unit)
    ledger.record_payment(command.invoice_number, command.amount, command.occurred_on)
    return ledger


def receive_payment(command: ReceivePaymentCommand, unit: UnitOfWork) -> Ledger:
    ledger = _ledger(command, unit)
    ledger.receive_payment(
        command.payment_ref, command.amount, command.parts(), command.occurred_on
    )
    return ledger


def apply_credit(command: ApplyCreditCommand, unit: UnitOfWork) -> Ledger:
    ledger = _ledger(command, unit)
    ledger.apply_credit(command.invoice_number, command.amount, command.occurred_on)
    return ledger


def refund_credit(command: RefundCreditCommand, unit: UnitOfWork) -> Ledger:
    ledger = _ledger(command, unit)
    ledger.refund_credit(command.refund_ref, command.amount, command.occurred_on)
    return ledger


def send_dunning_notice(command: SendDunningNoticeCommand, unit: UnitOfWork) -> Ledger:
    ledger = _ledger(command, unit)
    ledger.send_dunning_notice(
        command.invoice_number, command.level, command.occurred_on
    )
    return ledger


def book_cost(command: BookCostCommand, unit: UnitOfWork) -> Ledger:
    ledger = _ledger(command, unit)
    ledger.book_cost(
        command.category,
        command.amount,
        command.note,
        command.occurred_on,
        command.role,
        command.hours,
        command.rate,
    )
    return ledger


def draw_final_accounts(command: DrawFinalAccountsCommand, unit: UnitOfWork) -> Ledger:
    ledger = _ledger(command, unit)
    ledger.draw_final_accounts(command.occurred_on)
    return ledger


HANDLERS: dict[str, Handler[Any]] = {
    "GenerateBillingPlan": Handler(GenerateBillingPlanCommand, generate_billing_plan),
    "SetBillingPlan": Handler(SetBillingPlanCommand, set_billing_plan),
    "IssueInvoice": Handler(IssueInvoiceCommand, issue_invoice),
    "IssueCreditNote": Handler(IssueCreditNoteCommand, issue_credit_note),
    "RecordPayment": Handler(RecordPaymentCommand, record_payment),
    "ReceivePayment": Handler(ReceivePaymentCommand, receive_payment),
    "ApplyCredit": Handler(ApplyCreditCommand, apply_credit),
    "RefundCredit": Handler(RefundCreditCommand, refund_credit),
    "SendDunningNotice": Handler(SendDunningNoticeCommand, send_dunning_notice),
    "BookCost": Handler(BookCostCommand, book_cost),
    "DrawFinalAccounts": Handler(DrawFinalAccountsCommand, draw_final_accounts),
}
