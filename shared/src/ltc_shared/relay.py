"""The outbox relay: follows a service's notification log and publishes it.

The event store is the outbox. The relay reads the events stored after the
last position it published, publishes them (waiting for the bus to accept
them), then records the new position in the same store. A crash between the
two steps publishes some events again; their envelope ids are unchanged, so
readers can tell. Replicas of a service may each run a relay: they publish the
same events twice at worst, and the position only moves forward.
"""

from __future__ import annotations

import asyncio

import structlog
from eventsourcing.persistence import IntegrityError

from ltc_shared.bus import Bus, service_topic
from ltc_shared.envelope import Envelope, notification_envelope
from ltc_shared.eventstore import ServiceApplication, Tracking
from ltc_shared.faults import crash_point

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

    def published_position(self) -> int:
        return self.app.process_recorder.max_tracking_id(self.tracking_name) or 0

    def lag(self) -> int:
        latest = self.app.recorder.max_notification_id() or 0
        return max(latest - self.published_position(), 0)

    def pending(self) -> tuple[list[Envelope], int, int]:
        """The next batch to publish, the position before it and after it
        (the same when there is nothing to publish).

        Receipts of batch requests, and the event types a service keeps to
        itself (`private`), are stepped over, not published.
        """
        after = self.published_position()
        notifications = self.app.recorder.select_notifications(
            start=after, limit=self.batch_size, inclusive_of_start=False
        )
        if not notifications:
            return [], after, after
        mapper = self.app.mapper
        envelopes = [
            notification_envelope(self.service, n, mapper.to_domain_event(n))
            for n in notifications
        ]
        public = [e for e in envelopes if e.type not in self.private]
        return public, after, notifications[-1].id

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
        envelopes, before, position = await asyncio.to_thread(self.pending)
        if position == before:
            return 0
        if envelopes:
            await self.bus.publish(self.topic, envelopes)
        crash_point("relay-after-publish")
        await asyncio.to_thread(self._remember, position)
        log.debug("relay.published", topic=self.topic, count=len(envelopes))
        return max(len(envelopes), 1)
