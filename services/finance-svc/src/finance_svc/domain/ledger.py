"""The ledger aggregate: one per signed contract, it keeps the billing plan,
what was invoiced and credited, what was collected, and what the project
actually cost (the actuals), until the final accounts close it.

Dates are checked against what they depend on: an invoice or a cost is not
dated before the contract was signed, a payment not before its invoice.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from finance_svc.domain import rules
from finance_svc.domain.actuals import Actuals, Costs
from finance_svc.domain.credit import CustomerCredit
from finance_svc.domain.figures import LedgerFigures
from finance_svc.domain.invoice import ZERO, Invoice
from finance_svc.domain.plan import PlanLine
from finance_svc.domain.receivables import Receivables
from ltc_shared.aggregate import (
    Trace,
    require,
    require_not_before,
)
from ltc_shared.ids import derived_id


class Ledger(LedgerFigures, CustomerCredit):
    @staticmethod
    def create_id(ledger_id: UUID) -> UUID:
        return ledger_id

    @event("LedgerOpened")
    def __init__(
        self,
        ledger_id: UUID,
        contract_id: UUID,
        value: Decimal,
        currency: str,
        payment_days: int,
        customer: str | None,
        business_unit: str | None,
        occurred_on: date,
        trace: Trace,
    ) -> None:
        self.trace = trace
        self.contract_id = contract_id
        self.value = value
        self.currency = currency
        self.payment_days = payment_days
        self.customer = customer
        self.business_unit = business_unit
        self.opened_on = occurred_on
        self.receivables = Receivables(value)
        self.costs = Costs()
        self.plan: list[PlanLine] = []
        self.credit_notes: dict[str, str] = {}
        self.payment_refs: set[str] = set()
        # nothing was ever owed, so nothing is left to settle
        self.account_settled = True
        self.final_accounts: Actuals | None = None
        self.refund_refs: set[str] = set()
        self.project_closed_on: date | None = None

    @classmethod
    def open(
        cls,
        contract_id: UUID,
        value: Decimal,
        currency: str,
        payment_days: int,
        customer: str | None,
        business_unit: str | None,
        signed_on: date,
        trace: Trace,
    ) -> Ledger:
        """Open the ledger of a contract signed on `signed_on`."""
        ledger_id = derived_id("ledger", contract_id)
        return cls(
            ledger_id=ledger_id,
            contract_id=contract_id,
            value=value,
            currency=currency,
            payment_days=payment_days,
            customer=customer,
            business_unit=business_unit,
            occurred_on=signed_on,
            trace=trace
            | {"contract_id": str(contract_id), "ledger_id": str(ledger_id)},
        )

    def _check_books_open(self, occurred_on: date, what: str) -> None:
        rules.books_open(self.final_accounts is not None)
        require_not_before(occurred_on, self.opened_on, what)

    # billing plan

    def set_billing_plan(self, lines: list[PlanLine], occurred_on: date) -> None:
        self._check_books_open(occurred_on, "billing plan")
        rules.plan_changeable(self.invoices.values())
        rules.plan(lines, self.value, self.opened_on)
        self._billing_plan_set(
            lines=[line.as_event() for line in lines], occurred_on=occurred_on
        )

    @event("BillingPlanSet")
    def _billing_plan_set(self, lines: list[dict[str, Any]], occurred_on: date) -> None:
        self.plan = [PlanLine(**line) for line in lines]

    # invoices and credit notes

    def issue_invoice(
        self,
        invoice_number: str,
        amount: Decimal,
        due_on: date,
        disputed: bool,
        occurred_on: date,
        line_id: str | None = None,
        advance: bool = False,
    ) -> None:
        self._check_books_open(occurred_on, "invoice")
        self._require_project_open("invoice", "no-invoices-after-atcc")
        line = rules.plan_line(self.plan, line_id)
        advance = rules.invoice_kind(line, advance)
        rules.invoice(self.receivables, invoice_number, amount, advance)
        rules.within_line(self.invoices.values(), line, amount)
        require(
            due_on >= occurred_on,
            "due-not-before-issue",
            f"invoice due on {due_on} is issued later, on {occurred_on}",
        )
        deduction = ZERO if advance else self.receivables.deduction_for(amount)
        self._invoice_issued(
            invoice_number=invoice_number,
            amount=amount,
            due_on=due_on,
            disputed=disputed,
            occurred_on=occurred_on,
            line_id=line_id,
            advance=advance,
            advance_deduction=deduction,
        )
        self._settle([invoice_number], occurred_on)

    @event("InvoiceIssued")
    def _invoice_issued(
        self,
        invoice_number: str,
        amount: Decimal,
        due_on: date,
        disputed: bool,
        occurred_on: date,
        line_id: str | None = None,
        advance: bool = False,
        advance_deduction: Decimal = ZERO,
    ) -> None:
        invoice = Invoice(invoice_number, amount, occurred_on, due_on, disputed)
        invoice.advance, invoice.line_id = advance, line_id
        invoice.deduct(advance_deduction)
        self.invoices[invoice_number] = invoice
        if invoice.open_amount:
            self.account_settled = False

    def issue_credit_note(
        self,
        credit_note_number: str,
        invoice_number: str,
        amount: Decimal,
        occurred_on: date,
    ) -> None:
        self._check_books_open(occurred_on, "credit note")
        invoice = rules.credit_note(
            self.receivables, self.credit_notes, credit_note_number, invoice_number
        )
        rules.within_credit(self.receivables, invoice, amount)
        require_not_before(occurred_on, invoice.issued_on, "credit note")
        self._credit_note_issued(
            credit_note_number=credit_note_number,
            invoice_number=invoice_number,
            amount=amount,
            advance_returned=invoice.returned_by_credit(amount),
            occurred_on=occurred_on,
        )
        self._settle([invoice_number], occurred_on)

    @event("CreditNoteIssued")
    def _credit_note_issued(
        self,
        credit_note_number: str,
        invoice_number: str,
        amount: Decimal,
        advance_returned: Decimal,
        occurred_on: date,
    ) -> None:
        self.credit_notes[credit_note_number] = invoice_number
        invoice = self.invoices[invoice_number]
        self.receivables.unapplied += invoice.credit(amount, occurred_on)

    # collection

    def record_payment(
        self, invoice_number: str, amount: Decimal, occurred_on: date
    ) -> None:
        """A payment received against one invoice; it may pay part of it."""
        self._check_books_open(occurred_on, "payment")
        rules.payment(self.receivables, invoice_number, amount, occurred_on)
        self._payment_received(
            invoice_number=invoice_number, amount=amount, occurred_on=occurred_on
        )
        self._settle([invoice_number], occurred_on)

    def receive_payment(
        self,
        payment_ref: str,
        amount: Decimal,
        allocations: list[tuple[str, Decimal]] | None,
        occurred_on: date,
    ) -> None:
        """Cash received: to the invoices named, or the oldest due first; what
        no open invoice takes becomes the customer's credit."""
        self._check_books_open(occurred_on, "payment")
        rules.payment_ref(self.payment_refs, payment_ref)
        if allocations is None:
            allocations = self.receivables.allocate(amount)
        rules.allocations(self.receivables, amount, allocations, occurred_on)
        for invoice_number, part in allocations:
            self._payment_received(
                invoice_number=invoice_number,
                amount=part,
                occurred_on=occurred_on,
                payment_ref=payment_ref,
            )
        rest = amount - sum((part for _, part in allocations), ZERO)
        if rest:
            self._customer_credit_recorded(
                payment_ref=payment_ref, amount=rest, occurred_on=occurred_on
            )
        self._settle([number for number, _ in allocations], occurred_on)

    @event("PaymentReceived")
    def _payment_received(
        self,
        invoice_number: str,
        amount: Decimal,
        occurred_on: date,
        payment_ref: str | None = None,
    ) -> None:
        self.invoices[invoice_number].collect(amount, occurred_on)
        self.receivables.cash += amount
        if payment_ref is not None:
            self.payment_refs.add(payment_ref)

    @event("CustomerCreditRecorded")
    def _customer_credit_recorded(
        self, payment_ref: str, amount: Decimal, occurred_on: date
    ) -> None:
        self.receivables.unapplied += amount
        self.receivables.cash += amount
        self.payment_refs.add(payment_ref)

    def _settle(self, numbers: list[str], occurred_on: date) -> None:
        for number in dict.fromkeys(numbers):
            invoice = self.invoices[number]
            if not invoice.open_amount and invoice.settled_on is None:
                self._invoice_settled(invoice_number=number, occurred_on=occurred_on)
        if not self.outstanding and not self.account_settled:
            self._account_settled(occurred_on=occurred_on)

    @event("InvoiceSettled")
    def _invoice_settled(self, invoice_number: str, occurred_on: date) -> None:
        self.invoices[invoice_number].settled_on = occurred_on

    @event("AccountSettled")
    def _account_settled(self, occurred_on: date) -> None:
        self.account_settled = True

    def send_dunning_notice(
        self, invoice_number: str, level: int, occurred_on: date
    ) -> None:
        self._check_books_open(occurred_on, "dunning notice")
        rules.dunning(self.receivables, invoice_number, level, occurred_on)
        self._dunning_notice_sent(
            invoice_number=invoice_number, level=level, occurred_on=occurred_on
        )

    @event("DunningNoticeSent")
    def _dunning_notice_sent(
        self, invoice_number: str, level: int, occurred_on: date
    ) -> None:
        self.invoices[invoice_number].dunning_level = level

    # actuals and final accounts

    def book_cost(
        self,
        category: str,
        amount: Decimal | None,
        note: str,
        occurred_on: date,
        role: str | None = None,
        hours: Decimal | None = None,
        rate: Decimal | None = None,
    ) -> None:
        """Book an actual cost of the project, for example labour or travel;
        labour may be booked as hours at a rate."""
        self._check_books_open(occurred_on, "cost")
        self._require_project_open("cost", "no-costs-after-atcc")
        amount = rules.cost_amount(amount, hours, rate)
        self._cost_booked(
            category=category,
            amount=amount,
            note=note,
            occurred_on=occurred_on,
            role=role,
            hours=hours,
            rate=rate,
        )

    @event("CostBooked")
    def _cost_booked(
        self,
        category: str,
        amount: Decimal,
        note: str,
        occurred_on: date,
        role: str | None = None,
        hours: Decimal | None = None,
        rate: Decimal | None = None,
    ) -> None:
        self.costs.book(category, amount, role, hours)

    def draw_final_accounts(self, occurred_on: date) -> None:
        """Close the books: what the project earned, cost and collected."""
        self._check_books_open(occurred_on, "final accounts")
        rules.nothing_open(self.receivables)
        final = self.actuals
        self._final_accounts_drawn(
            revenue=final.revenue,
            cost=final.cost,
            margin=final.margin,
            collected=final.collected,
            occurred_on=occurred_on,
        )

    def revalue(self, change_id: str, value_delta: Decimal, occurred_on: date) -> bool:
        """An approved contract change (ATAC) moves what may be invoiced; a
        change heard twice moves it once. Says whether it was new."""
        if change_id in getattr(self, "changes_applied", set()):
            return False
        self._revalued(
            change_id=change_id,
            value_delta=value_delta,
            value=self.value + value_delta,
            occurred_on=occurred_on,
        )
        return True

    @event("LedgerRevalued")
    def _revalued(
        self, change_id: str, value_delta: Decimal, value: Decimal, occurred_on: date
    ) -> None:
        self.changes_applied = getattr(self, "changes_applied", set()) | {change_id}
        self.value = value
        self.receivables.value = value

    @event("FinalAccountsDrawn")
    def _final_accounts_drawn(
        self,
        revenue: Decimal,
        cost: Decimal,
        margin: Decimal,
        collected: Decimal,
        occurred_on: date,
    ) -> None:
        self.final_accounts = Actuals(revenue, cost, margin, collected)
