"""What finance-svc's API accepts and answers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field

from finance_svc.domain import Invoice, InvoiceStatus, Ledger
from ltc_shared.commands import Command
from ltc_shared.money import PositiveAmount

Name = Annotated[str, Field(min_length=1, max_length=200)]
InvoiceNumber = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        description="As printed on the invoice; leading zeros are kept.",
        examples=["0000611365"],
    ),
]


class IssueInvoice(Command):
    invoice_number: InvoiceNumber
    amount: PositiveAmount
    due_on: date
    disputed: bool = False
    occurred_on: date = Field(description="The day the invoice was issued.")


class RecordPayment(Command):
    invoice_number: InvoiceNumber
    amount: PositiveAmount = Field(
        description="May pay part of the invoice; never more than is still open."
    )
    occurred_on: date = Field(description="The day the payment was received.")


class BookCost(Command):
    category: Name = Field(examples=["labour", "travel", "third party"])
    amount: PositiveAmount
    note: Annotated[str, Field(max_length=2000)] = ""
    occurred_on: date


class InvoiceView(BaseModel):
    invoice_number: str
    amount: Decimal
    issued_on: date
    due_on: date
    disputed: bool
    collected: Decimal
    open_amount: Decimal
    status: InvoiceStatus
    settled_on: date | None

    @classmethod
    def of(cls, invoice: Invoice) -> InvoiceView:
        return cls(
            invoice_number=invoice.number,
            amount=invoice.amount,
            issued_on=invoice.issued_on,
            due_on=invoice.due_on,
            disputed=invoice.disputed,
            collected=invoice.collected,
            open_amount=invoice.open_amount,
            status=invoice.status,
            settled_on=invoice.settled_on,
        )


class LedgerView(BaseModel):
    id: UUID
    version: int
    contract_id: UUID
    currency: str
    payment_days: int
    customer: str | None
    business_unit: str | None
    opened_on: date
    value: Decimal = Field(description="The signed contract value.")
    invoiced: Decimal
    collected: Decimal
    outstanding: Decimal = Field(description="Invoiced and not yet collected.")
    uninvoiced: Decimal = Field(description="Contract value not yet invoiced.")
    actual_cost: Decimal = Field(description="Costs booked so far (the actuals).")
    costs_by_category: dict[str, Decimal]
    invoices: list[InvoiceView]
    trace: dict[str, str]

    @classmethod
    def of(cls, ledger: Ledger) -> LedgerView:
        return cls(
            id=ledger.id,
            version=ledger.version,
            contract_id=ledger.contract_id,
            currency=ledger.currency,
            payment_days=ledger.payment_days,
            customer=ledger.customer,
            business_unit=ledger.business_unit,
            opened_on=ledger.opened_on,
            value=ledger.value,
            invoiced=ledger.invoiced,
            collected=ledger.collected,
            outstanding=ledger.outstanding,
            uninvoiced=ledger.uninvoiced,
            actual_cost=ledger.actual_cost,
            costs_by_category=dict(ledger.costs),
            invoices=[InvoiceView.of(i) for i in ledger.invoices.values()],
            trace=ledger.trace,
        )
