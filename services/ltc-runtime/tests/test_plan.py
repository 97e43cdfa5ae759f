"""How the demo maps the data sets onto commands."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ltc.demo.datasets import Invoice, Pipeline, PipelineDeal
from ltc.demo.plan import Plan, plan_ibm, plan_maven


def invoice(number: str, issued: int, settled: int) -> Invoice:
    return Invoice(
        "C1",
        "391",
        number,
        date(2013, 1, issued),
        date(2013, 1, issued + 5),
        Decimal("10.50"),
        False,
        date(2013, 1, settled),
    )


def test_a_ledger_receives_issues_and_payments_in_business_date_order() -> None:
    plan = Plan()
    plan_ibm(plan, [invoice("002", 3, 9), invoice("001", 1, 4)])
    (ledger,) = [chain for chain in plan.chains if chain.stage == "finance"]
    steps = [(c["type"], c["invoice_number"]) for c in ledger.commands]
    assert steps == [
        ("IssueInvoice", "001"),
        ("IssueInvoice", "002"),
        ("RecordPayment", "001"),
        ("RecordPayment", "002"),
    ]
    (contract,) = [c for c in plan.chains if c.stage == "contract"]
    assert contract.commands[-1]["value"] == "21.00"
    assert plan.as_of["ibm"] == date(2013, 1, 9)


def test_a_product_spelled_another_way_is_read_as_the_listed_one() -> None:
    plan = Plan()
    deal = PipelineDeal(
        "X1",
        "ann",
        "GTXPro",
        "Acme",
        "Won",
        date(2017, 1, 2),
        date(2017, 3, 1),
        Decimal(900),
    )
    plan_maven(plan, Pipeline([deal], {"GTX Pro": Decimal(1000)}, {"ann": "East"}))
    opened = plan.chains[0].commands[0]
    assert (opened["product"], opened["region"]) == ("GTX Pro", "East")
    assert plan.adjustments["maven"] == {"product 'GTXPro' read as 'GTX Pro'": 1}
    assert [chain.stage for chain in plan.chains] == ["opportunity", "bid", "contract"]


def test_a_prospecting_deal_is_opened_as_of_the_last_date_of_the_data() -> None:
    plan = Plan()
    deals = [
        PipelineDeal("P1", "ann", "GTX Pro", "", "Prospecting", None, None, None),
        PipelineDeal(
            "W1",
            "ann",
            "GTX Pro",
            "A",
            "Lost",
            date(2017, 1, 2),
            date(2017, 5, 1),
            Decimal(0),
        ),
    ]
    plan_maven(plan, Pipeline(deals, {"GTX Pro": Decimal(1000)}, {"ann": "East"}))
    prospect = plan.chains[0]
    assert [c["type"] for c in prospect.commands] == ["OpenOpportunity"]
    assert prospect.commands[0]["occurred_on"] == "2017-05-01"


def test_the_whole_data_sets_unless_a_sample_is_asked_for() -> None:
    from pathlib import Path

    from ltc.demo.run import build_plan

    data = Path(__file__).resolve().parents[3] / "data"
    assert build_plan(data).rows == {"olist": 8000, "maven": 8800, "ibm": 2466}
    assert build_plan(data, 50).rows == {"olist": 50, "maven": 50, "ibm": 50}
