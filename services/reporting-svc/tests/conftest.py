"""The deals the report tests are computed from by hand."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import httpx
import pytest

from ltc_shared.bus import Bus, InProcessBus
from ltc_shared.settings import Settings
from reporting_svc.chains import Docs
from reporting_svc.service import ReportingParts, build
from reporting_svc.testing import Story, d, project

D = Decimal


def tell_the_cloud_story(story: Story) -> dict[str, UUID]:
    """The deals every report test is computed from by hand.

    cloud: lead l1 won, signed, invoiced, paid and closed; lead l2 dropped;
    lead l3 not bid; sudden s1 lost; sudden s2 given up. other: lead l4.
    """
    l1 = story.capture("l1", "2024-01-10", "web")
    story.assign(l1, "ana", "2024-01-12")
    o1 = story.qualify(l1, "2024-01-20", "1000.00")
    b1 = story.initiate(o1, "2024-02-01")
    story.estimate(b1, "2024-02-05", "1200.00", "700.00")
    story.decide(b1, "2024-02-10", "bid", "fits")
    story.submit(b1, "2024-02-15", "1100.00")
    c1 = story.win(b1, "2024-03-01", "1050.00")
    story.budget(c1, "2024-03-05", "1050.00", "600.00")
    g1 = story.sign(c1, "2024-03-10", "1050.00")
    story.invoice(g1, "INV-1", "500.00", "2024-03-15", "2024-04-14", False)
    story.cost(g1, "2024-03-20", "labour", "400.00")
    story.invoice(g1, "INV-2", "550.00", "2024-04-01", "2024-05-01", True)
    story.pay(g1, "INV-1", "200.00", "2024-04-10")
    story.pay(g1, "INV-1", "300.00", "2024-04-20")
    story.pay(g1, "INV-2", "100.00", "2024-04-25")
    story.close(c1, "2024-05-01")
    story.cost(g1, "2024-05-10", "travel", "50.00")

    l2 = story.capture("l2", "2024-02-05", "web")
    story.drop(l2, "2024-02-20", "no budget")

    l3 = story.capture("l3", "2024-04-02", "partner")
    story.assign(l3, "bo", "2024-04-03")
    o3 = story.qualify(l3, "2024-04-10", "500.00")
    b3 = story.initiate(o3, "2024-04-15")
    story.estimate(b3, "2024-04-16", "600.00", "500.00")
    story.decide(b3, "2024-04-20", "no_bid", "no fit")

    s1 = story.sudden("s1", "2024-03-03", "2000.00", "cy")
    b4 = story.initiate(s1, "2024-03-10")
    story.estimate(b4, "2024-03-12", "2100.00", "1500.00")
    story.decide(b4, "2024-03-15", "bid", "strategic")
    story.submit(b4, "2024-03-20", "2050.00")
    story.lose(b4, "2024-04-05", "price")

    s2 = story.sudden("s2", "2024-05-05", "300.00", "cy")
    story.give_up(s2, "2024-05-10", "customer paused")

    l4 = story.capture("l4", "2024-01-15", "web", unit="other")
    return {
        "l1": l1, "o1": o1, "b1": b1, "c1": c1, "g1": g1, "l2": l2, "l3": l3,
        "o3": o3, "b3": b3, "s1": s1, "b4": b4, "s2": s2, "l4": l4,
    }  # fmt: skip


def tell_the_executed_deal(story: Story) -> dict[str, UUID]:
    """Estimated 1000/600, signed at 1100, a change of +200 (budget +200/+120),
    an advance of 300 recovered on INV-1, a credit note of 100 on INV-1."""
    opportunity = story.sudden("x9", "2024-01-02", "1000.00", "cy")
    bid = story.initiate(opportunity, "2024-01-05")
    story.estimate(bid, "2024-01-06", "1000.00", "600.00")
    story.decide(bid, "2024-01-07", "bid", "fits")
    story.submit(bid, "2024-01-08", "1100.00")
    contract = story.win(bid, "2024-01-10", "1100.00")
    story.budget(contract, "2024-01-11", "1100.00", "650.00")
    ledger = story.sign(contract, "2024-01-12", "1100.00")
    story.emit(
        "contract", "ChangeApproved", contract, "2024-02-01",
        change_id="CH-1", value_delta=D("200.00"), budget_revenue_delta=D("200.00"),
        budget_cost_delta=D("120.00"), scope="more", new_end_on=None,
        decided_by="demo", decider={}, inputs={},
    )  # fmt: skip
    story.emit(
        "contract", "DisputeOpened", contract, "2024-02-02",
        dispute_id="D-1", subject="late delivery",
    )  # fmt: skip
    story.emit(
        "ledger", "InvoiceIssued", ledger, "2024-01-15",
        invoice_number="ADV", amount=D("300.00"), due_on=d("2024-01-30"),
        disputed=False, advance=True, advance_deduction=D("0.00"),
    )  # fmt: skip
    story.pay(ledger, "ADV", "300.00", "2024-01-20")
    story.emit(
        "ledger", "InvoiceIssued", ledger, "2024-02-10",
        invoice_number="INV-1", amount=D("800.00"), due_on=d("2024-03-10"),
        disputed=False, advance=False, advance_deduction=D("300.00"),
    )  # fmt: skip
    story.pay(ledger, "INV-1", "200.00", "2024-02-20")
    story.emit(
        "ledger", "CreditNoteIssued", ledger, "2024-02-25",
        credit_note_number="CN-1", invoice_number="INV-1", amount=D("100.00"),
        advance_returned=D("37.50"),
    )  # fmt: skip
    story.emit(
        "ledger", "CostBooked", ledger, "2024-03-01",
        category="labour", amount=D("700.00"), note="", role="sr", hours=D("70"),
    )  # fmt: skip
    return {"o": opportunity, "b": bid, "c": contract, "g": ledger}


@pytest.fixture
def deal(story: Story) -> dict[str, UUID]:
    return tell_the_executed_deal(story)


@pytest.fixture
def story() -> Story:
    return Story()


@pytest.fixture
def cloud(story: Story) -> dict[str, UUID]:
    return tell_the_cloud_story(story)


@pytest.fixture
def docs(story: Story, cloud: dict[str, UUID]) -> Docs:
    return project([envelope for _, envelope in story.envelopes])


async def project_through(parts: ReportingParts, bus: Bus, story: Story) -> None:
    """Publish the story topic by topic and let the consumer catch up."""
    for topic, envelopes in story.by_topic().items():
        await bus.publish(topic, envelopes)
    while await parts.consumer.step():
        pass


@pytest.fixture
async def reporting(
    tmp_path: Path, story: Story, cloud: dict[str, UUID]
) -> AsyncIterator[ReportingParts]:
    bus = InProcessBus()
    parts = build(Settings(data_dir=tmp_path), bus)
    await project_through(parts, bus, story)
    yield parts
    await parts.store.close()


@pytest.fixture
async def client(reporting: ReportingParts) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=reporting.api)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c
