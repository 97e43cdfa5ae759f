"""The outbox relay: follows a service's notification log and publishes it.

The event store is the outbox. The relay reads the events stored after the
last position it published, publishes them (waiting for the bus to accept
them), then records the new position in the same store. A crash between the
two steps publishes some events again; their envelope ids are unchanged, so
readers can tell. Replicas of a service may each run a relay: they publish the
same events twice at worst, and the position only moves forward.

A batch is encoded straight from the stored rows (`ltc_shared.outbox`); a bus
that takes encoded messages (Kafka) gets them as they are, any other bus gets
the envelopes read back from them, as a consumer would read them.
"""

from __future__ import annotations

import asyncio

import structlog
from eventsourcing.persistence import IntegrityError

from ltc_shared.bus import Bus, service_topic
from ltc_shared.envelope import Envelope
from ltc_shared.eventstore import ServiceApplication, Tracking
from ltc_shared.faults import crash_point
from ltc_shared.outbox import Message, MessagePublisher, OutboxEncoder, read_after

log = structlog.get_logger()
PRIVATE_TYPES = frozenset({"BatchReceiptIssued"})


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

    def published_position(self) -> int:
        return self.app.process_recorder.max_tracking_id(self.tracking_name) or 0

    def lag(self) -> int:
        latest = self.app.recorder.max_notification_id() or 0
        return max(latest - self.published_position(), 0)

    def pending_messages(self) -> tuple[list[Message], int, int]:
        """The next batch to publish, encoded, with the position before it and
        after it (the same when there is nothing to publish).

        Receipts of batch requests, and the event types a service keeps to
        itself (`private`), are stepped over, not published.
        """
        after = self.published_position()
        rows = read_after(self.app, after, self.batch_size)
        if not rows:
            return [], after, after
        return self.encoder.encode_all(rows, self.private), after, rows[-1][0]

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
        if isinstance(bus, MessagePublisher):
            messages, before, position = await asyncio.to_thread(self.pending_messages)
            if messages:
                await bus.publish_messages(self.topic, messages)
            count = len(messages)
        else:
            envelopes, before, position = await asyncio.to_thread(self.pending)
            if envelopes:
                await bus.publish(self.topic, envelopes)
            count = len(envelopes)
        if position == before:
            return 0
        crash_point("relay-after-publish")
        await asyncio.to_thread(self._remember, position)
        log.debug("relay.published", topic=self.topic, count=count)
        return max(count, 1)
