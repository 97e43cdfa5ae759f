"""The PostgreSQL event store keeps the library's guarantees with fewer round
trips: versions are checked, notification ids follow commit order even under
concurrent writers, reactions store their position with their events, and
positions only move forward.

PostgreSQL is the one of deploy/local, found through the settings and only on
a loopback address; each test gets a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from uuid import UUID

import pytest
from eventsourcing.domain import Aggregate, event

from integration.stores import store_in_fresh_schema
from ltc_shared.errors import ConcurrentUpdate
from ltc_shared.eventstore import ProcessingEvent, ServiceApplication, Tracking
from ltc_shared.pgrecorder import OneTripRecorder

pytestmark = pytest.mark.integration


class Tally(Aggregate):
    @staticmethod
    def create_id(tally_id: UUID) -> UUID:
        return tally_id

    @event("TallyOpened")
    def __init__(self, tally_id: UUID) -> None:
        self.count = 0

    @event("TallyRaised")
    def raise_by(self, amount: int) -> None:
        self.count += amount


class TallyStore(ServiceApplication):
    name = "tally"


@pytest.fixture
def store() -> Iterator[TallyStore]:
    yield from store_in_fresh_schema(TallyStore, "tally")


def test_the_store_uses_the_one_trip_recorder(store: TallyStore) -> None:
    assert isinstance(store.recorder, OneTripRecorder)


def test_events_are_stored_and_read_back_in_order(store: TallyStore) -> None:
    tally = Tally(uuid.uuid4())
    tally.raise_by(2)
    store.commit(tally)
    tally.raise_by(3)
    store.commit(tally)

    found = store.load(Tally, tally.id, "tally")

    assert (found.version, found.count) == (3, 5)
    ids = [n.id for n in store.recorder.select_notifications(start=1, limit=10)]
    assert ids == [1, 2, 3]


def test_a_version_stored_meanwhile_refuses_the_commit(store: TallyStore) -> None:
    tally = Tally(uuid.uuid4())
    store.commit(tally)
    first = store.load(Tally, tally.id, "tally")
    second = store.load(Tally, tally.id, "tally")
    first.raise_by(1)
    store.commit(first)

    second.raise_by(1)
    with pytest.raises(ConcurrentUpdate):
        store.commit(second)
    assert store.load(Tally, tally.id, "tally").count == 1


def test_a_reader_tailing_concurrent_writers_passes_over_no_event(
    store: TallyStore,
) -> None:
    """Ids commit in their order, so reading on from the last id seen, as the
    relay does, never skips an event that commits later with a lower id."""
    failures: list[BaseException] = []
    seen: list[int] = []
    writing = True

    def write(count: int) -> None:
        try:
            for _ in range(count):
                store.commit(Tally(uuid.uuid4()))
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    def tail() -> None:
        while True:
            done = not writing
            after = seen[-1] if seen else 0
            found = store.recorder.select_notifications(
                start=after, limit=1000, inclusive_of_start=False
            )
            seen.extend(n.id for n in found)
            if done and not found:
                return

    writers = [threading.Thread(target=write, args=(100,)) for _ in range(4)]
    reader = threading.Thread(target=tail)
    reader.start()
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    writing = False
    reader.join()

    assert failures == []
    stored = [n.id for n in store.recorder.select_notifications(start=1, limit=1000)]
    assert len(stored) == 400
    assert seen == stored


def test_a_reaction_stores_its_position_with_its_events(store: TallyStore) -> None:
    processing: ProcessingEvent[UUID] = ProcessingEvent(Tracking("upstream", 7))
    processing.collect_events(Tally(uuid.uuid4()))
    store.record_processing(processing)

    assert store.process_recorder.max_tracking_id("upstream") == 7
    assert store.recorder.max_notification_id() == 1


def test_a_position_only_moves_forward(store: TallyStore) -> None:
    recorder = store.process_recorder
    recorder.insert_tracking(Tracking("relay|t", 5))
    recorder.insert_tracking(Tracking("relay|t", 9))

    with pytest.raises(Exception, match="tracking"):
        recorder.insert_tracking(Tracking("relay|t", 8))
    assert recorder.max_tracking_id("relay|t") == 9
