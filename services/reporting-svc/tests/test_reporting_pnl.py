"""Project P&L, receivables, payment traces and the lead register of the
cloud story, computed by hand (see conftest for the deals)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

import pytest

from ltc_shared.errors import NotFound
from reporting_svc.chains import Docs
from reporting_svc.reports import (
    lead_register,
    pnl,
    project_pnl,
    receivables,
    trace,
)
from reporting_svc.schemas import Actuals, Figures, LeadFilters

D = Decimal


def figures(revenue: str, cost: str, margin: str) -> Figures:
    return Figures(revenue=D(revenue), cost=D(cost), margin=D(margin))


def actuals(revenue: str, cost: str, margin: str, collected: str) -> Actuals:
    return Actuals(
        revenue=D(revenue), cost=D(cost), margin=D(margin), collected=D(collected)
    )


def test_a_closed_project_has_all_four_calculations(
    docs: Docs, cloud: dict[str, UUID]
) -> None:
    found = project_pnl(docs, cloud["o1"])

    assert found.stage == "closed"
    assert found.estimate == figures("1200.00", "700.00", "500.00")
    assert found.budget == figures("1050.00", "600.00", "450.00")
    assert found.actuals == actuals("1050.00", "450.00", "600.00", "600.00")
    # the travel cost was booked after the close (ATCC) and stays out
    assert found.final_accounts == actuals("1050.00", "400.00", "650.00", "600.00")
    assert (found.contract_id, found.ledger_id) == (cloud["c1"], cloud["g1"])
    assert found.contract_value == D("1050.00")


def test_an_open_project_has_no_final_accounts(
    docs: Docs, cloud: dict[str, UUID]
) -> None:
    lost = project_pnl(docs, cloud["s1"])
    not_bid = project_pnl(docs, cloud["o3"])

    assert (lost.stage, not_bid.stage) == ("lost", "no_bid")
    assert lost.estimate == figures("2100.00", "1500.00", "600.00")
    assert lost.budget is None
    assert lost.actuals == actuals("0.00", "0.00", "0.00", "0.00")
    assert lost.final_accounts is None


def test_the_pnl_lists_projects_by_initiation_and_totals_them(
    docs: Docs, cloud: dict[str, UUID]
) -> None:
    found = pnl(docs, "cloud")

    assert [p.project_id for p in found.projects] == [
        cloud["o1"],
        cloud["s1"],
        cloud["o3"],
    ]
    (totals,) = found.totals
    assert (totals.projects, totals.closed) == (3, 1)
    assert totals.estimate == figures("3900.00", "2700.00", "1200.00")
    assert totals.budget == figures("1050.00", "600.00", "450.00")
    assert totals.actuals == actuals("1050.00", "450.00", "600.00", "600.00")
    assert totals.final_accounts == actuals("1050.00", "400.00", "650.00", "600.00")


def test_an_opportunity_before_ati_or_unknown_is_no_project(
    docs: Docs, cloud: dict[str, UUID]
) -> None:
    with pytest.raises(NotFound):
        project_pnl(docs, cloud["s2"])
    with pytest.raises(NotFound):
        project_pnl(docs, uuid4())
    with pytest.raises(NotFound):
        project_pnl(docs, cloud["o1"], business_unit="other")


def test_a_step_without_a_business_unit_belongs_to_the_unit_before_it(
    docs: Docs, cloud: dict[str, UUID]
) -> None:
    # a contract drafted from a bid outcome names no unit or customer yet
    for doc in [*docs["contract"], *docs["ledger"]]:
        doc["business_unit"] = doc["customer"] = None

    project = project_pnl(docs, cloud["o1"], business_unit="cloud")
    found = receivables(docs, date(2024, 6, 30), "cloud")

    assert (project.contract_id, project.ledger_id) == (cloud["c1"], cloud["g1"])
    assert (found.invoice_count, found.customers) == (2, 1)
    assert trace(docs, cloud["g1"], "INV-1", "cloud").lead is not None
    assert receivables(docs, date(2024, 6, 30), "other").invoice_count == 0


def test_receivables_mid_way_count_only_what_happened_by_then(docs: Docs) -> None:
    found = receivables(docs, date(2024, 4, 15), "cloud")

    assert (found.invoice_count, found.customers, found.disputed) == (2, 1, 1)
    assert (found.invoiced, found.collected, found.outstanding) == (
        D("1050.00"),
        D("200.00"),
        D("850.00"),
    )
    # INV-1 was due on 2024-04-14 with 300.00 still open
    assert (found.overdue, found.overdue_count) == (D("300.00"), 1)
    assert (found.paid_late, found.share_paid_late) == (0, D("0.0000"))


def test_an_invoice_due_on_the_as_of_day_is_not_yet_overdue(docs: Docs) -> None:
    found = receivables(docs, date(2024, 4, 14), "cloud")

    assert (found.outstanding, found.overdue, found.overdue_count) == (
        D("850.00"),
        D("0.00"),
        0,
    )


def test_receivables_later_count_invoices_paid_after_their_due_date(
    docs: Docs,
) -> None:
    found = receivables(docs, date(2024, 6, 30))

    assert (found.collected, found.outstanding) == (D("600.00"), D("450.00"))
    assert (found.overdue, found.overdue_count) == (D("450.00"), 1)
    assert (found.paid_late, found.share_paid_late) == (1, D("0.5000"))


def test_receivables_before_any_invoice_are_zero(docs: Docs) -> None:
    found = receivables(docs, date(2024, 1, 1))

    assert (found.invoice_count, found.invoiced, found.share_paid_late) == (
        0,
        D("0.00"),
        D(0),
    )


def test_a_payment_traces_back_to_its_lead(docs: Docs, cloud: dict[str, UUID]) -> None:
    found = trace(docs, cloud["g1"], "INV-1")

    assert found.origin == "lead"
    assert [(p.received_on, p.amount) for p in found.invoice.payments] == [
        (date(2024, 4, 10), D("200.00")),
        (date(2024, 4, 20), D("300.00")),
    ]
    assert found.invoice.settled_on == date(2024, 4, 20)
    assert found.contract is not None
    assert found.contract.contract_id == cloud["c1"]
    assert found.bid is not None
    assert (found.bid.bid_id, found.bid.award_value) == (cloud["b1"], D("1050.00"))
    assert found.opportunity is not None
    assert found.opportunity.opportunity_id == cloud["o1"]
    assert found.lead is not None
    assert (found.lead.lead_id, found.lead.channel) == (cloud["l1"], "web")


def test_an_unknown_ledger_or_invoice_has_no_trace(
    docs: Docs, cloud: dict[str, UUID]
) -> None:
    with pytest.raises(NotFound, match="ledger"):
        trace(docs, uuid4(), "INV-1")
    with pytest.raises(NotFound, match="INV-9"):
        trace(docs, cloud["g1"], "INV-9")


def test_the_lead_register_lists_leads_by_first_contact(
    docs: Docs, cloud: dict[str, UUID]
) -> None:
    page = lead_register(docs, LeadFilters(business_unit="cloud"))

    assert page.total == 3
    assert [row.lead_id for row in page.items] == [
        cloud["l1"],
        cloud["l2"],
        cloud["l3"],
    ]
    first = page.items[0]
    assert (first.status, first.owner, first.opportunity_id) == (
        "qualified",
        "ana",
        cloud["o1"],
    )
    assert first.expected_value == D("1000.00")
    assert page.items[1].drop_reason == "no budget"


def test_the_lead_register_filters_and_pages(
    docs: Docs, cloud: dict[str, UUID]
) -> None:
    qualified = lead_register(docs, LeadFilters(status="qualified"))
    second = lead_register(docs, LeadFilters(channel="web"), offset=1, limit=1)

    assert [row.lead_id for row in qualified.items] == [cloud["l1"], cloud["l3"]]
    assert second.total == 3
    assert [row.lead_id for row in second.items] == [cloud["l4"]]
