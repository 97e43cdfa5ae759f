"""Leads merged and flagged, withdrawn bids, the weighted pipeline and the
ageing of receivables."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

import httpx

from reporting_svc.chains import Docs
from reporting_svc.reports import (
    ageing,
    funnel,
    lead_register,
    receivables,
    weighted_pipeline,
)
from reporting_svc.schemas import LeadFilters
from reporting_svc.testing import Story, d, project

D = Decimal


def docs_of(story: Story) -> Docs:
    return project([envelope for _, envelope in story.envelopes])


def test_a_merged_lead_counts_as_captured_but_not_as_converting(
    story: Story, cloud: dict[str, UUID]
) -> None:
    twin = story.capture("l1-twin", "2024-01-11", "web")
    story.emit("lead", "LeadFlaggedAsDuplicate", twin, "2024-01-11",
               duplicate_of=str(cloud["l1"]))  # fmt: skip
    story.emit("lead", "LeadsMerged", twin, "2024-01-13", into=str(cloud["l1"]))

    (whole,) = funnel(docs_of(story), "cloud").slices

    captured, qualified = whole.stages[0], whole.stages[1]
    assert captured.count == 4
    assert whole.merged_leads == 1
    # two of the three leads that could convert were qualified, as before
    assert qualified.conversion == D("0.6667")
    assert whole.lead_to_won == D("0.3333")
    (row,) = lead_register(docs_of(story), LeadFilters(status="merged")).items
    assert (row.duplicate_of, row.merged_into) == (cloud["l1"], cloud["l1"])


def test_grading_and_nurturing_reach_the_register(
    story: Story, cloud: dict[str, UUID]
) -> None:
    lead = story.capture("l7", "2024-06-01", "web")
    story.emit("lead", "LeadGraded", lead, "2024-06-02", maturity="medium",
               treatment="nurture")  # fmt: skip
    story.emit("lead", "LeadNurtured", lead, "2024-06-03", note="call",
               next_step="demo", next_step_on=d("2024-06-10"),
               window_ends_on=d("2024-07-01"))  # fmt: skip
    story.emit("lead", "LeadNurtured", lead, "2024-06-10", note="demo",
               next_step="offer", next_step_on=None, window_ends_on=None)  # fmt: skip

    rows = lead_register(docs_of(story), LeadFilters(maturity="medium")).items

    (row,) = rows
    assert (row.treatment, row.touches, row.next_step) == ("nurture", 2, "offer")
    assert (row.next_step_on, row.window_ends_on) == (None, d("2024-07-01"))


def test_a_withdrawn_bid_is_tallied_with_its_reason(
    story: Story, cloud: dict[str, UUID]
) -> None:
    bid = story.initiate(story.sudden("w1", "2024-05-01", "50.00", "cy"), "2024-05-02")
    story.emit("bid", "BidWithdrawn", bid, "2024-05-03", reason="no capacity")

    (whole,) = funnel(docs_of(story), "cloud").slices

    assert (whole.withdrawn, whole.withdrawn_reasons) == (1, {"no capacity": 1})


def test_the_weighted_pipeline_keeps_only_open_opportunities(
    story: Story, cloud: dict[str, UUID]
) -> None:
    evaluated = story.sudden("p1", "2024-06-01", "4000.00", "cy")
    story.emit(
        "opportunity", "OpportunityEvaluated", evaluated, "2024-06-02",
        win_probability=D("0.25"), expected_value=D("4000.00"), notes="",
    )  # fmt: skip
    story.initiate(evaluated, "2024-06-03")  # a bid still pending stays open
    story.sudden("p2", "2024-06-01", "700.00", "cy")  # not yet evaluated
    withdrawn = story.sudden("p3", "2024-06-01", "900.00", "cy")
    story.emit(
        "opportunity", "OpportunityEvaluated", withdrawn, "2024-06-02",
        win_probability=D("0.9"), expected_value=D("900.00"), notes="",
    )  # fmt: skip
    bid = story.initiate(withdrawn, "2024-06-03")
    story.emit("bid", "BidWithdrawn", bid, "2024-06-04", reason="no capacity")
    rejected = story.sudden("p4", "2024-06-01", "800.00", "cy")
    story.emit("opportunity", "InitiationRejected", rejected, "2024-06-02",
               decided_by="vp", reason="no fit")  # fmt: skip

    found = weighted_pipeline(docs_of(story), "cloud")

    # won, lost, no-bid, given up, withdrawn and rejected ones are left out
    (usd,) = found.totals
    assert (found.count, found.unevaluated) == (2, 1)
    assert (usd.count, usd.expected_value, usd.weighted_value) == (
        2,
        D("4700.00"),
        D("1000.00"),
    )
    assert weighted_pipeline(docs_of(story), "other").count == 0


def test_the_ageing_buckets_always_add_up_to_what_is_outstanding(
    story: Story, cloud: dict[str, UUID], deal: dict[str, UUID]
) -> None:
    docs = docs_of(story)
    day = date(2024, 1, 1)
    seen = set()
    while day <= date(2024, 12, 31):
        found = ageing(docs, day)
        assert found.outstanding == sum(b.amount for b in found.buckets)
        assert found.outstanding == receivables(docs, day).outstanding, day
        seen |= {b.bucket for b in found.buckets if b.amount}
        day += timedelta(days=3)
    assert seen == {"not_yet_due", "1-30", "31-60", "61-90", "over_90"}


def test_ageing_puts_each_invoice_by_its_days_past_due(
    story: Story, cloud: dict[str, UUID]
) -> None:
    found = ageing(docs_of(story), d("2024-05-10"), "cloud")

    # INV-2 (due 2024-05-01) still owes 450.00, nine days late
    amounts = {b.bucket: (b.invoices, b.amount) for b in found.buckets}
    assert amounts["1-30"] == (1, D("450.00"))
    assert found.outstanding == D("450.00")


async def test_the_ageing_route(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/receivables/ageing", params={"as_of": "2024-05-10", "business_unit": "cloud"}
    )
    missing = await client.get("/receivables/ageing")

    assert response.status_code == 200
    assert response.json()["outstanding"] == "450.00"
    assert [b["bucket"] for b in response.json()["buckets"]] == [
        "not_yet_due", "1-30", "31-60", "61-90", "over_90",
    ]  # fmt: skip
    assert missing.status_code == 422
    assert "as_of" in missing.text


async def test_the_weighted_pipeline_route(client: httpx.AsyncClient) -> None:
    response = await client.get("/pipeline/weighted", params={"business_unit": "cloud"})
    invalid = await client.get("/pipeline/weighted", params={"business_unit": ""})

    assert response.status_code == 200
    assert (response.json()["count"], response.json()["totals"]) == (0, [])
    assert invalid.status_code == 422
    assert "business_unit" in invalid.text
