"""The Kafka bus against a real broker: order, positions, dead letters, faults."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.partitioner import DefaultPartitioner
from aiokafka.structs import ConsumerRecord

from ltc_shared.bus import DEAD_LETTER_TOPIC, Delivery
from ltc_shared.bus import TopicPartition as Position
from ltc_shared.bus_kafka import KafkaBus, KafkaReader
from ltc_shared.envelope import Envelope, event_id

pytestmark = pytest.mark.integration
KAFKA_SCRIPT = Path(__file__).resolve().parents[2] / "deploy" / "local" / "kafka.sh"


def ledger_events(count: int, aggregates: int) -> list[Envelope]:
    """Invoices on `aggregates` ledgers, versions 1, 2, ... per ledger."""
    ledgers = [str(uuid.uuid4()) for _ in range(aggregates)]
    now = datetime.now(UTC)
    return [
        Envelope(
            id=event_id("finance", ledgers[i % aggregates], i // aggregates + 1),
            source="/ltc/finance",
            type="InvoiceIssued",
            subject=ledgers[i % aggregates],
            time=now,
            businessdate=date(2025, 3, 1),
            sequence=i + 1,
            version=i // aggregates + 1,
            data={
                "invoice_number": f"INV-{i:06d}",
                "amount": "1250.00",
                "due_on": "2025-04-30",
                "disputed": False,
                "occurred_on": "2025-03-01",
                "trace": {"ledger_id": ledgers[i % aggregates]},
            },
        )
        for i in range(count)
    ]


async def publish_in_batches(
    bus: KafkaBus, topic: str, envelopes: Sequence[Envelope], size: int = 1000
) -> None:
    for start in range(0, len(envelopes), size):
        await bus.publish(topic, envelopes[start : start + size])


class StoredPositions:
    """Stands in for a consumer's store: positions by partition, lookups seen."""

    def __init__(self, stored: dict[Position, int] | None = None) -> None:
        self.stored = dict(stored or {})
        self.lookups: list[Position] = []

    async def __call__(self, partition: Position) -> int:
        self.lookups.append(partition)
        return self.stored.get(partition, 0)


async def read_exactly(
    readers: Sequence[KafkaReader], count: int, *, all_there_is: bool = True
) -> list[Delivery]:
    """Read `count` deliveries and, unless told, check that no more arrive."""
    found: list[Delivery] = []
    give_up = time.monotonic() + 90.0
    while len(found) < count:
        assert time.monotonic() < give_up, f"read {len(found)} of {count}"
        for reader in readers:
            if wanted := count - len(found):
                found += await reader.fetch(min(5000, wanted), 0.2)
    for reader in readers if all_there_is else ():
        assert await reader.fetch(100, 1.0) == []
    assert len(found) == count
    return found


async def read_until_quiet(
    readers: Sequence[KafkaReader], quiet: float = 3.0, deadline: float = 90.0
) -> list[Delivery]:
    found: list[Delivery] = []
    give_up = time.monotonic() + deadline
    last_seen = time.monotonic()
    while time.monotonic() - last_seen < quiet:
        assert time.monotonic() < give_up, f"still reading after {deadline} s"
        for reader in readers:
            batch = await reader.fetch(5000, 0.2)
            if batch:
                found += batch
                last_seen = time.monotonic()
    return found


def offsets_by_partition(deliveries: Sequence[Delivery]) -> dict[Position, list[int]]:
    found: dict[Position, list[int]] = defaultdict(list)
    for delivery in deliveries:
        found[(delivery.topic, delivery.partition)].append(delivery.offset)
    return found


async def test_every_envelope_read_back_once_in_aggregate_order(
    bus: KafkaBus, topic: str, group: str
) -> None:
    published = ledger_events(10_000, aggregates=200)
    await publish_in_batches(bus, topic, published)

    reader = bus.reader(group, [topic])
    await reader.start(StoredPositions())
    found = await read_exactly([reader], 10_000)

    envelopes = [d.envelope for d in found if d.envelope is not None]
    assert len({e.id for e in envelopes}) == 10_000
    assert {e.id: e for e in envelopes} == {e.id: e for e in published}
    versions: dict[str, list[int]] = defaultdict(list)
    for envelope in envelopes:
        versions[envelope.subject].append(envelope.version)
    assert all(seen == list(range(1, 51)) for seen in versions.values())
    for position, offsets in offsets_by_partition(found).items():
        assert offsets == list(range(len(offsets))), position
    # Same placement as any Kafka client with the default partitioner.
    partitioner = DefaultPartitioner()
    for delivery in found:
        assert delivery.envelope is not None
        key = delivery.envelope.subject.encode()
        assert delivery.partition == partitioner(key, [0, 1, 2], [0, 1, 2])


