"""Actual costs, and the actuals (third of the four calculations) that the
final accounts (the fourth) freeze when the books close."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from finance_svc.domain.invoice import ZERO
from finance_svc.domain.receivables import Receivables


@dataclass
class Costs:
    by_category: dict[str, Decimal] = field(default_factory=dict)
    by_role: dict[str, Decimal] = field(default_factory=dict)
    hours_by_role: dict[str, Decimal] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return sum(self.by_category.values(), ZERO)

    def book(
        self,
        category: str,
        amount: Decimal,
        role: str | None,
        hours: Decimal | None,
    ) -> None:
        self.by_category[category] = self.by_category.get(category, ZERO) + amount
        if role is not None:
            self.by_role[role] = self.by_role.get(role, ZERO) + amount
            worked = hours if hours is not None else Decimal(0)
            self.hours_by_role[role] = self.hours_by_role.get(role, Decimal(0)) + worked


@dataclass(frozen=True)
class Actuals:
    revenue: Decimal
    """The work invoiced net of credit notes; an advance not yet recovered is
    cash received on account, not revenue."""
    cost: Decimal
    margin: Decimal
    collected: Decimal
    """Cash received, applied to invoices or still the customer's credit."""

    @classmethod
    def of(cls, receivables: Receivables, costs: Costs) -> Actuals:
        revenue, cost = receivables.work_billed, costs.total
        return cls(revenue, cost, revenue - cost, receivables.cash)
