"""The ledger aggregate: one per signed contract, it keeps what was invoiced,
what was collected and what the project actually cost (the actuals).

Dates are checked against what they depend on: an invoice or a cost is not
dated before the contract was signed, a payment not before its invoice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal
from uuid import UUID

from eventsourcing.domain import event

from ltc_shared.aggregate import Trace, TracedAggregate, require, require_not_before
from ltc_shared.errors import RuleViolated
from ltc_shared.ids import derived_id

InvoiceStatus = Literal["open", "partly_paid", "paid"]
ZERO = Decimal("0.00")


@dataclass
class Invoice:
    number: str
    amount: Decimal
    issued_on: date
    due_on: date
    disputed: bool
    collected: Decimal = ZERO
    settled_on: date | None = None

    @property
    def open_amount(self) -> Decimal:
        return self.amount - self.collected

    @property
    def status(self) -> InvoiceStatus:
        if self.open_amount == 0:
            return "paid"
        return "partly_paid" if self.collected else "open"


def _require_positive(amount: Decimal, what: str) -> None:
    require(amount > 0, "amount-positive", f"the {what} amount is above 0")


class Ledger(TracedAggregate):
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
        self.invoices: dict[str, Invoice] = {}
        self.costs: dict[str, Decimal] = {}

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

    @property
    def invoiced(self) -> Decimal:
        return sum((i.amount for i in self.invoices.values()), ZERO)

    @property
    def collected(self) -> Decimal:
        return sum((i.collected for i in self.invoices.values()), ZERO)

    @property
    def outstanding(self) -> Decimal:
        """Invoiced but not yet collected: what the customer owes now."""
        return self.invoiced - self.collected

    @property
    def uninvoiced(self) -> Decimal:
        return self.value - self.invoiced

    @property
    def actual_cost(self) -> Decimal:
        return sum(self.costs.values(), ZERO)

    def issue_invoice(
        self,
        invoice_number: str,
        amount: Decimal,
        due_on: date,
        disputed: bool,
        occurred_on: date,
    ) -> None:
        _require_positive(amount, "invoice")
        require(
            invoice_number not in self.invoices,
            "invoice-number-unique",
            f"invoice {invoice_number} was already issued",
        )
        require(
            self.invoiced + amount <= self.value,
            "invoiced-within-contract-value",
            f"invoicing {amount} would bring the total above the contract "
            f"value of {self.value} {self.currency} ({self.invoiced} invoiced)",
        )
        require(
            due_on >= occurred_on,
            "due-not-before-issue",
            f"invoice due on {due_on} is issued later, on {occurred_on}",
        )
        require_not_before(occurred_on, self.opened_on, "invoice")
        self._invoice_issued(
            invoice_number=invoice_number,
            amount=amount,
            due_on=due_on,
            disputed=disputed,
            occurred_on=occurred_on,
        )

    @event("InvoiceIssued")
    def _invoice_issued(
        self,
        invoice_number: str,
        amount: Decimal,
        due_on: date,
        disputed: bool,
        occurred_on: date,
    ) -> None:
        self.invoices[invoice_number] = Invoice(
            invoice_number, amount, occurred_on, due_on, disputed
        )

    def record_payment(
        self, invoice_number: str, amount: Decimal, occurred_on: date
    ) -> None:
        """A payment received against one invoice; it may pay part of it."""
        _require_positive(amount, "payment")
        invoice = self.invoices.get(invoice_number)
        if invoice is None:
            raise RuleViolated(
                "payment-needs-invoice",
                f"no invoice {invoice_number} was issued on this ledger",
            )
        require(
            amount <= invoice.open_amount,
            "payment-within-open-amount",
            f"{amount} is more than the {invoice.open_amount} still open "
            f"on invoice {invoice_number}",
        )
        require_not_before(occurred_on, invoice.issued_on, "payment")
        self._payment_received(
            invoice_number=invoice_number, amount=amount, occurred_on=occurred_on
        )

    @event("PaymentReceived")
    def _payment_received(
        self, invoice_number: str, amount: Decimal, occurred_on: date
    ) -> None:
        invoice = self.invoices[invoice_number]
        invoice.collected += amount
        if invoice.open_amount == 0:
            invoice.settled_on = occurred_on

    def book_cost(
        self, category: str, amount: Decimal, note: str, occurred_on: date
    ) -> None:
        """Book an actual cost of the project, for example labour or travel."""
        _require_positive(amount, "cost")
        require_not_before(occurred_on, self.opened_on, "cost")
        self._cost_booked(
            category=category, amount=amount, note=note, occurred_on=occurred_on
        )

    @event("CostBooked")
    def _cost_booked(
        self, category: str, amount: Decimal, note: str, occurred_on: date
    ) -> None:
        self.costs[category] = self.costs.get(category, ZERO) + amount
