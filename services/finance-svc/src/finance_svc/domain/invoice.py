"""One invoice as the ledger keeps it: what it billed, what of it was deducted
from the advance, credited and collected, and how its open amount moved."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from ltc_shared.money import cents

InvoiceStatus = Literal["open", "partly_paid", "paid", "credited"]
ZERO = Decimal("0.00")


@dataclass
class Invoice:
    number: str
    amount: Decimal
    issued_on: date
    due_on: date
    disputed: bool
    advance: bool = False
    line_id: str | None = None
    advance_deduction: Decimal = ZERO
    credited: Decimal = ZERO
    advance_returned: Decimal = ZERO
    collected: Decimal = ZERO
    settled_on: date | None = None
    dunning_level: int = 0
    moves: list[tuple[date, Decimal]] = field(default_factory=list)
    """Every change of the open amount, by business date, for ageing."""

    def __post_init__(self) -> None:
        self.moves.append((self.issued_on, self.amount))

    def deduct(self, advance: Decimal) -> None:
        self.advance_deduction = advance
        self.moves.append((self.issued_on, -advance))

    @property
    def billed(self) -> Decimal:
        """The amount not credited: work (or advance) the invoice still bills."""
        return self.amount - self.credited

    @property
    def deduction(self) -> Decimal:
        """The part of the advance this invoice still recovers."""
        return self.advance_deduction - self.advance_returned

    @property
    def due(self) -> Decimal:
        """What the customer owes on it in all, paid or not."""
        return self.billed - self.deduction

    @property
    def open_amount(self) -> Decimal:
        return self.due - self.collected

    @property
    def status(self) -> InvoiceStatus:
        if self.open_amount:
            return "partly_paid" if self.collected else "open"
        return "credited" if self.credited and not self.collected else "paid"

    def open_on(self, day: date) -> Decimal:
        return sum((change for on, change in self.moves if on <= day), ZERO)

    def returned_by_credit(self, credit: Decimal) -> Decimal:
        """The advance deduction a credit note of `credit` gives back: the
        deduction follows what is still billed, so crediting the whole invoice
        gives all of it back, once."""
        if not self.advance_deduction:
            return ZERO
        left = self.billed - credit
        keeps = cents(self.advance_deduction * left / self.amount)
        return self.deduction - keeps

    def credit(self, credit: Decimal, on: date) -> Decimal:
        """Apply a credit note; what it frees of cash already collected."""
        returned = self.returned_by_credit(credit)
        self.credited += credit
        self.advance_returned += returned
        freed = max(self.collected - self.due, ZERO)
        self.collected -= freed
        self.moves.append((on, freed - (credit - returned)))
        return freed

    def collect(self, amount: Decimal, on: date) -> None:
        self.collected += amount
        self.moves.append((on, -amount))
