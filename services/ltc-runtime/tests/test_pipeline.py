"""A running pipeline publishes what a store records as soon as it is
recorded, without polling, and reacts to it without waiting for a pass."""

from __future__ import annotations

import asyncio
import time
from datetime import date
from uuid import UUID, uuid4

from eventsourcing.domain import event

from ltc.pipeline import Pipeline
from ltc_shared.aggregate import Trace, TracedAggregate
from ltc_shared.bus import InProcessBus, service_topic
from ltc_shared.consumer import ConsumerLoop, EventSourcedSink, Unit
from ltc_shared.envelope import Envelope
from ltc_shared.eventstore import ServiceApplication
from ltc_shared.relay import Relay

MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}


class Note(TracedAggregate):
    @staticmethod
    def create_id(note_id: UUID) -> UUID:
        return note_id

    @event("NoteWritten")
    def __init__(
        self, note_id: UUID, text: str, occurred_on: date, trace: Trace
    ) -> None:
        self.trace = trace
        self.text = text


def written(text: str) -> Note:
    note_id = uuid4()
    return Note(note_id, text, date(2020, 1, 1), {"note_id": str(note_id)})


async def until(check: object, seconds: float = 5.0) -> float:
    """How long it took until `check()` held."""
    started = time.monotonic()
    while not check():  # type: ignore[operator]
        if time.monotonic() - started > seconds:
            raise TimeoutError("it never happened")
        await asyncio.sleep(0.001)
    return time.monotonic() - started


async def test_a_recorded_event_is_published_without_waiting_for_a_poll() -> None:
    notes = ServiceApplication(env=MEMORY)
    bus = InProcessBus()
    topic = service_topic("notes")
    pipeline = Pipeline(
        [Relay("notes", notes, bus)], [], idle_seconds=30.0, poll_seconds=60.0
    )
    stop = asyncio.Event()
    running = asyncio.create_task(pipeline.run_forever(stop))
    await asyncio.sleep(0.05)

    await asyncio.to_thread(notes.save, written("first"))
    waited = await until(lambda: len(bus.topics.get(topic, [])) == 1)
    stop.set()
    await asyncio.wait_for(running, 5.0)

    assert waited < 1.0
    assert pipeline.errors == []


async def test_a_reaction_follows_without_a_pass_over_every_part() -> None:
    notes = ServiceApplication(env=MEMORY)
    echoes = ServiceApplication(env=MEMORY)
    bus = InProcessBus()
    seen: list[str] = []

    def echo(envelope: Envelope, unit: Unit) -> None:
        seen.append(envelope.data["text"])

    consumer = ConsumerLoop(
        bus,
        bus.reader("echo", [service_topic("notes")]),
        EventSourcedSink("echo", echoes, {"NoteWritten": echo}),
        batch_size=10,
    )
    pipeline = Pipeline([Relay("notes", notes, bus)], [consumer], poll_seconds=60.0)
    stop = asyncio.Event()
    running = asyncio.create_task(pipeline.run_forever(stop))

    for text in ("a", "b", "c"):
        await asyncio.to_thread(notes.save, written(text))
    await until(lambda: seen == ["a", "b", "c"])
    stop.set()
    await asyncio.wait_for(running, 5.0)


async def test_a_failing_part_is_reported_and_the_others_go_on() -> None:
    notes = ServiceApplication(env=MEMORY)
    bus = InProcessBus()
    topic = service_topic("notes")

    class Broken(ConsumerLoop):
        async def step(self, timeout: float = 0.0) -> int:
            raise ConnectionError("broker gone")

    broken = Broken(
        bus,
        bus.reader("broken", [topic]),
        EventSourcedSink("broken", ServiceApplication(env=MEMORY), {}),
        batch_size=10,
    )
    pipeline = Pipeline([Relay("notes", notes, bus)], [broken], poll_seconds=60.0)
    stop = asyncio.Event()
    running = asyncio.create_task(pipeline.run_forever(stop))

    await asyncio.to_thread(notes.save, written("still published"))
    await until(lambda: len(bus.topics.get(topic, [])) == 1)
    stop.set()
    await asyncio.wait_for(running, 5.0)

    assert "broker gone" in pipeline.errors
