"""A rebuild folds many partitions a batch and holds its documents, and still
leaves the read model, positions and dead letters as the live consumer did."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from ltc_shared.bus import Delivery, InProcessBus, PositionLookup, TopicPartition
from ltc_shared.bus_local import LocalLogBus
from ltc_shared.settings import Settings
from reporting_svc import rebuilding
from reporting_svc.projection import KINDS
from reporting_svc.rebuild_workers import split
from reporting_svc.rebuilding import Rebuild, RebuildStalled
from reporting_svc.service import TOPICS, ReportingParts, build, rebuild
from reporting_svc.store import SqliteReadModel
from reporting_svc.testing import Story, project

Cloud = dict[str, UUID]


async def state(parts: ReportingParts, bus: LocalLogBus) -> dict[str, Any]:
    store = parts.store
    return {
        "docs": {kind: await store.all_docs(kind) for kind in KINDS},
        "positions": {topic: await store.position(topic, 0) for topic in TOPICS},
        "revision": await store.revision(),
        "dead": [body for _, body in bus.read("ltc.deadletter", 0, 100)],
    }


async def live_then_reset(
    tmp_path: Path, story: Story
) -> tuple[ReportingParts, LocalLogBus]:
    bus = LocalLogBus(tmp_path / "bus.sqlite")
    parts = build(Settings(data_dir=tmp_path, consumer_batch_size=2), bus)
    for topic, envelopes in story.by_topic().items():
        await bus.publish(topic, envelopes)
    while await parts.consumer.step():
        pass
    return parts, bus


async def rebuild_in(
    parts: ReportingParts, bus: LocalLogBus, batch_size: int, held_docs: int
) -> int:
    await parts.store.reset()
    await parts.consumer.restart()
    await parts.consumer.start()
    again = Rebuild("reporting", bus, parts.consumer.reader, parts.store)
    again.batch_size, again.held_docs = batch_size, held_docs
    return await again.run(0.0)


def nurtured(story: Story, lead: UUID, on: str, next_step_on: str) -> None:
    story.emit(
        "lead", "LeadNurtured", lead, on, next_step="call", next_step_on=next_step_on
    )


@pytest.mark.parametrize(
    ("batch_size", "held_docs"),
    [(10_000, 10_000), (3, 10_000), (3, 2), (1, 0)],
    ids=["one-batch", "small-batches", "documents-read-back", "one-by-one"],
)
async def test_a_rebuild_leaves_what_the_live_consumer_left(
    tmp_path: Path, story: Story, cloud: Cloud, batch_size: int, held_docs: int
) -> None:
    parts, bus = await live_then_reset(tmp_path, story)
    live = await state(parts, bus)
    assert all(live["docs"][kind] for kind in KINDS)

    events = await rebuild_in(parts, bus, batch_size, held_docs)

    assert events == len(story.envelopes)
    assert await state(parts, bus) == live
    await parts.store.close()
    await bus.close()


async def test_a_fold_that_fails_half_way_is_undone_and_dead_lettered(
    tmp_path: Path,
) -> None:
    story = Story()
    lead = story.capture("n1", "2024-01-10", "web")
    nurtured(story, lead, "2024-01-11", "2024-01-20")
    # the touch is counted before the date is read, and the date is no date
    nurtured(story, lead, "2024-01-12", "the 30th")
    nurtured(story, lead, "2024-01-13", "2024-02-01")
    parts, bus = await live_then_reset(tmp_path, story)
    live = await state(parts, bus)

    await rebuild_in(parts, bus, batch_size=100, held_docs=100)

    rebuilt = await state(parts, bus)
    (doc,) = rebuilt["docs"]["lead"]
    assert doc["touches"] == 2
    assert doc["next_step_on"] == "2024-02-01"
    assert rebuilt["docs"] == live["docs"]
    assert len(rebuilt["dead"]) == 2 * len(live["dead"]) == 2
    await parts.store.close()
    await bus.close()


async def test_an_unreadable_message_is_dead_lettered_and_the_rebuild_goes_on(
    tmp_path: Path, story: Story, cloud: Cloud
) -> None:
    parts, bus = await live_then_reset(tmp_path, story)
    bus._append("ltc.lead", [("key", "not an envelope")])
    while await parts.consumer.step():
        pass
    live = await state(parts, bus)

    rebuilt = await rebuild(parts)

    assert rebuilt.events == len(story.envelopes) + 1
    after = await state(parts, bus)
    assert after["docs"] == live["docs"]
    assert after["docs"]["ledger"]
    assert after["revision"] == live["revision"]
    assert len(after["dead"]) == 2
    await parts.store.close()
    await bus.close()


@pytest.mark.parametrize("enabled", [True, False])
async def test_a_rebuild_pauses_the_garbage_collector_and_gives_it_back(
    tmp_path: Path, story: Story, cloud: Cloud, enabled: bool
) -> None:
    parts, bus = await live_then_reset(tmp_path, story)
    during: list[bool] = []
    if not enabled:
        gc.disable()
    try:
        await rebuild(
            parts, on_progress=lambda done, total: during.append(gc.isenabled())
        )
        after = gc.isenabled()
    finally:
        gc.enable()

    assert during
    assert not any(during)
    assert after is enabled
    await parts.store.close()
    await bus.close()


class Repeating:
    """A reader that delivers its batches, then each of them again."""

    def __init__(self, batches: list[list[Delivery]]) -> None:
        self.pending = batches + batches

    async def start(self, position_of: PositionLookup) -> None:
        return None

    async def fetch(self, max_records: int, timeout: float) -> list[Delivery]:
        return self.pending.pop(0) if self.pending else []

    async def end_offsets(self) -> dict[TopicPartition, int]:
        return {}

    async def stop(self) -> None:
        return None


async def test_messages_delivered_again_change_nothing(
    tmp_path: Path, story: Story, cloud: Cloud
) -> None:
    store = SqliteReadModel(tmp_path / "reporting.sqlite")
    story.pay(cloud["g1"], "NO-SUCH-INVOICE", "1.00", "2024-06-01")
    finance = story.by_topic()["ltc.finance"]
    deliveries = [Delivery("ltc.finance", 0, n, e) for n, e in enumerate(finance)]
    half = len(deliveries) // 2
    reader = Repeating([deliveries[:half], deliveries[half - 1 :]])
    bus = InProcessBus()

    read = await Rebuild("reporting", bus, reader, store).run(0.0)

    assert read == 2 * (len(deliveries) + 1)
    assert await store.position("ltc.finance", 0) == len(deliveries)
    found = await store.all_docs("ledger")
    assert found == project(finance[:-1])["ledger"]
    assert [(d.offset, reason) for d, reason, _ in bus.dead_letters] == [
        (len(finance) - 1, "KeyError: 'NO-SUCH-INVOICE'")
    ]
    await store.close()


class SlowToStart(Repeating):
    """A reader that fetches nothing at first, as a fresh Kafka reader may."""

    def __init__(self, batches: list[list[Delivery]], empty: int) -> None:
        self.pending = [[] for _ in range(empty)] + batches


async def test_a_rebuild_waits_for_messages_it_knows_are_there(
    tmp_path: Path, story: Story, cloud: Cloud
) -> None:
    store = SqliteReadModel(tmp_path / "reporting.sqlite")
    finance = story.by_topic()["ltc.finance"]
    deliveries = [Delivery("ltc.finance", 0, n, e) for n, e in enumerate(finance)]
    ends = {("ltc.finance", 0): len(deliveries), ("ltc.finance", 1): 0}
    again = Rebuild("reporting", InProcessBus(), SlowToStart([deliveries], 3), store)

    read = await again.run(0.0, until=ends)

    assert read == len(deliveries)
    assert await store.all_docs("ledger") == project(finance)["ledger"]
    await store.close()


async def test_a_rebuild_gives_up_on_messages_that_never_come(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rebuilding, "PATIENCE", 0.5)
    store = SqliteReadModel(tmp_path / "reporting.sqlite")
    again = Rebuild("reporting", InProcessBus(), SlowToStart([], 0), store)

    with pytest.raises(RebuildStalled, match=r"ltc\.lead"):
        await again.run(0.0, until={("ltc.lead", 2): 5})
    await store.close()


def test_partitions_are_shared_out_by_how_many_messages_they_hold() -> None:
    ends = {("a", 0): 90, ("a", 1): 10, ("b", 0): 50, ("b", 1): 40, ("c", 0): 0}

    shares = split(ends, 2)

    assert shares == [[("a", 0), ("a", 1)], [("b", 0), ("b", 1), ("c", 0)]]
    assert split(ends, 9) == [[p] for p in sorted(ends, key=lambda p: -ends[p])]
    assert split(ends, 1) == split(ends, 0) == [sorted(ends)]
    assert split({}, 2) == []
