"""Consumers with an exactly-once effect.

A consumer reads a batch from one partition, prepares its effect, and
commits the effect together with the position after the batch. On restart
it resumes from the stored position; a message before it changes nothing.
A message that cannot be processed goes to the dead-letter topic with the
reason, and the consumer goes on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar
from uuid import UUID

import structlog
from eventsourcing.domain import Aggregate

from ltc_shared.bus import Bus, Delivery, Reader, TopicPartition
from ltc_shared.envelope import Envelope
from ltc_shared.eventstore import ProcessingEvent, ServiceApplication, Tracking
from ltc_shared.faults import crash_point

log = structlog.get_logger()
A = TypeVar("A", bound=Aggregate)


class Prepared(Protocol):
    """A batch's effect, ready to commit with the position after the batch."""

    @property
    def failures(self) -> list[tuple[Delivery, str]]: ...

    async def commit(self) -> None: ...


class Sink(Protocol):
    """Where a consumer's effects go: an event store or a read model."""

    name: str

    async def position(self, partition: TopicPartition) -> int:
        """The offset of the next message to process in `partition`."""

    async def prepare(self, deliveries: Sequence[Delivery]) -> Prepared:
        """Work out the effect of a batch from one partition, storing nothing."""


class Unit:
    """The aggregates one batch of reactions loads, changes and creates."""

    def __init__(self, app: ServiceApplication) -> None:
        self.app = app
        self.touched: dict[UUID, Aggregate] = {}

    def get(self, kind: type[A], aggregate_id: UUID) -> A | None:
        if aggregate_id in self.touched:
            found = self.touched[aggregate_id]
        elif self.app.exists(aggregate_id):
            found = self.app.repository.get(aggregate_id)
        else:
            return None
        return found if isinstance(found, kind) else None

    def add(self, aggregate: Aggregate) -> None:
        self.touched[aggregate.id] = aggregate


Reaction = Callable[[Envelope, Unit], None]


@dataclass
class _PreparedEvents:
    app: ServiceApplication
    tracking: Tracking | None
    unit: Unit
    failures: list[tuple[Delivery, str]] = field(default_factory=list)

    async def commit(self) -> None:
        await asyncio.to_thread(self._commit)

    def _commit(self) -> None:
        if self.tracking is None:
            return
        processing: ProcessingEvent[UUID] = ProcessingEvent(self.tracking)
        processing.collect_events(*self.unit.touched.values())
        self.app.record_processing(processing)


class EventSourcedSink:
    """Reactions of one service to other services' events."""

    def __init__(
        self, name: str, app: ServiceApplication, reactions: dict[str, Reaction]
    ) -> None:
        self.name = name
        self.app = app
        self.reactions = reactions

    def _tracking_name(self, partition: TopicPartition) -> str:
        return f"{self.name}|{partition[0]}|{partition[1]}"

    def _position(self, partition: TopicPartition) -> int:
        found = self.app.process_recorder.max_tracking_id(
            self._tracking_name(partition)
        )
        return found or 0

    async def position(self, partition: TopicPartition) -> int:
        return await asyncio.to_thread(self._position, partition)

    async def prepare(self, deliveries: Sequence[Delivery]) -> _PreparedEvents:
        return await asyncio.to_thread(self._prepare, deliveries)

    def _prepare(self, deliveries: Sequence[Delivery]) -> _PreparedEvents:
        first = deliveries[0]
        partition = (first.topic, first.partition)
        start = self._position(partition)
        fresh = [d for d in deliveries if d.offset >= start]
        if not fresh:
            return _PreparedEvents(self.app, None, Unit(self.app))
        tracking = Tracking(self._tracking_name(partition), fresh[-1].offset + 1)
        refused: dict[int, str] = {}
        while True:
            unit = Unit(self.app)
            failed = self._apply(fresh, unit, refused)
            if failed is None:
                failures = [
                    (d, refused[d.offset]) for d in fresh if d.offset in refused
                ]
                return _PreparedEvents(self.app, tracking, unit, failures)
            refused[failed[0].offset] = failed[1]

    def _apply(
        self, deliveries: Sequence[Delivery], unit: Unit, refused: dict[int, str]
    ) -> tuple[Delivery, str] | None:
        for delivery in deliveries:
            if delivery.offset in refused:
                continue
            if delivery.envelope is None:
                return delivery, delivery.problem or "unreadable message"
            reaction = self.reactions.get(delivery.envelope.type)
            if reaction is None:
                continue
            try:
                reaction(delivery.envelope, unit)
            except Exception as error:  # noqa: BLE001 - any failure goes to dead letters
                return delivery, f"{type(error).__name__}: {error}"
        return None


class ConsumerLoop:
    """Moves messages from a reader to a sink, a partition's batch at a time."""

    def __init__(self, bus: Bus, reader: Reader, sink: Sink, batch_size: int) -> None:
        self.bus = bus
        self.reader = reader
        self.sink = sink
        self.batch_size = batch_size
        self.started = False

    async def start(self) -> None:
        await self.reader.start(self.sink.position)
        self.started = True

    async def step(self, timeout: float = 0.0) -> int:
        if not self.started:
            await self.start()
        deliveries = await self.reader.fetch(self.batch_size, timeout)
        by_partition: dict[TopicPartition, list[Delivery]] = {}
        for delivery in deliveries:
            key = (delivery.topic, delivery.partition)
            by_partition.setdefault(key, []).append(delivery)
        for batch in by_partition.values():
            prepared = await self.sink.prepare(batch)
            for delivery, reason in prepared.failures:
                log.warning(
                    "consumer.dead_letter",
                    consumer=self.sink.name,
                    topic=delivery.topic,
                    offset=delivery.offset,
                    reason=reason,
                )
                await self.bus.dead_letter(delivery, reason, self.sink.name)
            crash_point("consumer-before-commit")
            await prepared.commit()
        return len(deliveries)

    async def lag(self) -> int | None:
        """Messages on the bus this consumer has not processed yet; None
        until it has joined its group, or while the bus cannot say (a broker
        that is restarting): unknown is never reported as caught up."""
        if not self.started:
            return None
        try:
            ends = await self.reader.end_offsets()
        except Exception as error:  # noqa: BLE001 - any failure means "unknown"
            log.info("consumer.lag_unknown", consumer=self.sink.name, error=repr(error))
            return None
        behind = [end - await self.sink.position(key) for key, end in ends.items()]
        return sum(max(count, 0) for count in behind)

    async def restart(self) -> None:
        """Drop what was read but not committed; read again from the store."""
        await self.reader.stop()
        self.started = False
