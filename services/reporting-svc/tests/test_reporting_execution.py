"""A deal through execution: an approved change, a dispute, an advance, a
credit note, settlement and final accounts, and the variance by cause."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from reporting_svc.chains import Docs
from reporting_svc.folds_execution import owed
from reporting_svc.reports import pnl, project_pnl, receivables, trace
from reporting_svc.testing import Story, d, project

D = Decimal


def settle_and_close(story: Story, deal: dict[str, UUID]) -> None:
    story.pay(deal["g"], "INV-1", "237.50", "2024-04-20")
    story.emit(
        "ledger", "InvoiceSettled", deal["g"], "2024-04-21", invoice_number="INV-1"
    )
    story.emit(
        "contract", "DisputeClosed", deal["c"], "2024-04-22",
        dispute_id="D-1", resolution="discount given",
    )  # fmt: skip
    story.emit(
        "ledger", "FinalAccountsDrawn", deal["g"], "2024-04-30",
        revenue=D("700.00"), cost=D("700.00"), margin=D("0.00"),
        collected=D("737.50"),
    )  # fmt: skip


def docs_of(story: Story) -> Docs:
    return project([envelope for _, envelope in story.envelopes])


def test_an_approved_change_moves_the_contract_value_and_budget(
    story: Story, deal: dict[str, UUID]
) -> None:
    found = project_pnl(docs_of(story), deal["o"])

    assert (found.signed_value, found.contract_value) == (D("1100.00"), D("1300.00"))
    assert found.changes_value == D("200.00")
    assert (found.budget.revenue, found.budget.cost) == (D("1300.00"), D("770.00"))  # type: ignore[union-attr]
    assert found.open_disputes == 1


def test_what_is_owed_nets_the_advance_credit_notes_and_payments(
    story: Story, deal: dict[str, UUID]
) -> None:
    (ledger,) = docs_of(story)["ledger"]
    invoices = ledger["invoices"]

    # 800 - 300 advance - (100 credited - 37.50 advance given back) - 200 paid
    assert owed(invoices["INV-1"]) == D("237.50")
    assert owed(invoices["ADV"]) == D("0.00")
    assert owed(invoices["INV-1"], d("2024-02-15")) == D("500.00")
    found = receivables(docs_of(story), d("2024-03-31"))
    assert (found.invoiced, found.collected) == (D("737.50"), D("500.00"))
    assert (found.outstanding, found.overdue, found.overdue_count) == (
        D("237.50"),
        D("237.50"),
        1,
    )


def test_settlement_takes_the_date_finance_names(
    story: Story, deal: dict[str, UUID]
) -> None:
    settle_and_close(story, deal)

    found = trace(docs_of(story), deal["g"], "INV-1")

    assert found.invoice.settled_on == d("2024-04-21")
    assert receivables(docs_of(story), d("2024-05-01")).paid_late == 1


def test_while_open_the_variance_is_against_the_actuals(
    story: Story, deal: dict[str, UUID]
) -> None:
    found = project_pnl(docs_of(story), deal["o"])

    assert found.final_accounts is None
    assert found.actuals.revenue == D("700.00")  # 800 billed - 100 credited
    variance = found.variance
    assert variance is not None
    assert variance.against == "actuals"
    causes = variance.causes
    assert (causes.price, causes.changes, causes.billing, causes.cost) == (
        D("100.00"),
        D("200.00"),
        D("-600.00"),
        D("100.00"),
    )


def test_final_accounts_come_from_finance_and_the_causes_add_up(
    story: Story, deal: dict[str, UUID]
) -> None:
    settle_and_close(story, deal)

    found = project_pnl(docs_of(story), deal["o"])

    assert found.final_accounts is not None
    assert (found.final_accounts.margin, found.final_accounts.collected) == (
        D("0.00"),
        D("737.50"),
    )
    assert found.open_disputes == 0
    variance = found.variance
    assert variance is not None
    assert variance.against == "final_accounts"
    causes = variance.causes
    assert (variance.revenue, variance.margin) == (D("-300.00"), D("-400.00"))
    assert variance.revenue == causes.price + causes.changes + causes.billing
    assert variance.margin == variance.revenue - causes.cost
    assert pnl(docs_of(story)).totals[0].closed == 1


def test_the_causes_add_up_for_every_project_of_the_cloud_story(
    story: Story, cloud: dict[str, UUID], deal: dict[str, UUID]
) -> None:
    projects = pnl(docs_of(story)).projects

    explained = [p for p in projects if p.variance is not None]
    assert len(explained) == 2
    for project_found in explained:
        v = project_found.variance
        assert v is not None
        assert v.revenue == v.causes.price + v.causes.changes + v.causes.billing
        assert v.margin == v.revenue - v.causes.cost
        assert v.cost == v.causes.cost


def test_a_contract_lost_in_negotiation_ends_the_project(story: Story) -> None:
    bid = story.initiate(story.sudden("x8", "2024-01-02", "10.00", "cy"), "2024-01-03")
    contract = story.win(bid, "2024-01-04", "10.00")
    story.emit(
        "contract", "ContractLost", contract, "2024-01-09",
        reason="terms", analysis="too strict",
    )  # fmt: skip

    (found,) = pnl(docs_of(story)).projects

    assert found.stage == "lost"
    assert found.variance is None
