"""The event store's connections are checked only when they may have gone
stale, and every transaction that stored events is announced."""

from __future__ import annotations

from typing import Any

import pytest
from eventsourcing.domain import Aggregate

from ltc_shared import eventstore
from ltc_shared.eventstore import ServiceApplication


class FakeConnection:
    autocommit = True

    def __init__(self) -> None:
        self.pings = 0

    def execute(self, query: str) -> None:
        self.pings += 1


def test_a_connection_is_pinged_only_after_it_was_unused_for_a_while(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [100.0]
    monkeypatch.setattr("ltc_shared.eventstore.time.monotonic", lambda: now[0])
    connection: Any = FakeConnection()

    eventstore._ping_when_idle(connection)
    now[0] += 0.5
    eventstore._ping_when_idle(connection)
    now[0] += eventstore.PING_AFTER_IDLE_SECONDS + 0.1
    eventstore._ping_when_idle(connection)

    assert connection.pings == 2


def test_every_transaction_that_stored_events_is_announced() -> None:
    store = ServiceApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    heard: list[str] = []
    forget = store.on_record(lambda: heard.append("stored"))

    store.save(Aggregate())
    store.save()
    forget()
    store.save(Aggregate())

    assert heard == ["stored"]
    assert store.recorder.max_notification_id() == 2


def test_a_failing_listener_does_not_fail_the_stored_transaction() -> None:
    store = ServiceApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})

    def closed() -> None:
        raise RuntimeError("Event loop is closed")

    store.on_record(closed)
    store.save(Aggregate())

    assert store.recorder.max_notification_id() == 1
