"""What the customer owes the project: invoices, the advance still to recover,
cash received and not yet applied.

The advance is recovered pro rata from the work still to invoice, and the
invoice that bills the last of the work takes whatever is left, so the advance
is deducted exactly once however invoices and credit notes interleave: the
advance not yet recovered (the pool) never exceeds the work still to invoice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from finance_svc.domain.invoice import ZERO, Invoice
from ltc_shared.money import cents


@dataclass
class Receivables:
    value: Decimal
    invoices: dict[str, Invoice] = field(default_factory=dict)
    unapplied: Decimal = ZERO
    """Cash received beyond what was open: the customer's credit."""
    cash: Decimal = ZERO
    """Every payment received, applied to an invoice or not."""

    def _sum(self, amounts: Iterable[Decimal]) -> Decimal:
        return sum(amounts, ZERO)

    @property
    def advance_billed(self) -> Decimal:
        return self._sum(i.billed for i in self.invoices.values() if i.advance)

    @property
    def work_billed(self) -> Decimal:
        """Revenue invoiced: the work billed, net of credit notes."""
        return self._sum(i.billed for i in self.invoices.values() if not i.advance)

    @property
    def advance_pool(self) -> Decimal:
        """The advance billed and not yet deducted from a later invoice."""
        recovered = self._sum(i.deduction for i in self.invoices.values())
        return self.advance_billed - recovered

    @property
    def work_to_invoice(self) -> Decimal:
        return self.value - self.work_billed

    @property
    def due(self) -> Decimal:
        return self._sum(i.due for i in self.invoices.values())

    @property
    def collected(self) -> Decimal:
        return self._sum(i.collected for i in self.invoices.values())

    @property
    def outstanding(self) -> Decimal:
        return self._sum(i.open_amount for i in self.invoices.values())

    def deduction_for(self, amount: Decimal) -> Decimal:
        """The advance a new invoice of `amount` of work recovers."""
        pool, left = self.advance_pool, self.work_to_invoice
        if not pool:
            return ZERO
        pro_rata = cents(pool * amount / left)
        # never leave more advance than work to recover it from
        return min(pool, max(pro_rata, amount - (left - pool)))

    def oldest_due_first(self) -> list[Invoice]:
        """Open invoices a payment without allocations goes to, in order;
        disputed invoices wait for their dispute to be settled."""
        open_ones = [
            i for i in self.invoices.values() if i.open_amount and not i.disputed
        ]
        return sorted(open_ones, key=lambda i: (i.due_on, i.issued_on, i.number))

    def allocate(self, amount: Decimal) -> list[tuple[str, Decimal]]:
        allocations = []
        for invoice in self.oldest_due_first():
            if not amount:
                break
            part = min(amount, invoice.open_amount)
            allocations.append((invoice.number, part))
            amount -= part
        return allocations

    def outstanding_on(self, day: date) -> dict[str, Decimal]:
        """Open amounts of the invoices issued by `day`, as they stood then."""
        found = {}
        for invoice in self.invoices.values():
            if invoice.issued_on <= day and (amount := invoice.open_on(day)):
                found[invoice.number] = amount
        return found