async def test_second_reader_resumes_from_stored_positions(
    bus: KafkaBus, topic: str, group: str
) -> None:
    published = ledger_events(10_000, aggregates=100)
    await publish_in_batches(bus, topic, published)

    first = bus.reader(group, [topic])
    await first.start(StoredPositions())
    early = await read_exactly([first], 5_000, all_there_is=False)
    await first.stop()
    after_early = {
        position: offsets[-1] + 1
        for position, offsets in offsets_by_partition(early).items()
    }

    second = bus.reader(group, [topic])
    await second.start(StoredPositions(after_early))
    rest = await read_exactly([second], 5_000)

    for position, offsets in offsets_by_partition(rest).items():
        assert offsets[0] == after_early.get(position, 0)
    early_ids = {d.envelope.id for d in early if d.envelope}
    rest_ids = {d.envelope.id for d in rest if d.envelope}
    assert not early_ids & rest_ids
    assert early_ids | rest_ids == {e.id for e in published}


async def test_readers_of_fixed_partitions_split_a_topic_from_stored_positions(
    bus: KafkaBus, topic: str, group: str
) -> None:
    published = ledger_events(6_000, aggregates=60)
    await publish_in_batches(bus, topic, published)
    ends = await bus.partition_ends([topic])
    assert sorted(ends) == [(topic, 0), (topic, 1), (topic, 2)]
    assert sum(ends.values()) == 6_000
    stored = {(topic, 1): 7}

    first = bus.reader(group, [topic], partitions=[(topic, 0), (topic, 1)])
    second = bus.reader(group, [topic], partitions=[(topic, 2)])
    for reader in (first, second):
        await reader.start(StoredPositions(stored))
    mine = await read_exactly([first], ends[(topic, 0)] + ends[(topic, 1)] - 7)
    theirs = await read_exactly([second], ends[(topic, 2)])

    assert offsets_by_partition(mine) == {
        (topic, 0): list(range(ends[(topic, 0)])),
        (topic, 1): list(range(7, ends[(topic, 1)])),
    }
    assert offsets_by_partition(theirs) == {(topic, 2): list(range(ends[(topic, 2)]))}
    # Neither joined the group, so neither commits to it.
    await first.mark_processed({(topic, 0): 5})


