"""The read model kept by the consumer: exactly once, dead letters, rebuilds."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from ltc_shared.bus import Delivery
from ltc_shared.bus_local import LocalLogBus
from ltc_shared.settings import Settings
from reporting_svc import reports
from reporting_svc.chains import Docs
from reporting_svc.projection import KINDS
from reporting_svc.projector import ProjectionSink
from reporting_svc.service import ReportingParts, build, rebuild
from reporting_svc.store import ReadModelStore, SqliteReadModel
from reporting_svc.testing import Story, project


async def stored_docs(store: ReadModelStore) -> Docs:
    return {kind: await store.all_docs(kind) for kind in KINDS}


async def snapshot(parts: ReportingParts, cloud: dict[str, UUID]) -> dict[str, Any]:
    """Every report, as the API would answer it."""
    docs = await stored_docs(parts.store)
    return {
        "funnel": reports.funnel(docs, by="channel").model_dump(),
        "win_rates": reports.win_rates(docs).model_dump(),
        "pnl": reports.pnl(docs).model_dump(),
        "receivables": reports.receivables(docs, date(2024, 6, 30)).model_dump(),
        "trace": reports.trace(docs, cloud["g1"], "INV-1").model_dump(),
        "docs": docs,
    }


def deliveries(story: Story, topic: str) -> list[Delivery]:
    found = story.by_topic()[topic]
    return [Delivery(topic, 0, offset, e) for offset, e in enumerate(found)]


async def test_a_rebuilt_read_model_equals_the_live_one(
    tmp_path: Path, story: Story, cloud: dict[str, UUID]
) -> None:
    bus = LocalLogBus(tmp_path / "bus.sqlite")
    parts = build(Settings(data_dir=tmp_path, consumer_batch_size=3), bus)
    # live: events arrive one at a time, topics interleaved, in small batches
    for topic, envelope in story.envelopes:
        await bus.publish(topic, [envelope])
        await parts.consumer.step()
    while await parts.consumer.step():
        pass
    live = await snapshot(parts, cloud)

    rebuilt = await rebuild(parts)

    assert await snapshot(parts, cloud) == live
    assert rebuilt.events == len(story.envelopes)
    assert rebuilt.events_per_second > 0
    assert live["docs"] == project([e for _, e in story.envelopes])
    await parts.store.close()
    await bus.close()


async def test_the_same_batch_delivered_twice_changes_nothing(
    tmp_path: Path, story: Story, cloud: dict[str, UUID]
) -> None:
    store = SqliteReadModel(tmp_path / "reporting.sqlite")
    sink = ProjectionSink("reporting", store)
    batch = deliveries(story, "ltc.finance")
    await (await sink.prepare(batch)).commit()
    first = await stored_docs(store)

    again = await sink.prepare(batch)
    await again.commit()

    assert (again.docs, again.failures) == ({}, [])
    assert await stored_docs(store) == first
    assert await store.position("ltc.finance", 0) == len(batch)
    await store.close()


async def test_an_event_published_again_at_a_later_offset_changes_nothing(
    tmp_path: Path, story: Story, cloud: dict[str, UUID]
) -> None:
    store = SqliteReadModel(tmp_path / "reporting.sqlite")
    sink = ProjectionSink("reporting", store)
    batch = deliveries(story, "ltc.finance")
    await (await sink.prepare(batch)).commit()
    first = await stored_docs(store)
    payment = next(
        d for d in batch if d.envelope and d.envelope.type == "PaymentReceived"
    )

    repeat = Delivery("ltc.finance", 0, len(batch), payment.envelope)
    await (await sink.prepare([repeat])).commit()

    assert await stored_docs(store) == first
    assert await store.position("ltc.finance", 0) == len(batch) + 1
    await store.close()


async def test_an_unreadable_delivery_goes_to_failures_and_the_batch_goes_on(
    tmp_path: Path, story: Story, cloud: dict[str, UUID]
) -> None:
    store = SqliteReadModel(tmp_path / "reporting.sqlite")
    sink = ProjectionSink("reporting", store)
    leads = deliveries(story, "ltc.lead")
    unreadable = Delivery("ltc.lead", 0, 1, None, b"{", "unreadable envelope")
    batch = [leads[0], unreadable] + [
        Delivery("ltc.lead", 0, d.offset + 1, d.envelope) for d in leads[1:]
    ]

    prepared = await sink.prepare(batch)
    await prepared.commit()

    assert prepared.failures == [(unreadable, "unreadable envelope")]
    assert len(await store.all_docs("lead")) == 4
    assert await store.position("ltc.lead", 0) == len(batch)
    await store.close()


async def test_the_consumer_dead_letters_what_it_cannot_fold_and_goes_on(
    tmp_path: Path, story: Story
) -> None:
    bus = LocalLogBus(tmp_path / "bus.sqlite")
    parts = build(Settings(data_dir=tmp_path), bus)
    bid = story.initiate(story.sudden("x1", "2024-03-01", "10.00", "cy"), "2024-03-02")
    ledger = story.sign(story.win(bid, "2024-03-07", "50.00"), "2024-03-08", "50.00")
    story.pay(ledger, "NO-SUCH-INVOICE", "10.00", "2024-03-09")
    story.cost(ledger, "2024-03-10", "labour", "5.00")
    for topic, envelopes in story.by_topic().items():
        await bus.publish(topic, envelopes)
    # a message no publisher writes, to see the reader's unreadable path
    bus._append("ltc.lead", [("key", "not an envelope")])

    while await parts.consumer.step():
        pass

    dead = bus.read("ltc.deadletter", 0, 10)
    assert len(dead) == 2
    (found,) = await parts.store.all_docs("ledger")
    assert found["costs"][0]["amount"] == "5.00"
    assert await parts.store.position("ltc.finance", 0) == 3
    await parts.store.close()
    await bus.close()


async def test_a_reset_forgets_documents_and_positions(
    tmp_path: Path, story: Story, cloud: dict[str, UUID]
) -> None:
    store = SqliteReadModel(tmp_path / "reporting.sqlite")
    sink = ProjectionSink("reporting", store)
    await (await sink.prepare(deliveries(story, "ltc.bid"))).commit()

    await store.reset()

    assert await store.all_docs("bid") == []
    assert await store.position("ltc.bid", 0) == 0
    assert await store.get_many([("bid", str(cloud["b1"]))]) == {}
    await store.close()
