"""The funnel and win rates of the cloud story, computed by hand.

cloud: lead l1 won, signed and paid; lead l2 dropped; lead l3 not bid;
sudden s1 bid and lost; sudden s2 given up before ATI. other: lead l4.
"""

from __future__ import annotations

from decimal import Decimal

from reporting_svc.chains import Docs
from reporting_svc.reports import funnel, win_rates
from reporting_svc.schemas import FunnelSlice

D = Decimal


def stage_table(found: FunnelSlice) -> dict[str, tuple[object, ...]]:
    return {
        s.stage: (s.count, s.from_leads, s.sudden, s.value, s.conversion)
        for s in found.stages
    }


def test_every_stage_counts_the_cases_that_reached_it(docs: Docs) -> None:
    (found,) = funnel(docs, business_unit="cloud").slices

    assert found.key == "all"
    assert stage_table(found) == {
        "lead_captured": (3, 3, 0, None, None),
        "lead_qualified": (2, 2, 0, D("1500.00"), D("0.6667")),
        "opportunity_opened": (4, 2, 2, D("3800.00"), D("1.0000")),
        "project_initiated": (3, 2, 1, D("3500.00"), D("0.7500")),
        "bid_decided": (2, 1, 1, D("3300.00"), D("0.6667")),
        "bid_submitted": (2, 1, 1, D("3150.00"), D("1.0000")),
        "won": (1, 1, 0, D("1050.00"), D("0.5000")),
        "contract_signed": (1, 1, 0, D("1050.00"), D("1.0000")),
        "cash_collected": (1, 1, 0, D("600.00"), D("1.0000")),
    }


def test_a_slice_counts_leads_to_won_win_rate_and_sudden_opportunities(
    docs: Docs,
) -> None:
    (found,) = funnel(docs, business_unit="cloud").slices

    assert found.lead_to_won == D("0.3333")
    assert (found.opportunities_from_leads, found.sudden_opportunities) == (2, 2)
    assert (found.won, found.lost, found.win_rate) == (1, 1, D("0.5000"))


def test_reasons_are_counted_by_kind(docs: Docs) -> None:
    (found,) = funnel(docs, business_unit="cloud").slices

    assert found.lost_reasons == {"price": 1}
    assert found.no_bid_reasons == {"no fit": 1}
    assert found.opportunity_lost_reasons == {"customer paused": 1}
    assert found.drop_reasons == {"no budget": 1}


def test_days_between_stages_have_a_median_and_a_mean(docs: Docs) -> None:
    (found,) = funnel(docs, business_unit="cloud").slices
    durations = {
        (d.from_stage, d.to_stage): (d.count, d.median_days, d.mean_days)
        for d in found.durations
    }

    assert durations[("lead_captured", "lead_qualified")] == (2, D(9), D("9.00"))
    assert durations[("lead_qualified", "opportunity_opened")] == (2, D(0), D("0.00"))
    # 12 (l1), 7 (s1), 5 (l3): the median is the middle one
    assert durations[("opportunity_opened", "project_initiated")] == (
        3,
        D(7),
        D("8.00"),
    )
    assert durations[("project_initiated", "bid_decided")] == (2, D(7), D("7.00"))
    assert durations[("bid_submitted", "won")] == (1, D(15), D("15.00"))
    assert durations[("contract_signed", "cash_collected")] == (1, D(31), D("31.00"))


def test_an_even_count_of_durations_takes_the_middle_pair(docs: Docs) -> None:
    (found,) = funnel(docs, business_unit="cloud").slices
    initiated_to_decided = found.durations[3]

    # 9 days for l1, 5 for s1
    assert (initiated_to_decided.from_stage, initiated_to_decided.to_stage) == (
        "project_initiated",
        "bid_decided",
    )
    assert initiated_to_decided.median_days == D(7)


def test_slices_by_channel_keep_each_channel_apart(docs: Docs) -> None:
    found = {s.key: s for s in funnel(docs, "cloud", by="channel").slices}

    assert sorted(found) == ["direct", "partner", "web"]
    assert found["web"].stages[0].count == 2
    assert found["web"].lead_to_won == D("0.5000")
    assert found["partner"].lead_to_won == D("0.0000")
    assert found["direct"].stages[0].count == 0
    assert found["direct"].sudden_opportunities == 2


def test_slices_by_period_take_the_quarter_a_case_entered(docs: Docs) -> None:
    found = {s.key: s for s in funnel(docs, "cloud", by="period").slices}

    assert sorted(found) == ["2024Q1", "2024Q2"]
    # l1, l2 and s1 entered in the first quarter; l3 and s2 in the second
    assert found["2024Q1"].stages[2].count == 2
    assert found["2024Q1"].stages[0].count == 2
    assert found["2024Q2"].stages[0].count == 1
    assert found["2024Q2"].sudden_opportunities == 1


def test_slices_by_origin_and_owner(docs: Docs) -> None:
    by_origin = {s.key: s for s in funnel(docs, "cloud", by="origin").slices}
    by_owner = {s.key: s for s in funnel(docs, "cloud", by="owner").slices}

    assert sorted(by_origin) == ["lead", "sudden"]
    assert by_origin["sudden"].stages[2].count == 2
    assert sorted(by_owner) == ["ana", "bo", "cy", "unassigned"]
    assert by_owner["unassigned"].drop_reasons == {"no budget": 1}


def test_the_business_unit_filter_keeps_other_units_out(docs: Docs) -> None:
    (everything,) = funnel(docs).slices
    (other,) = funnel(docs, "other").slices

    assert everything.stages[0].count == 4
    assert other.stages[0].count == 1
    assert other.lead_to_won == D("0.0000")
    # nothing reached the stage before: there is no conversion to speak of
    assert [s.conversion for s in other.stages[1:3]] == [D("0.0000"), None]
    assert funnel(docs, "nowhere").slices == []


def test_win_rates_by_period_take_the_quarter_of_the_outcome(docs: Docs) -> None:
    found = win_rates(docs, "cloud", by="period")

    rows = {r.key: (r.won, r.lost, r.win_rate, r.won_value) for r in found.rows}
    assert rows == {
        "2024Q1": (1, 0, D("1.0000"), D("1050.00")),
        "2024Q2": (0, 1, D("0.0000"), D("0.00")),
    }
    total = found.total
    assert (total.won, total.lost, total.win_rate, total.won_value) == (
        1,
        1,
        D("0.5000"),
        D("1050.00"),
    )


def test_win_rates_by_product_and_owner(docs: Docs) -> None:
    by_product = {r.key: r.won for r in win_rates(docs, by="product").rows}
    by_owner = {r.key: (r.won, r.lost) for r in win_rates(docs, by="owner").rows}

    assert by_product == {"compute": 0, "storage": 1}
    assert by_owner == {"ana": (1, 0), "cy": (0, 1)}