async def test_restart_and_rebalance_read_from_stored_not_committed_offsets(
    bus: KafkaBus, topic: str, group: str, kafka_servers: str
) -> None:
    await publish_in_batches(bus, topic, ledger_events(3_000, aggregates=60))
    first = bus.reader(group, [topic])
    await first.start(StoredPositions())
    everything = await read_exactly([first], 3_000)
    ends = {p: o[-1] + 1 for p, o in offsets_by_partition(everything).items()}
    await first.mark_processed(ends)
    await first.stop()
    assert await committed_offsets(kafka_servers, group, ends) == ends

    stored = StoredPositions({p: end // 2 for p, end in ends.items()})
    remaining = sum(end - stored.stored[p] for p, end in ends.items())
    restarted = bus.reader(group, [topic])
    await restarted.start(stored)
    after_restart = await read_exactly([restarted], remaining)
    for position, offsets in offsets_by_partition(after_restart).items():
        assert offsets == list(range(stored.stored[position], ends[position]))

    # A second member joins: every partition is assigned again and each new
    # owner reads from the stored position again.
    stored.lookups.clear()
    joining = bus.reader(group, [topic])
    join = asyncio.create_task(joining.start(stored))
    after_rebalance: list[Delivery] = []
    while not join.done():
        after_rebalance += await restarted.fetch(1000, 0.2)
    await join
    after_rebalance += await read_until_quiet([restarted, joining])
    assert set(stored.lookups) == set(ends)
    seen = offsets_by_partition(after_rebalance)
    for position, end in ends.items():
        assert set(seen[position]) == set(range(stored.stored[position], end))


async def committed_offsets(
    servers: str, group: str, positions: dict[Position, int]
) -> dict[Position, int]:
    consumer = AIOKafkaConsumer(bootstrap_servers=servers, group_id=group)
    await consumer.start()
    try:
        return {
            position: await consumer.committed(TopicPartition(*position))
            for position in positions
        }
    finally:
        await consumer.stop()


async def dead_letters_from(servers: str, topic: str) -> list[ConsumerRecord]:
    """Every dead letter whose source is `topic`."""
    admin = AIOKafkaAdminClient(bootstrap_servers=servers)
    await admin.start()
    try:
        [described] = await admin.describe_topics([DEAD_LETTER_TOPIC])
    finally:
        await admin.close()
    partitions = [
        TopicPartition(DEAD_LETTER_TOPIC, found["partition"])
        for found in described["partitions"]
    ]
    consumer = AIOKafkaConsumer(bootstrap_servers=servers, enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        found = []
        while [tp for tp, end in ends.items() if await consumer.position(tp) < end]:
            batches = await consumer.getmany(timeout_ms=1000)
            for records in batches.values():
                found += [
                    r
                    for r in records
                    if (("ltc_source_topic", topic.encode()) in r.headers)
                ]
        return found
    finally:
        await consumer.stop()


async def test_dead_letter_keeps_the_message_and_tells_why(
    bus: KafkaBus, topic: str, group: str, kafka_servers: str
) -> None:
    published = ledger_events(3, aggregates=3)
    await bus.publish(topic, published)
    reader = bus.reader(group, [topic])
    await reader.start(StoredPositions())
    delivery = (await read_exactly([reader], 3))[1]
    assert delivery.envelope is not None

    await bus.dead_letter(delivery, "RuleViolated: invoice_within_contract", group)

    [letter] = await dead_letters_from(kafka_servers, topic)
    headers = dict(letter.headers)
    assert headers["ltc_reason"] == b"RuleViolated: invoice_within_contract"
    assert headers["ltc_group"] == group.encode()
    assert headers["ltc_source_partition"] == str(delivery.partition).encode()
    assert headers["ltc_source_offset"] == str(delivery.offset).encode()
    assert letter.key == delivery.envelope.subject.encode()
    assert letter.value == delivery.envelope.value()
    original = [(k, v) for k, v in letter.headers if not k.startswith("ltc_")]
    assert Envelope.from_kafka(original, letter.value) == delivery.envelope


async def test_unreadable_message_arrives_with_its_problem(
    bus: KafkaBus, topic: str, group: str, kafka_servers: str
) -> None:
    await bus.ensure_topics([topic])
    good = ledger_events(1, aggregates=1)[0]
    unreadable = [
        (b"not json at all", good.headers()),
        (b'{"amount": "1.00"}', [("content-type", b"application/json")]),
        (b"[1, 2]", good.headers()),
    ]
    producer = AIOKafkaProducer(bootstrap_servers=kafka_servers)
    await producer.start()
    try:
        for value, headers in unreadable:
            await producer.send_and_wait(topic, value, key=b"k", headers=headers)
    finally:
        await producer.stop()
    reader = bus.reader(group, [topic])
    await reader.start(StoredPositions())

    found = sorted(await read_exactly([reader], 3), key=lambda d: d.offset)

    assert [d.envelope for d in found] == [None, None, None]
    assert [d.raw for d in found] == [value for value, _ in unreadable]
    assert all(d.problem.startswith("unreadable envelope: ") for d in found)
    assert "ce_id" in found[1].problem
    await bus.dead_letter(found[1], found[1].problem, group)
    [letter] = await dead_letters_from(kafka_servers, topic)
    assert letter.value == b'{"amount": "1.00"}'
    assert letter.key == b"k"
    assert ("content-type", b"application/json") in letter.headers
    assert dict(letter.headers)["ltc_reason"] == found[1].problem.encode()


async def kafka_script(command: str) -> int:
    process = await asyncio.create_subprocess_exec(str(KAFKA_SCRIPT), command)
    return await process.wait()


async def test_publishing_through_a_broker_restart_loses_nothing(
    bus: KafkaBus, topic: str, group: str
) -> None:
    if await kafka_script("status") != 0:
        pytest.skip("the broker is not run by deploy/local/kafka.sh")
    published = ledger_events(40_000, aggregates=400)
    await bus.publish(topic, published[:500])
    sent = 500
    restart = asyncio.create_task(kafka_script("restart"))
    slowest = 0.0
    while not restart.done() or sent < 5_000:
        began = time.monotonic()
        await bus.publish(topic, published[sent : sent + 500])
        slowest = max(slowest, time.monotonic() - began)
        sent += 500
        await asyncio.sleep(0.05)
    restarted = await restart == 0 and await kafka_script("wait") == 0
    assert restarted, "the broker did not come back: see .local/kafka/kafka.log"
    assert sent < len(published), "the restart outlasted the prepared events"

    reader = bus.reader(group, [topic])
    await reader.start(StoredPositions())
    found = await read_exactly([reader], sent)
    assert {d.envelope.id for d in found if d.envelope} == {
        e.id for e in published[:sent]
    }
    print(f"published {sent} across a restart; slowest batch {slowest:.1f} s")
