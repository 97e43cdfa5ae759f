"""The relay and consumers keep every event exactly once in effect."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.domain import event

from ltc_shared.aggregate import Trace, TracedAggregate
from ltc_shared.bus import DEAD_LETTER_TOPIC, Delivery, service_topic
from ltc_shared.bus_local import LocalLogBus
from ltc_shared.consumer import ConsumerLoop, EventSourcedSink, Unit
from ltc_shared.envelope import Envelope, envelope_from_event
from ltc_shared.eventstore import ServiceApplication
from ltc_shared.ids import derived_id
from ltc_shared.relay import Relay
from ltc_shared.settings import Settings


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


class Echo(TracedAggregate):
    @staticmethod
    def create_id(echo_id: UUID) -> UUID:
        return echo_id

    @event("NoteEchoed")
    def __init__(
        self, echo_id: UUID, text: str, occurred_on: date, trace: Trace
    ) -> None:
        self.trace = trace
        self.text = text


def echo(envelope: Envelope, unit: Unit) -> None:
    if envelope.data["text"] == "poison":
        raise ValueError("cannot echo poison")
    echo_id = derived_id("echo", envelope.subject)
    if unit.get(Echo, echo_id) is None:
        unit.add(
            Echo(
                echo_id=echo_id,
                text=envelope.data["text"],
                occurred_on=date.fromisoformat(envelope.data["occurred_on"]),
                trace=envelope.data["trace"] | {"echo_id": str(echo_id)},
            )
        )


def store(tmp_path: Path, name: str) -> ServiceApplication:
    return ServiceApplication(env=Settings(data_dir=tmp_path).event_store_env(name))


def write(notes: ServiceApplication, *texts: str) -> list[UUID]:
    ids = []
    for text in texts:
        note_id = uuid4()
        notes.save(
            Note(
                note_id=note_id,
                text=text,
                occurred_on=date(2020, 1, 1),
                trace={"note_id": str(note_id)},
            )
        )
        ids.append(note_id)
    return ids


def loop(bus: LocalLogBus, echoes: ServiceApplication) -> ConsumerLoop:
    reader = bus.reader("echo", [service_topic("notes")])
    sink = EventSourcedSink("echo", echoes, {"NoteWritten": echo})
    return ConsumerLoop(bus, reader, sink, batch_size=2)


async def drain(*steps: Any) -> None:
    while sum([await step() for step in steps]):
        pass


async def test_every_note_is_echoed_once_even_when_redelivered(tmp_path: Path) -> None:
    notes, echoes = store(tmp_path, "notes"), store(tmp_path, "echoes")
    bus = LocalLogBus(tmp_path / "bus.sqlite")
    relay = Relay("notes", notes, bus)
    ids = write(notes, "a", "b", "c")
    consumer = loop(bus, echoes)

    # The relay publishes, then dies before remembering its position ...
    await bus.publish(relay.topic, relay.pending()[0])
    # ... and, restarted, publishes the same events again.
    await drain(relay.step)
    assert bus.end_offset(relay.topic) == 6
    await drain(consumer.step)

    assert echoes.recorder.max_notification_id() == 3
    for note_id in ids:
        echoed: Echo = echoes.repository.get(derived_id("echo", note_id))
        assert echoed.trace["note_id"] == str(note_id)


async def test_a_restarted_consumer_resumes_from_its_stored_position(
    tmp_path: Path,
) -> None:
    notes, echoes = store(tmp_path, "notes"), store(tmp_path, "echoes")
    bus = LocalLogBus(tmp_path / "bus.sqlite")
    relay = Relay("notes", notes, bus)
    write(notes, "a", "b")
    await drain(relay.step, loop(bus, echoes).step)
    write(notes, "c")
    await drain(relay.step)

    fresh = loop(bus, echoes)
    assert await fresh.step() == 1
    assert echoes.recorder.max_notification_id() == 3


async def test_a_message_that_fails_goes_to_dead_letters_and_the_rest_go_on(
    tmp_path: Path,
) -> None:
    notes, echoes = store(tmp_path, "notes"), store(tmp_path, "echoes")
    bus = LocalLogBus(tmp_path / "bus.sqlite")
    write(notes, "a", "poison", "c")
    await drain(Relay("notes", notes, bus).step, loop(bus, echoes).step)

    assert echoes.recorder.max_notification_id() == 2
    [(offset, body)] = bus.read(DEAD_LETTER_TOPIC, 0, 10)
    assert "cannot echo poison" in body
    assert offset == 0


def test_an_envelope_keeps_its_id_and_both_times(tmp_path: Path) -> None:
    notes = store(tmp_path, "notes")
    [note_id] = write(notes, "a")
    [notification] = notes.recorder.select_notifications(start=1, limit=1)
    stored = notes.mapper.to_domain_event(notification)
    first = envelope_from_event("notes", 1, stored)
    again = envelope_from_event("notes", 1, stored)
    assert first.id == again.id
    assert first.businessdate == date(2020, 1, 1)
    assert first.time == stored.timestamp  # type: ignore[attr-defined]
    assert first.subject == str(note_id)
    assert first.type == "NoteWritten"
    assert Envelope.from_kafka(first.headers(), first.value()) == first


@pytest.mark.parametrize("problem", ["unreadable envelope"])
async def test_an_unreadable_message_is_a_failure_not_a_crash(
    tmp_path: Path, problem: str
) -> None:
    echoes = store(tmp_path, "echoes")
    sink = EventSourcedSink("echo", echoes, {"NoteWritten": echo})
    broken = Delivery("ltc.notes", 0, 0, None, b"{", problem)
    prepared = await sink.prepare([broken])
    assert prepared.failures == [(broken, problem)]
    await prepared.commit()
    assert await sink.position(("ltc.notes", 0)) == 1


async def test_lag_counts_what_is_left_and_is_unknown_when_the_bus_cannot_say(
    tmp_path: Path,
) -> None:
    notes, echoes = store(tmp_path, "notes"), store(tmp_path, "echoes")
    bus = LocalLogBus(tmp_path / "bus.sqlite")
    write(notes, "a", "b", "c")
    await drain(Relay("notes", notes, bus).step)
    consumer = loop(bus, echoes)
    assert await consumer.lag() is None  # not started yet

    await consumer.step()
    assert await consumer.lag() == 1  # batches of two: one left

    async def broker_gone() -> dict[tuple[str, int], int]:
        raise ConnectionError("broker restarting")

    consumer.reader.end_offsets = broker_gone  # type: ignore[method-assign]
    assert await consumer.lag() is None
