"""The advance: billed ahead, deducted from the later invoices exactly once,
whatever the order of invoices and credit notes."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from itertools import permutations

import pytest

from finance_svc.domain import Ledger
from ltc_shared.errors import RuleViolated
from ltc_shared.testing import new_events

Refused = Callable[[Ledger, str, Callable[[], object]], None]
ISSUED_ON = date(2024, 4, 1)


def issue(
    ledger: Ledger, number: str, amount: str, advance: bool = False
) -> Callable[[], None]:
    return lambda: ledger.issue_invoice(
        number,
        Decimal(amount),
        ISSUED_ON + timedelta(days=30),
        False,
        ISSUED_ON,
        advance=advance,
    )


def credit(
    ledger: Ledger, number: str, invoice: str, amount: str
) -> Callable[[], None]:
    return lambda: ledger.issue_credit_note(number, invoice, Decimal(amount), ISSUED_ON)


@pytest.fixture
def advanced(opened: Ledger) -> Ledger:
    """Given also: an advance invoice of 3,000 on the 10,000 contract."""
    issue(opened, "ADV", "3000.00", advance=True)()
    opened.collect_events()
    return opened


def deductions(ledger: Ledger) -> list[Decimal]:
    return [fields["advance_deduction"] for _, fields in new_events(ledger)]


def test_the_advance_is_recovered_pro_rata_and_the_last_invoice_takes_the_rest(
    advanced: Ledger,
) -> None:
    for number, amount in [("1", "3333.33"), ("2", "3333.33"), ("3", "3333.34")]:
        issue(advanced, number, amount)()

    assert deductions(advanced) == [
        Decimal("1000.00"),
        Decimal("1000.00"),
        Decimal("1000.00"),
    ]
    assert [advanced.invoices[n].due for n in "123"] == [
        Decimal("2333.33"),
        Decimal("2333.33"),
        Decimal("2333.34"),
    ]
    assert advanced.receivables.advance_pool == 0
    assert advanced.invoiced == advanced.value


def test_an_invoice_without_an_advance_deducts_nothing(opened: Ledger) -> None:
    issue(opened, "1", "4000.00")()

    assert deductions(opened) == [Decimal("0.00")]


def test_a_credit_note_gives_a_deduction_back_once(advanced: Ledger) -> None:
    issue(advanced, "1", "5000.00")()
    credit(advanced, "C1", "1", "2000.00")()
    credit(advanced, "C2", "1", "3000.00")()

    events = new_events(advanced)
    assert [kind for kind, _ in events] == [
        "InvoiceIssued",
        "CreditNoteIssued",
        "CreditNoteIssued",
        "InvoiceSettled",
    ]
    assert [fields["advance_returned"] for _, fields in events[1:3]] == [
        Decimal("600.00"),
        Decimal("900.00"),
    ]
    assert events[2][1]["amount"] == Decimal("3000.00")
    assert advanced.receivables.advance_pool == Decimal("3000.00")
    assert advanced.invoices["1"].due == 0


def test_a_credit_note_on_the_advance_shrinks_what_is_deducted(
    advanced: Ledger,
) -> None:
    credit(advanced, "C1", "ADV", "1000.00")()
    issue(advanced, "1", "10000.00")()

    assert advanced.receivables.advance_pool == 0
    assert advanced.invoices["1"].advance_deduction == Decimal("2000.00")


def test_an_advance_already_deducted_cannot_be_credited(
    advanced: Ledger, refused: Refused
) -> None:
    issue(advanced, "1", "5000.00")()
    advanced.collect_events()

    refused(
        advanced,
        "advance-credit-within-unrecovered",
        credit(advanced, "C1", "ADV", "1500.01"),
    )


def test_an_advance_beyond_the_work_still_to_invoice_is_refused(
    advanced: Ledger, refused: Refused
) -> None:
    issue(advanced, "1", "6000.00")()
    advanced.collect_events()

    # 1,200 of the advance is left; 4,000 of work is still to invoice
    refused(
        advanced,
        "advance-within-work-to-invoice",
        issue(advanced, "ADV2", "2800.01", advance=True),
    )


OPERATIONS: dict[str, Callable[[Ledger], Callable[[], None]]] = {
    "advance credited": lambda ledger: credit(ledger, "CA", "ADV", "500.00"),
    "first invoice": lambda ledger: issue(ledger, "1", "2500.00"),
    "second invoice": lambda ledger: issue(ledger, "2", "4999.99"),
    "first credited": lambda ledger: credit(ledger, "C1", "1", "2500.00"),
    "second credited in part": lambda ledger: credit(ledger, "C2", "2", "1234.56"),
    "second advance": lambda ledger: issue(ledger, "ADV2", "700.00", advance=True),
}


def check_the_advance_is_never_deducted_twice(ledger: Ledger) -> None:
    books = ledger.receivables
    assert 0 <= books.advance_pool <= books.work_to_invoice
    assert all(
        i.open_amount >= 0 and i.deduction >= 0 for i in ledger.invoices.values()
    )


@pytest.mark.parametrize("order", list(permutations(OPERATIONS)))
def test_the_advance_is_deducted_exactly_once_in_any_order(
    advanced: Ledger, order: tuple[str, ...]
) -> None:
    for name in order:
        with contextlib.suppress(RuleViolated):
            OPERATIONS[name](advanced)()
        check_the_advance_is_never_deducted_twice(advanced)

    # then the rest of the work is invoiced
    rest = advanced.receivables.work_to_invoice
    if rest:
        issue(advanced, "last", str(rest))()

    books = advanced.receivables
    assert books.advance_pool == 0
    recovered = sum(i.deduction for i in advanced.invoices.values())
    assert recovered == books.advance_billed
    assert advanced.invoiced == advanced.value
