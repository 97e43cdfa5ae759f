"""The event store each service keeps: its aggregates' events, also its outbox."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

import structlog
from eventsourcing.application import (
    AggregateNotFoundError,
    Application,
    ProcessingEvent,
)
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import (
    IntegrityError,
    JSONTranscoder,
    ProcessRecorder,
    Recording,
    Tracking,
    Transcoding,
)
from eventsourcing.utils import EnvType
from psycopg import Connection
from psycopg_pool import ConnectionPool

from ltc_shared.errors import (
    ConcurrentUpdate,
    NotFound,
    VersionMismatch,
)

A = TypeVar("A", bound=Aggregate)
log = structlog.get_logger()
# A pooled connection used this recently is trusted without a round trip: if
# the server went away meanwhile, the statement fails and the recorder retries
# it on another connection.
PING_AFTER_IDLE_SECONDS = 1.0


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class ServiceApplication(Application[UUID]):
    """An event-sourced application whose recorder can also keep tracking
    records, so that a reaction and the position it consumed commit together."""

    def __init__(self, env: EnvType | None = None) -> None:
        self._listeners: list[Callable[[], None]] = []
        super().__init__(env)

    def construct_recorder(self) -> ProcessRecorder:
        recorder = self.factory.process_recorder()
        pool = getattr(getattr(recorder, "datastore", None), "pool", None)
        if isinstance(pool, ConnectionPool) and pool._check is not None:
            pool._check = _ping_when_idle
        return recorder

    def on_record(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call `listener` after every transaction that stored events, in the
        thread that stored them; the function returned stops that."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _record(self, processing_event: ProcessingEvent[UUID]) -> list[Recording[UUID]]:
        recordings = super()._record(processing_event)
        if recordings:
            for listener in tuple(self._listeners):
                try:
                    listener()
                except Exception as error:  # noqa: BLE001 - the events are stored
                    log.warning("store.listener_failed", error=repr(error))
        return recordings

    @property
    def process_recorder(self) -> ProcessRecorder:
        assert isinstance(self.recorder, ProcessRecorder)
        return self.recorder

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    def load(self, kind: type[A], aggregate_id: UUID, what: str) -> A:
        try:
            found: Aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFound(f"{what} {aggregate_id} does not exist") from None
        if not isinstance(found, kind):
            raise NotFound(f"{what} {aggregate_id} does not exist")
        return found

    def exists(self, aggregate_id: UUID) -> bool:
        return aggregate_id in self.repository

    def commit(self, *aggregates: Aggregate) -> None:
        """Store the pending events of `aggregates` in one transaction."""
        try:
            self.save(*aggregates)
        except IntegrityError:
            raise ConcurrentUpdate() from None

    def record_processing(self, processing: ProcessingEvent[UUID]) -> None:
        """Store a reaction's events and the position it consumed, atomically."""
        self._record(processing)


def _ping_when_idle(connection: Connection[Any]) -> None:
    """The pool's pre-ping, only for a connection unused for a while: a ping
    per checkout was a round trip per query."""
    now = time.monotonic()
    last_used: float = getattr(connection, "_ltc_last_used", 0.0)
    connection._ltc_last_used = now  # type: ignore[attr-defined]
    if now - last_used > PING_AFTER_IDLE_SECONDS:
        ConnectionPool.check_connection(connection)


def check_version(aggregate: Aggregate, expected: int | None) -> None:
    if expected is not None and aggregate.version != expected:
        raise VersionMismatch(expected, aggregate.version)


def same_content(
    existing: dict[str, Any], requested: Iterable[tuple[str, Any]]
) -> bool:
    return all(existing.get(key) == value for key, value in requested)


__all__ = [
    "ProcessingEvent",
    "ServiceApplication",
    "Tracking",
    "check_version",
]
