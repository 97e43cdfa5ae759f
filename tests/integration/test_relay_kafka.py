"""The relay from a PostgreSQL event store into Kafka: consumers read the
envelopes the relay used to build by decoding every domain event."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from aiokafka.partitioner import DefaultPartitioner
from eventsourcing.postgres import PostgresApplicationRecorder

from integration.stores import store_in_fresh_schema
from lead_svc.application import LeadStore
from lead_svc.domain import Lead
from ltc_shared.bus import TopicPartition
from ltc_shared.bus_kafka import KafkaBus, KafkaDelivery
from ltc_shared.envelope import Envelope, envelope_from_event
from ltc_shared.outbox import read_after
from ltc_shared.relay import Relay

pytestmark = pytest.mark.integration
LEADS = 300


@pytest.fixture
def store(kafka_servers: str) -> Iterator[LeadStore]:
    yield from store_in_fresh_schema(LeadStore, "lead")


def fill(store: LeadStore) -> None:
    for number in range(LEADS):
        day = date(2025, 1, 2) + timedelta(days=number % 200)
        lead = Lead.capture(
            uuid.uuid4(),
            f"Cliente {number} 合同 \"Ltda\" \\ {{'x'}}",
            "referral",
            "bench",
            "storage",
            "north",
            ["manual invoicing", "ütf-8"],
            day,
        )
        lead.assign(f"owner {number % 7}", day + timedelta(days=1))
        lead.grade("high", day + timedelta(days=2))
        store.commit(lead)


def test_the_lean_read_returns_the_notification_log(store: LeadStore) -> None:
    fill(store)
    assert isinstance(store.recorder, PostgresApplicationRecorder)  # the lean way

    rows = read_after(store, 5, 1000)

    notifications = store.recorder.select_notifications(
        start=5, limit=1000, inclusive_of_start=False
    )
    assert len(rows) == len(notifications) == LEADS * 3 - 5
    assert rows == [
        (n.id, str(n.originator_id), n.originator_version, n.topic, n.state)
        for n in notifications
    ]


async def test_consumers_read_what_the_relay_built_before(
    store: LeadStore, bus: KafkaBus
) -> None:
    fill(store)
    service = f"relaytest{uuid.uuid4().hex[:8]}"
    relay = Relay(service, store, bus, batch_size=250)

    while await relay.step():
        pass
    assert relay.published_position() == LEADS * 3

    reader = bus.reader(f"{service}-check", [relay.topic])

    async def from_the_start(_: TopicPartition) -> int:
        return 0

    await reader.start(from_the_start)
    found: list[KafkaDelivery] = []
    while len(found) < LEADS * 3:
        fetched = await reader.fetch(1000, 1.0)
        assert fetched, f"read {len(found)} of {LEADS * 3}"
        found += [d for d in fetched if isinstance(d, KafkaDelivery)]
    assert await reader.fetch(100, 1.0) == []

    before = {
        e.id: e
        for e in (
            envelope_from_event(service, n.id, store.mapper.to_domain_event(n))
            for n in store.recorder.select_notifications(start=1, limit=10_000)
        )
    }
    read = {d.envelope.id: d.envelope for d in found if d.envelope is not None}
    assert read == before
    partitioner = DefaultPartitioner()
    versions: dict[str, list[int]] = defaultdict(list)
    for delivery in found:
        envelope = before[dict(delivery.headers)["ce_id"].decode()]
        assert delivery.key == envelope.subject.encode()
        assert list(delivery.headers) == envelope.headers()
        assert Envelope.from_kafka(delivery.headers, delivery.raw) == envelope
        assert delivery.partition == partitioner(delivery.key, [0, 1, 2], [0, 1, 2])
        versions[envelope.subject].append(envelope.version)
    assert all(seen == [1, 2, 3] for seen in versions.values())
