"""Sanity checks of the reference figures module itself.

Each test cross-checks a figure against another way of getting it, so that a
slip in ``reference_figures`` shows up before it is used to judge the demo.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

import reference_figures as ref

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def figures() -> ref.Figures:
    return ref.compute(DATA_DIR)


def raw_rows(*parts: str) -> list[dict[str, str]]:
    with DATA_DIR.joinpath(*parts).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (1, 3, "0.3333"),
        (2, 3, "0.6667"),
        (0, 7, "0.0000"),
        (7, 7, "1.0000"),
        # exact ties at the fifth place go to the even neighbour
        (1, 20000, "0.0000"),
        (3, 20000, "0.0002"),
        (5, 20000, "0.0002"),
        (7, 20000, "0.0004"),
        (1, 32, "0.0312"),
        (3, 32, "0.0938"),
    ],
)
def test_rate_rounds_half_to_even(part: int, whole: int, expected: str) -> None:
    result = ref.rate(part, whole)
    assert result == Decimal(expected)
    assert result.as_tuple().exponent == -4


def test_rate_refuses_empty_denominator() -> None:
    with pytest.raises(ValueError, match="positive denominator"):
        ref.rate(0, 0)


def test_olist_channels_add_up(figures: ref.Figures) -> None:
    olist = figures["olist"]
    assert sum(olist["leads_per_channel"].values()) == olist["leads_total"]
    assert sum(olist["won_per_channel"].values()) == olist["won_total"]
    assert olist["leads_total"] == len(
        raw_rows(ref.OLIST_DIR, "olist_marketing_qualified_leads_dataset.csv")
    )


def test_olist_every_closed_deal_is_won_or_rejected(figures: ref.Figures) -> None:
    olist = figures["olist"]
    deals = raw_rows(ref.OLIST_DIR, "olist_closed_deals_dataset.csv")
    assert olist["won_total"] + sum(olist["rejected"].values()) == len(deals)
    assert sum(olist["rejected"].values()) == len(olist["rejected_deals"])


def test_olist_empty_origin_counts_as_unknown(figures: ref.Figures) -> None:
    leads = raw_rows(ref.OLIST_DIR, "olist_marketing_qualified_leads_dataset.csv")
    unknown = sum(1 for row in leads if row["origin"] in ("", "unknown"))
    assert "" not in figures["olist"]["leads_per_channel"]
    assert figures["olist"]["leads_per_channel"]["unknown"] == unknown


def test_olist_conversion_matches_counts(figures: ref.Figures) -> None:
    olist = figures["olist"]
    for channel, leads in olist["leads_per_channel"].items():
        won = olist["won_per_channel"][channel]
        exact = Decimal(won) / leads
        rounded = olist["conversion_per_channel"][channel]
        assert abs(rounded - exact) <= Decimal("0.00005")


def test_maven_stage_counts_sum_to_rows(figures: ref.Figures) -> None:
    maven = figures["maven"]
    pipeline = raw_rows(ref.MAVEN_DIR, "sales_pipeline.csv")
    assert sum(maven["stage_counts"].values()) == maven["opportunities_total"]
    assert maven["opportunities_total"] == len(pipeline)
    assert maven["stage_counts"]["Won"] == maven["won"]
    assert maven["stage_counts"]["Lost"] == maven["lost"]


def test_maven_groups_add_up_to_overall(figures: ref.Figures) -> None:
    maven = figures["maven"]
    for groups in (
        maven["per_quarter"],
        maven["per_product"],
        maven["per_region"],
    ):
        assert sum(group["won"] for group in groups.values()) == maven["won"]
        assert sum(group["lost"] for group in groups.values()) == maven["lost"]
        value = sum((group["won_value"] for group in groups.values()), Decimal(0))
        assert value == maven["won_value"]


def test_maven_quarters_are_named_like_2017q1(figures: ref.Figures) -> None:
    for name in figures["maven"]["per_quarter"]:
        year, quarter = name.split("Q")
        assert len(year) == 4
        assert year.isdigit()
        assert quarter in ("1", "2", "3", "4")


def test_maven_products_are_normalised(figures: ref.Figures) -> None:
    maven = figures["maven"]
    listed = {row["product"] for row in raw_rows(ref.MAVEN_DIR, "products.csv")}
    assert set(maven["per_product"]) <= listed
    assert "GTXPro" not in maven["per_product"]
    gtxpro_rows = sum(
        1
        for row in raw_rows(ref.MAVEN_DIR, "sales_pipeline.csv")
        if row["product"] == "GTXPro"
    )
    assert gtxpro_rows > 0
    assert maven["product_normalisations"] == gtxpro_rows


def test_maven_won_value_summed_as_integers(figures: ref.Figures) -> None:
    won_total = sum(
        int(row["close_value"])
        for row in raw_rows(ref.MAVEN_DIR, "sales_pipeline.csv")
        if row["deal_stage"] == "Won"
    )
    assert figures["maven"]["won_value"] == Decimal(won_total)


def test_ibm_total_invoiced_in_integer_cents(figures: ref.Figures) -> None:
    cents = 0
    for row in raw_rows(ref.IBM_DIR, "WA_Fn-UseC_-Accounts-Receivable.csv"):
        whole, _, fraction = row["InvoiceAmount"].partition(".")
        assert len(fraction) <= 2
        cents += int(whole) * 100 + int(fraction.ljust(2, "0"))
    ibm = figures["ibm"]
    assert ibm["total_invoiced"] == Decimal(cents) / 100
    assert ibm["total_invoiced"] - ibm["total_collected"] == ibm["outstanding"]


def test_ibm_late_definitions_agree(figures: ref.Figures) -> None:
    ibm = figures["ibm"]
    assert ibm["late_flag_disagreements"] == []
    assert 0 < ibm["paid_late_count"] < ibm["invoice_count"]


def test_ibm_invoice_numbers_keep_leading_zeros() -> None:
    rows = raw_rows(ref.IBM_DIR, "WA_Fn-UseC_-Accounts-Receivable.csv")
    assert any(row["invoiceNumber"].startswith("0") for row in rows)


def test_olist_won_value_excludes_rejected_deals(figures: ref.Figures) -> None:
    olist = figures["olist"]
    rejected_ids = {deal["mql_id"] for deal in olist["rejected_deals"]}
    all_value = Decimal(0)
    rejected_value = Decimal(0)
    for row in raw_rows(ref.OLIST_DIR, "olist_closed_deals_dataset.csv"):
        value = Decimal(row["declared_monthly_revenue"])
        all_value += value
        if row["mql_id"] in rejected_ids:
            rejected_value += value
    assert olist["won_value"] == all_value - rejected_value


def test_maven_regions_come_from_sales_teams(figures: ref.Figures) -> None:
    offices = {
        row["regional_office"] for row in raw_rows(ref.MAVEN_DIR, "sales_teams.csv")
    }
    assert set(figures["maven"]["per_region"]) == offices


def test_ibm_outstanding_is_what_was_never_settled(figures: ref.Figures) -> None:
    unsettled = sum(
        (
            Decimal(row["InvoiceAmount"])
            for row in raw_rows(ref.IBM_DIR, "WA_Fn-UseC_-Accounts-Receivable.csv")
            if not row["SettledDate"]
        ),
        Decimal(0),
    )
    assert figures["ibm"]["outstanding"] == unsettled


def test_olist_rejects_exactly_the_deals_won_before_contact(
    figures: ref.Figures,
) -> None:
    # ISO dates compare correctly as text: a second route to the same answer
    contact = {
        row["mql_id"]: row["first_contact_date"]
        for row in raw_rows(
            ref.OLIST_DIR, "olist_marketing_qualified_leads_dataset.csv"
        )
    }
    expected = {
        row["mql_id"]
        for row in raw_rows(ref.OLIST_DIR, "olist_closed_deals_dataset.csv")
        if row["mql_id"] in contact and row["won_date"][:10] < contact[row["mql_id"]]
    }
    found = {
        deal["mql_id"]
        for deal in figures["olist"]["rejected_deals"]
        if deal["reason"] == ref.WON_BEFORE_FIRST_CONTACT
    }
    assert found == expected
