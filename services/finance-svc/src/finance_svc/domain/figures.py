"""The figures a ledger shows, read from its receivables and costs."""

from __future__ import annotations

from decimal import Decimal

from finance_svc.domain.actuals import Actuals, Costs
from finance_svc.domain.invoice import Invoice
from finance_svc.domain.receivables import Receivables


class LedgerFigures:
    value: Decimal
    receivables: Receivables
    costs: Costs

    @property
    def invoices(self) -> dict[str, Invoice]:
        return self.receivables.invoices

    @property
    def invoiced(self) -> Decimal:
        """What the customer was asked to pay, net of credit notes."""
        return self.receivables.due

    @property
    def collected(self) -> Decimal:
        return self.receivables.collected

    @property
    def outstanding(self) -> Decimal:
        """Invoiced but not yet collected: what the customer owes now."""
        return self.receivables.outstanding

    @property
    def uninvoiced(self) -> Decimal:
        return self.value - self.invoiced

    @property
    def actual_cost(self) -> Decimal:
        return self.costs.total

    @property
    def actuals(self) -> Actuals:
        return Actuals.of(self.receivables, self.costs)
