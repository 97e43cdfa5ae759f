"""The event store each service keeps: its aggregates' events, also its outbox."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

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
    Tracking,
    Transcoding,
)

from ltc_shared.errors import (
    ConcurrentUpdate,
    NotFound,
    VersionMismatch,
)

A = TypeVar("A", bound=Aggregate)


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

    def construct_recorder(self) -> ProcessRecorder:
        return self.factory.process_recorder()

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
