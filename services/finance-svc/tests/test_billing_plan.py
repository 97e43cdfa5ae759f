"""The billing plan: generated or given line by line, its work lines sum
exactly to the contract value; invoices bill its lines."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pytest

from finance_svc.domain import Ledger, PlanLine, generate
from ltc_shared.errors import RuleViolated
from ltc_shared.testing import event_types, new_events

Refused = Callable[[Ledger, str, Callable[[], object]], None]
FIRST = date(2024, 4, 1)
ON = date(2024, 3, 20)


def lines_of(*amounts: str, advance: str | None = None) -> list[PlanLine]:
    lines = [
        PlanLine(f"M{n}", "milestone", FIRST + timedelta(days=30 * n), Decimal(a))
        for n, a in enumerate(amounts, start=1)
    ]
    if advance is not None:
        lines.insert(0, PlanLine("A", "advance", FIRST, Decimal(advance)))
    return lines


@pytest.mark.parametrize("value", ["10000.00", "100.00", "0.07", "999999.99"])
@pytest.mark.parametrize("instalments", [1, 3, 7, 12])
@pytest.mark.parametrize("share", ["0", "0.3", "0.3333", "0.125"])
def test_a_generated_plan_sums_exactly_to_the_contract_value(
    value: str, instalments: int, share: str
) -> None:
    lines = generate(Decimal(value), Decimal(share), instalments, FIRST, 30)

    work = [line for line in lines if line.kind == "instalment"]
    assert len(work) == instalments
    assert sum(line.amount for line in work) == Decimal(value)
    assert all(line.amount == line.amount.quantize(Decimal("0.01")) for line in lines)
    advances = [line for line in lines if line.kind == "advance"]
    assert len(advances) == (1 if Decimal(share) else 0)


def test_the_last_instalment_absorbs_the_rounding() -> None:
    lines = generate(Decimal("10000.00"), Decimal("0.3"), 3, FIRST, 30)

    assert [(line.line_id, line.kind, line.amount) for line in lines] == [
        ("A", "advance", Decimal("3000.00")),
        ("I1", "instalment", Decimal("3333.33")),
        ("I2", "instalment", Decimal("3333.33")),
        ("I3", "instalment", Decimal("3333.34")),
    ]
    assert [line.due_on for line in lines] == [
        FIRST + timedelta(days=30 * n) for n in range(4)
    ]


def test_the_others_round_half_even() -> None:
    # 0.10 / 4 = 0.025 rounds to 0.02 (even), not 0.03
    lines = generate(Decimal("0.10"), Decimal(0), 4, FIRST, 7)

    assert [line.amount for line in lines] == [Decimal("0.02")] * 3 + [Decimal("0.04")]


@pytest.mark.parametrize(
    ("share", "instalments", "rule"),
    [
        ("1", 2, "advance-share-below-one"),
        ("-0.1", 2, "advance-share-below-one"),
        ("0.3", 0, "plan-needs-instalments"),
    ],
)
def test_a_plan_that_cannot_be_generated_is_refused(
    share: str, instalments: int, rule: str
) -> None:
    with pytest.raises(RuleViolated) as caught:
        generate(Decimal("100.00"), Decimal(share), instalments, FIRST, 30)
    assert caught.value.rule == rule


def test_setting_a_plan(opened: Ledger) -> None:
    lines = lines_of("4000.00", "6000.00", advance="1000.00")

    opened.set_billing_plan(lines, ON)

    [(kind, fields)] = new_events(opened)
    assert kind == "BillingPlanSet"
    assert fields["lines"][1] == {
        "line_id": "M1",
        "kind": "milestone",
        "due_on": FIRST + timedelta(days=30),
        "amount": Decimal("4000.00"),
    }
    assert fields["occurred_on"] == ON
    assert opened.plan == lines


@pytest.mark.parametrize(
    ("lines", "rule"),
    [
        (lines_of("4000.00", "5999.99"), "plan-sums-to-contract-value"),
        (lines_of("4000.00", "6000.01"), "plan-sums-to-contract-value"),
        (lines_of("10000.00", advance="10000.00"), "advance-below-contract-value"),
        (lines_of("10000.00", "0.00"), "amount-positive"),
        ([], "plan-needs-lines"),
        (
            [PlanLine("M", "milestone", FIRST, Decimal(5000))] * 2,
            "plan-line-ids-unique",
        ),
        (
            [PlanLine("M", "milestone", date(2024, 3, 1), Decimal(10000))],
            "business-dates-in-order",
        ),
    ],
)
def test_a_plan_breaking_a_rule_is_refused(
    opened: Ledger, refused: Refused, lines: list[PlanLine], rule: str
) -> None:
    refused(opened, rule, lambda: opened.set_billing_plan(lines, ON))


@pytest.fixture
def planned(opened: Ledger) -> Ledger:
    """Given also: a plan of an advance of 3,000 and three instalments."""
    opened.set_billing_plan(generate(opened.value, Decimal("0.3"), 3, FIRST, 30), ON)
    opened.collect_events()
    return opened


def invoice_line(ledger: Ledger, number: str, line_id: str, amount: str) -> None:
    ledger.issue_invoice(
        number, Decimal(amount), date(2024, 6, 1), False, date(2024, 4, 1), line_id
    )


def test_a_plan_may_be_replaced_until_a_line_is_invoiced(planned: Ledger) -> None:
    planned.set_billing_plan(lines_of("10000.00"), ON)

    assert event_types(planned) == ["BillingPlanSet"]
    assert [line.line_id for line in planned.plan] == ["M1"]


def test_a_plan_line_may_be_invoiced_in_parts(planned: Ledger) -> None:
    invoice_line(planned, "1", "I1", "1000.00")
    invoice_line(planned, "2", "I1", "2333.33")

    assert event_types(planned) == ["InvoiceIssued", "InvoiceIssued"]
    assert planned.invoices["2"].line_id == "I1"


def test_an_advance_line_makes_an_advance_invoice(planned: Ledger) -> None:
    invoice_line(planned, "1", "A", "3000.00")

    [(_, fields)] = new_events(planned)
    assert fields["advance"] is True
    assert fields["line_id"] == "A"
    assert planned.receivables.advance_pool == Decimal("3000.00")


def test_a_plan_line_is_not_invoiced_beyond_its_amount(
    planned: Ledger, refused: Refused
) -> None:
    invoice_line(planned, "1", "I1", "3000.00")
    planned.collect_events()

    refused(
        planned,
        "invoiced-within-plan-line",
        lambda: invoice_line(planned, "2", "I1", "333.34"),
    )


def test_an_invoice_names_a_line_of_the_plan(planned: Ledger, refused: Refused) -> None:
    refused(
        planned,
        "invoice-needs-plan-line",
        lambda: invoice_line(planned, "1", "I9", "10.00"),
    )


def test_an_advance_invoice_bills_an_advance_line(
    planned: Ledger, refused: Refused
) -> None:
    refused(
        planned,
        "invoice-kind-matches-plan-line",
        lambda: planned.issue_invoice(
            "1", Decimal(10), date(2024, 6, 1), False, date(2024, 4, 1), "I1", True
        ),
    )


def test_a_plan_invoiced_against_is_fixed(planned: Ledger, refused: Refused) -> None:
    invoice_line(planned, "1", "I1", "10.00")
    planned.collect_events()

    refused(
        planned,
        "plan-fixed-once-invoiced",
        lambda: planned.set_billing_plan(lines_of("10000.00"), ON),
    )
