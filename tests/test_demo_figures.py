"""The demo's figures, served by the read-model API, equal those computed
independently from the raw CSV files (tests/reference_figures.py)."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import reference_figures as ref
from ltc.demo.run import DemoResult, run_demo
from ltc_shared.logs import configure_logging

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    configure_logging("WARNING")
    return asyncio.run(run_demo(DATA, tmp_path_factory.mktemp("demo")))


@pytest.fixture(scope="module")
def expected() -> ref.Figures:
    return ref.compute(DATA)


def _stages(piece: dict[str, Any]) -> dict[str, int]:
    return {stage["stage"]: stage["count"] for stage in piece["stages"]}


def test_olist_lead_to_won_overall(demo: DemoResult, expected: ref.Figures) -> None:
    olist = expected["olist"]
    (whole,) = demo.reports["olist"]["funnel"]["slices"]
    counts = _stages(whole)
    assert counts["lead_captured"] == olist["leads_total"]
    assert counts["won"] == olist["won_total"]
    assert Decimal(whole["lead_to_won"]) == olist["conversion"]


def test_olist_lead_to_won_per_channel(demo: DemoResult, expected: ref.Figures) -> None:
    olist = expected["olist"]
    slices = demo.reports["olist"]["funnel_by_channel"]["slices"]
    found = {piece["key"]: piece for piece in slices}
    assert set(found) == set(olist["leads_per_channel"])
    for channel, leads in olist["leads_per_channel"].items():
        counts = _stages(found[channel])
        assert counts["lead_captured"] == leads, channel
        assert counts["won"] == olist["won_per_channel"].get(channel, 0), channel
        conversion = Decimal(found[channel]["lead_to_won"])
        assert conversion == olist["conversion_per_channel"][channel], channel


def test_olist_refusals_are_counted_with_their_reason(
    demo: DemoResult, expected: ref.Figures
) -> None:
    refused = demo.outcome.rejected["olist"]
    assert sum(refused.values()) == sum(expected["olist"]["rejected"].values())
    assert all("business-dates-in-order" in reason for reason in refused)


@pytest.mark.parametrize(
    ("by", "key"),
    [("period", "per_quarter"), ("product", "per_product"), ("region", "per_region")],
)
def test_maven_win_rate_and_won_value(
    demo: DemoResult, expected: ref.Figures, by: str, key: str
) -> None:
    rates = demo.reports["maven"][f"win_rates_by_{by}"]
    found = {row["key"]: row for row in rates["rows"]}
    groups: dict[str, ref.ClosedGroup] = expected["maven"][key]  # type: ignore[literal-required]
    assert set(found) == set(groups)
    for name, group in groups.items():
        row = found[name]
        assert (row["won"], row["lost"]) == (group["won"], group["lost"]), name
        assert Decimal(row["win_rate"]) == group["win_rate"], name
        assert Decimal(row["won_value"]) == group["won_value"], name
    total = rates["total"]
    assert Decimal(total["won_value"]) == expected["maven"]["won_value"]
    assert Decimal(total["win_rate"]) == expected["maven"]["win_rate"]


def test_maven_stages(demo: DemoResult, expected: ref.Figures) -> None:
    stages = expected["maven"]["stage_counts"]
    (whole,) = demo.reports["maven"]["funnel"]["slices"]
    counts = _stages(whole)
    assert counts["opportunity_opened"] == expected["maven"]["opportunities_total"]
    assert whole["sudden_opportunities"] == expected["maven"]["opportunities_total"]
    assert (
        counts["project_initiated"]
        == stages["Engaging"] + stages["Won"] + stages["Lost"]
    )
    assert counts["contract_signed"] == stages["Won"]


def test_ibm_receivables(demo: DemoResult, expected: ref.Figures) -> None:
    ibm = expected["ibm"]
    found = demo.reports["ibm-ar"]["receivables"]
    assert found["invoice_count"] == ibm["invoice_count"]
    assert found["customers"] == ibm["customers"]
    assert Decimal(found["invoiced"]) == ibm["total_invoiced"]
    assert Decimal(found["collected"]) == ibm["total_collected"]
    assert Decimal(found["outstanding"]) == ibm["outstanding"]
    assert found["paid_late"] == ibm["paid_late_count"]
    assert Decimal(found["share_paid_late"]) == ibm["paid_late_share"]
    assert found["disputed"] == ibm["disputed_count"]


def test_ibm_projects_close_with_final_accounts(
    demo: DemoResult, expected: ref.Figures
) -> None:
    (totals,) = demo.reports["ibm-ar"]["pnl"]["totals"]
    assert totals["closed"] == expected["ibm"]["customers"]
    final = totals["final_accounts"]
    assert Decimal(final["revenue"]) == expected["ibm"]["total_invoiced"]
    assert Decimal(final["collected"]) == expected["ibm"]["total_collected"]


def test_nothing_was_dropped_silently(demo: DemoResult) -> None:
    refused = sum(sum(c.values()) for c in demo.outcome.rejected.values())
    assert refused == len(demo.outcome.rejected_rows)
    assert demo.plan.rows == {"olist": 8000, "maven": 8800, "ibm": 2466}
