"""Receivables ageing, labour costs, the actuals and the final accounts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pytest
from eventsourcing.utils import resolve_topic

from finance_svc.domain import Ledger, age
from finance_svc.domain.ageing import bucket
from ltc_shared.testing import event_types, new_events

Refused = Callable[[Ledger, str, Callable[[], object]], None]
D = Decimal
DUE = date(2024, 5, 1)
AS_OF = date(2024, 7, 1)


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (-5, "not_yet_due"),
        (0, "not_yet_due"),
        (1, "1_30"),
        (30, "1_30"),
        (31, "31_60"),
        (60, "31_60"),
        (61, "61_90"),
        (90, "61_90"),
        (91, "over_90"),
    ],
)
def test_every_day_past_due_falls_in_one_bucket(days: int, expected: str) -> None:
    assert bucket(days) == expected


@pytest.fixture
def aged(opened: Ledger) -> Ledger:
    """Given: five invoices due 0, 10, 40, 70 and 100 days before 2024-07-01,
    partly paid, one credited in part, and 50 of customer credit."""
    for n, back in enumerate([0, 10, 40, 70, 100]):
        due_on = AS_OF - timedelta(days=back)
        opened.issue_invoice(
            f"{n}", D("1000.00"), due_on, False, date(2024, 3, 12) + timedelta(n)
        )
    opened.record_payment("1", D("250.00"), date(2024, 4, 1))
    opened.issue_credit_note("CN", "2", D("100.00"), date(2024, 4, 2))
    opened.receive_payment("P", D("1050.00"), [("3", D("1000.00"))], date(2024, 4, 3))
    opened.collect_events()
    return opened


def test_the_buckets_sum_to_what_is_outstanding(aged: Ledger) -> None:
    ageing = age(aged.receivables, AS_OF)

    assert ageing.buckets == {
        "not_yet_due": D("1000.00"),
        "1_30": D("750.00"),
        "31_60": D("900.00"),
        "61_90": D("0.00"),
        "over_90": D("1000.00"),
    }
    assert sum(ageing.buckets.values()) == ageing.total_outstanding
    assert ageing.total_outstanding == aged.outstanding
    assert ageing.unapplied_credit == D("50.00")


@pytest.mark.parametrize("days", range(-10, 400, 13))
def test_the_buckets_always_sum_to_the_total(aged: Ledger, days: int) -> None:
    ageing = age(aged.receivables, AS_OF + timedelta(days=days))

    assert sum(ageing.buckets.values()) == ageing.total_outstanding
    assert ageing.total_outstanding == aged.outstanding


def test_ageing_as_of_an_earlier_date_counts_what_was_open_then(
    aged: Ledger,
) -> None:
    # on 2024-03-13 invoices 0 and 1 were issued; nothing was paid yet
    ageing = age(aged.receivables, date(2024, 3, 13))

    assert ageing.total_outstanding == D("2000.00")
    assert sum(ageing.buckets.values()) == D("2000.00")


def test_labour_is_booked_as_hours_at_a_rate(opened: Ledger) -> None:
    opened.book_cost("labour", None, "", date(2024, 4, 2), "FR", D("7.5"), D("80.333"))

    [(kind, fields)] = new_events(opened)
    assert kind == "CostBooked"
    assert (fields["role"], fields["hours"], fields["rate"]) == (
        "FR",
        D("7.5"),
        D("80.333"),
    )
    assert fields["amount"] == D("602.50")
    assert opened.costs.by_role == {"FR": D("602.50")}
    assert opened.costs.hours_by_role == {"FR": D("7.5")}


@pytest.mark.parametrize(
    ("amount", "hours", "rate", "rule"),
    [
        (None, D(2), None, "labour-needs-hours-and-rate"),
        (None, None, D(2), "labour-needs-hours-and-rate"),
        (D(5), D(2), D(2), "cost-is-hours-times-rate"),
        (None, None, None, "cost-needs-amount"),
    ],
)
def test_a_cost_breaking_a_rule_is_refused(
    opened: Ledger,
    refused: Refused,
    amount: Decimal | None,
    hours: Decimal | None,
    rate: Decimal | None,
    rule: str,
) -> None:
    refused(
        opened,
        rule,
        lambda: opened.book_cost(
            "labour", amount, "", date(2024, 4, 2), "AR", hours, rate
        ),
    )


@pytest.fixture
def delivered(opened: Ledger) -> Ledger:
    """Given: 10,000 invoiced, 500 credited, all paid; 6,000 of costs."""
    opened.issue_invoice("1", D(10000), DUE, False, date(2024, 4, 1))
    opened.issue_credit_note("CN", "1", D(500), date(2024, 4, 2))
    opened.record_payment("1", D(9500), date(2024, 4, 20))
    opened.book_cost("labour", D(6000), "", date(2024, 4, 21))
    opened.collect_events()
    return opened


def test_the_actuals_show_revenue_cost_margin_and_cash(delivered: Ledger) -> None:
    actuals = delivered.actuals

    assert (actuals.revenue, actuals.cost, actuals.margin, actuals.collected) == (
        D(9500),
        D(6000),
        D(3500),
        D(9500),
    )


def test_the_final_accounts_close_the_books(delivered: Ledger) -> None:
    delivered.draw_final_accounts(date(2024, 6, 30))

    [(kind, fields)] = new_events(delivered)
    assert kind == "FinalAccountsDrawn"
    assert {k: fields[k] for k in ("revenue", "cost", "margin", "collected")} == {
        "revenue": D(9500),
        "cost": D(6000),
        "margin": D(3500),
        "collected": D(9500),
    }
    assert delivered.final_accounts == delivered.actuals


def test_the_final_accounts_are_drawn_once(delivered: Ledger, refused: Refused) -> None:
    delivered.draw_final_accounts(date(2024, 6, 30))
    delivered.collect_events()

    refused(
        delivered,
        "books-closed-by-final-accounts",
        lambda: delivered.draw_final_accounts(date(2024, 7, 1)),
    )
    refused(
        delivered,
        "books-closed-by-final-accounts",
        lambda: delivered.book_cost("travel", D(1), "", date(2024, 7, 1)),
    )


def test_no_final_accounts_while_something_is_open(
    invoiced: Ledger, refused: Refused
) -> None:
    refused(
        invoiced,
        "final-accounts-need-nothing-open",
        lambda: invoiced.draw_final_accounts(date(2024, 6, 30)),
    )


def test_final_accounts_may_close_a_ledger_never_invoiced(opened: Ledger) -> None:
    opened.draw_final_accounts(date(2024, 6, 30))

    assert event_types(opened) == ["FinalAccountsDrawn"]


def test_events_stored_before_the_domain_was_a_package_still_load() -> None:
    old = resolve_topic("finance_svc.domain:Ledger.InvoiceIssued")

    assert old is Ledger.InvoiceIssued  # type: ignore[attr-defined]
