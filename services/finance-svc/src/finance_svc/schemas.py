"""What finance-svc's API accepts (commands here) and answers (`views`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field

from finance_svc.domain import LineKind, PlanLine
from finance_svc.views import AgeingView, LedgerView
from ltc_shared.commands import Command
from ltc_shared.money import PositiveAmount
from ltc_shared.text import Name

__all__ = ["AgeingView", "LedgerView"]

Ref = Annotated[str, Field(min_length=1, max_length=64)]
InvoiceNumber = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        description="As printed on the invoice; leading zeros are kept.",
        examples=["0000611365"],
    ),
]
Hours = Annotated[Decimal, Field(gt=0, max_digits=9, decimal_places=2)]


class IssueInvoice(Command):
    invoice_number: InvoiceNumber
    amount: PositiveAmount = Field(
        description="What the invoice bills, before any advance deduction."
    )
    due_on: date
    disputed: bool = False
    line_id: Ref | None = Field(None, description="The billing plan line it bills.")
    advance: bool = Field(
        False, description="Bills the advance (implied by an advance plan line)."
    )
    occurred_on: date = Field(description="The day the invoice was issued.")


class IssueCreditNote(Command):
    credit_note_number: Ref
    invoice_number: InvoiceNumber
    amount: PositiveAmount = Field(
        description="The part of the invoice's amount it cancels."
    )
    occurred_on: date


class RecordPayment(Command):
    invoice_number: InvoiceNumber
    amount: PositiveAmount = Field(
        description="May pay part of the invoice; never more than is still open."
    )
    occurred_on: date = Field(description="The day the payment was received.")


class Allocation(BaseModel):
    invoice_number: InvoiceNumber
    amount: PositiveAmount


class ReceivePayment(Command):
    payment_ref: Ref
    amount: PositiveAmount
    allocations: list[Allocation] | None = Field(
        None,
        description="Without allocations the payment goes to the oldest due "
        "first; what no open invoice takes becomes the customer's credit.",
    )
    occurred_on: date = Field(description="The day the payment was received.")

    def parts(self) -> list[tuple[str, Decimal]] | None:
        if self.allocations is None:
            return None
        return [(a.invoice_number, a.amount) for a in self.allocations]


class ApplyCredit(Command):
    invoice_number: InvoiceNumber
    amount: PositiveAmount
    occurred_on: date


class RefundCredit(Command):
    refund_ref: Ref = Field(description="The payment order that pays it back.")
    amount: PositiveAmount = Field(description="At most the customer's credit.")
    occurred_on: date = Field(description="The day the refund was paid.")


class SendDunningNotice(Command):
    invoice_number: InvoiceNumber
    level: Annotated[int, Field(ge=1, le=3)]
    occurred_on: date


class BookCost(Command):
    category: Name = Field(examples=["labour", "travel", "third party"])
    amount: PositiveAmount | None = Field(
        None, description="Needed unless hours and rate are given."
    )
    note: Annotated[str, Field(max_length=2000)] = ""
    role: Name | None = Field(None, examples=["AR", "SR", "FR"])
    hours: Hours | None = None
    rate: PositiveAmount | None = Field(None, description="Per hour.")
    occurred_on: date


class PlanLineIn(BaseModel):
    line_id: Ref
    kind: LineKind
    due_on: date
    amount: PositiveAmount

    def line(self) -> PlanLine:
        return PlanLine(self.line_id, self.kind, self.due_on, self.amount)


class SetBillingPlan(Command):
    lines: Annotated[list[PlanLineIn], Field(min_length=1, max_length=500)]
    occurred_on: date


class GenerateBillingPlan(Command):
    value: PositiveAmount = Field(description="The contract value.")
    advance_share: Annotated[
        Decimal, Field(ge=0, lt=1, max_digits=5, decimal_places=4)
    ] = Decimal(0)
    instalments: Annotated[int, Field(ge=1, le=500)]
    first_due_on: date
    interval_days: Annotated[int, Field(ge=0, le=3660)]
    occurred_on: date


class DrawFinalAccounts(Command):
    occurred_on: date
