"""The outbox relay: follows a service's notification log and publishes it.

The event store is the outbox. The relay reads the events stored after the
last position it published, publishes them (waiting for the bus to accept
them), then records the new position in the same store. A crash between the
two steps publishes some events again; their envelope ids are unchanged, so
readers can tell. Replicas of a service may each run a relay: they publish the
same events twice at worst, and the position only moves forward.

A batch is encoded straight from the stored rows (`ltc_shared.outbox`); a bus
that takes encoded messages (Kafka) gets them as they are, any other bus gets
the envelopes read back from them, as a consumer would read them. While Kafka
acknowledges a full batch, the relay already reads and encodes the next one.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import structlog
from eventsourcing.persistence import IntegrityError

from ltc_shared.bus import Bus, service_topic
from ltc_shared.envelope import Envelope
from ltc_shared.eventstore import ServiceApplication, Tracking
from ltc_shared.faults import crash_point
from ltc_shared.outbox import Message, MessagePublisher, OutboxEncoder, read_after

log = structlog.get_logger()
PRIVATE_TYPES = frozenset({"BatchReceiptIssued"})


@dataclass(frozen=True)
class Batch:
    """The encoded events stored after `before`, up to `after` included."""

    messages: list[Message]
    before: int
    after: int
    full: bool  # as many events as asked for: more may follow


class Relay:
    def __init__(
        self,
        service: str,
        app: ServiceApplication,
        bus: Bus,
        batch_size: int = 1000,
        private: frozenset[str] = frozenset(),
    ) -> None:
        self.service = service
        self.app = app
        self.bus = bus
        self.topic = service_topic(service)
        self.batch_size = batch_size
        self.tracking_name = f"relay|{self.topic}"
        self.private = PRIVATE_TYPES | private
        self.encoder = OutboxEncoder(service, app.mapper)
        self._ahead: asyncio.Future[Batch] | None = None

    def published_position(self) -> int:
        return self.app.process_recorder.max_tracking_id(self.tracking_name) or 0

    def lag(self) -> int:
        latest = self.app.recorder.max_notification_id() or 0
        return max(latest - self.published_position(), 0)

    def read_batch(self, after: int) -> Batch:
        """The batch of events stored after position `after`.

        Receipts of batch requests, and the event types a service keeps to
        itself (`private`), are stepped over, not published.
        """
        rows = read_after(self.app, after, self.batch_size)
        if not rows:
            return Batch([], after, after, full=False)
        messages = self.encoder.encode_all(rows, self.private)
        return Batch(messages, after, rows[-1][0], len(rows) >= self.batch_size)

    def pending_messages(self) -> tuple[list[Message], int, int]:
        """The next batch to publish, encoded, with the position before it and
        after it (the same when there is nothing to publish)."""
        batch = self.next_batch()
        return batch.messages, batch.before, batch.after

    def next_batch(self) -> Batch:
        return self.read_batch(self.published_position())

    def pending(self) -> tuple[list[Envelope], int, int]:
        """`pending_messages` as the envelopes a consumer reads from them."""
        messages, before, after = self.pending_messages()
        envelopes = [
            Envelope.from_kafka(headers, value) for _, value, headers in messages
        ]
        return envelopes, before, after

    def _remember(self, position: int) -> None:
        try:
            self.app.process_recorder.insert_tracking(
                Tracking(application_name=self.tracking_name, notification_id=position)
            )
        except IntegrityError:
            # Another replica's relay got there first; its position is as good.
            log.info("relay.position_taken", topic=self.topic, position=position)

    async def step(self) -> int:
        """Publish the next batch; return how many events it held."""
        bus = self.bus
        if not isinstance(bus, MessagePublisher):
            return await self._step_with_envelopes(bus)
        ahead, self._ahead = self._ahead, None
        if ahead is not None:
            batch = await ahead
        else:
            batch = await asyncio.to_thread(self.next_batch)
        if batch.after == batch.before:
            return 0

        # The next batch is read while the broker acknowledges this one; it
        # is kept only if this one is published and its position recorded.
        following = None
        if batch.full:
            following = _retrieved(asyncio.to_thread(self.read_batch, batch.after))
        if batch.messages:
            await bus.publish_messages(self.topic, batch.messages)
        await self._published(batch.after, len(batch.messages))
        self._ahead = following
        return max(len(batch.messages), 1)

    async def _step_with_envelopes(self, bus: Bus) -> int:
        envelopes, before, position = await asyncio.to_thread(self.pending)
        if position == before:
            return 0
        if envelopes:
            await bus.publish(self.topic, envelopes)
        await self._published(position, len(envelopes))
        return max(len(envelopes), 1)

    async def _published(self, position: int, count: int) -> None:
        if count:  # a batch of private events only left nothing to publish
            crash_point("relay-after-publish")
        await asyncio.to_thread(self._remember, position)
        log.debug("relay.published", topic=self.topic, count=count)


def _retrieved(reading: Any) -> asyncio.Future[Batch]:
    """A read running on its own, whose failure is left to whoever awaits it
    (none, if the batch before it failed)."""
    future: asyncio.Future[Batch] = asyncio.ensure_future(reading)
    future.add_done_callback(lambda done: done.cancelled() or done.exception())
    return future
