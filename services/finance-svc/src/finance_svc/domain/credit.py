"""The customer's credit on a ledger: cash no open invoice took, applied
later to an invoice or paid back; and the closure of the project (ATCC),
after which no cost is booked and no invoice raised on it, while payments
against the invoices raised before are still received."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from eventsourcing.domain import event

from finance_svc.domain import rules
from finance_svc.domain.receivables import Receivables
from ltc_shared.aggregate import TracedAggregate, require


class CustomerCredit(TracedAggregate):
    """A part of the ledger; `Ledger` sets up its state."""

    if TYPE_CHECKING:
        receivables: Receivables
        refund_refs: set[str]
        project_closed_on: date | None

        def _check_books_open(self, occurred_on: date, what: str) -> None: ...

        def _settle(self, numbers: list[str], occurred_on: date) -> None: ...

    def apply_credit(
        self, invoice_number: str, amount: Decimal, occurred_on: date
    ) -> None:
        """Apply the customer's unapplied cash to an open invoice."""
        self._check_books_open(occurred_on, "credit applied")
        rules.credit_applied(self.receivables, invoice_number, amount, occurred_on)
        self._credit_applied(
            invoice_number=invoice_number, amount=amount, occurred_on=occurred_on
        )
        self._settle([invoice_number], occurred_on)

    @event("CreditApplied")
    def _credit_applied(
        self, invoice_number: str, amount: Decimal, occurred_on: date
    ) -> None:
        self.receivables.unapplied -= amount
        self.receivables.invoices[invoice_number].collect(amount, occurred_on)

    def refund_credit(
        self, refund_ref: str, amount: Decimal, occurred_on: date
    ) -> None:
        """Pay the customer back some or all of their unapplied cash."""
        self._check_books_open(occurred_on, "refund")
        rules.refund(self.receivables, self.refund_refs, refund_ref, amount)
        self._credit_refunded(
            refund_ref=refund_ref,
            amount=amount,
            credit_left=self.receivables.unapplied - amount,
            occurred_on=occurred_on,
        )

    @event("CreditRefunded")
    def _credit_refunded(
        self, refund_ref: str, amount: Decimal, credit_left: Decimal, occurred_on: date
    ) -> None:
        self.receivables.unapplied -= amount
        self.receivables.cash -= amount
        self.refund_refs.add(refund_ref)

    def note_project_closed(self, occurred_on: date) -> bool:
        """The contract was closed (ATCC); heard twice, noted once. Says
        whether it was new."""
        if self.project_closed_on is not None:
            return False
        self._project_closure_noted(occurred_on=occurred_on)
        return True

    @event("ProjectClosureNoted")
    def _project_closure_noted(self, occurred_on: date) -> None:
        self.project_closed_on = occurred_on

    def _require_project_open(self, what: str, rule: str) -> None:
        closed_on = self.project_closed_on
        require(
            closed_on is None,
            rule,
            f"the project was closed (ATCC) on {closed_on}; no {what} is "
            "raised or booked on it any more",
        )
