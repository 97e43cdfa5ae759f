"""Events per second from an event store through the relay into Kafka.

A lead store on a fresh PostgreSQL schema is filled with leads that were
captured, assigned, graded and nurtured (four events each). The relay then
publishes them with the real KafkaBus, batch by batch, until it has caught
up. The ceiling sends the same messages, encoded beforehand, with a bare
aiokafka producer of the same durability (idempotent, acks=all), filling
its batches directly (one per partition, as the relay does), also waiting
for each 1,000 to be acknowledged as the relay does.
"""

from __future__ import annotations

import asyncio
import time
import zlib
from typing import Any

from aiokafka import AIOKafkaProducer

from bench import payloads
from bench.infra import create_schema, drop_schema
from bench.report import Figure, Outcome, Stopwatch
from lead_svc.application import LeadStore
from ltc_shared.bus_kafka import KafkaBus
from ltc_shared.outbox import Message, read_after
from ltc_shared.relay import Batch, Relay
from ltc_shared.settings import Settings

EVENTS = 50_000
PER_LEAD = 4
PER_COMMIT = 250
TARGET = 20_000.0


class TimedRelay(Relay):
    """The relay, noting how long it spends reading and encoding the store."""

    reading = 0.0

    def read_batch(self, after: int) -> Batch:
        began = time.perf_counter()
        try:
            return super().read_batch(after)
        finally:
            self.reading += time.perf_counter() - began


def _fill(store: LeadStore, run: str, first: int, count: int) -> None:
    for start in range(first, first + count, PER_COMMIT):
        end = min(start + PER_COMMIT, first + count)
        store.commit(*(payloads.lead(run, n, steps=True) for n in range(start, end)))


def _messages(relay: Relay, after: int) -> list[Message]:
    """What the relay will send for every notification after `after`."""
    found: list[Message] = []
    while rows := read_after(relay.app, after, 5000):
        found += relay.encoder.encode_all(rows, relay.private)
        after = rows[-1][0]
    return found


async def _batched(
    producer: Any, topic: str, partitions: list[int], messages: list[Message]
) -> list[Any]:
    """Hand the messages to the producer as one batch per partition (by a
    plain hash of the key), the cheapest way aiokafka offers; the futures
    are the acknowledgements."""
    batches: dict[int, Any] = {}
    acks = []
    for key, value, headers in messages:
        partition = partitions[zlib.crc32(key or b"") % len(partitions)]
        batch = batches.get(partition)
        if batch is None:
            batch = batches[partition] = producer.create_batch()
        if batch.append(key=key, value=value, timestamp=None, headers=headers) is None:
            batch.close()
            acks.append(await producer.send_batch(batch, topic, partition=partition))
            batch = batches[partition] = producer.create_batch()
            batch.append(key=key, value=value, timestamp=None, headers=headers)
    for partition, batch in batches.items():
        batch.close()
        acks.append(await producer.send_batch(batch, topic, partition=partition))
    return acks


async def _ceiling(
    servers: str, topic: str, messages: list[Message]
) -> tuple[float, float]:
    """Messages per second, and CPU seconds per message."""
    producer: Any = AIOKafkaProducer(
        bootstrap_servers=servers,
        client_id="bench-ceiling",
        enable_idempotence=True,
        acks="all",
        linger_ms=5,
        max_batch_size=512 * 1024,
        max_request_size=1024 * 1024,
    )
    await producer.start()
    try:
        await producer.send_and_wait(topic, b"warm", key=b"warm")
        partitions = sorted(await producer.partitions_for(topic))
        watch = Stopwatch()
        for start in range(0, len(messages), 1000):
            chunk = messages[start : start + 1000]
            await asyncio.gather(*await _batched(producer, topic, partitions, chunk))
        seconds, cpu = watch.wall(), watch.cpu()
    finally:
        await producer.stop()
    return len(messages) / seconds, cpu / len(messages)


async def run(config: Settings, run_id: str, scale: float) -> Outcome:
    leads = max(1000, int(EVENTS * scale)) // PER_LEAD
    schema = f"bench_{run_id}_relay"
    service = f"bench{run_id}"
    await create_schema(config, schema)
    store = LeadStore(env=config.event_store_env("lead") | {"POSTGRES_SCHEMA": schema})
    bus = KafkaBus(config.kafka_bootstrap_servers, client_id=f"bench-{run_id}")
    relay = TimedRelay(service, store, bus, config.relay_batch_size)
    try:
        # One lead first, so the topic exists and the producer is connected.
        await asyncio.to_thread(_fill, store, run_id, 10_000_000, 1)
        while await relay.step():
            pass
        before = relay.published_position()
        began = time.perf_counter()
        await asyncio.to_thread(_fill, store, run_id, 0, leads)
        fill_seconds = time.perf_counter() - began
        messages = await asyncio.to_thread(_messages, relay, before)
        relay.reading, steps, published = 0.0, 0, 0
        watch = Stopwatch()
        while moved := await relay.step():
            steps += 1
            published += moved
        seconds, cpu = watch.wall(), watch.cpu()
        ceiling_topic = f"bench.{run_id}.ceiling"
        await bus.ensure_topics([ceiling_topic])
        ceiling, ceiling_cpu = await _ceiling(
            config.kafka_bootstrap_servers, ceiling_topic, messages
        )
    finally:
        await bus.close()
        store.close()
        await drop_schema(config, schema)
    size = sum(len(v) + sum(len(h) for _, h in hs) for _, v, hs in messages)
    return Outcome(
        "relay",
        [
            Figure(
                "events/s, Relay.step into Kafka",
                "/s",
                published / seconds,
                ceiling,
                TARGET,
            )
        ],
        [
            f"{published:,} events ({leads:,} leads x {PER_LEAD}) in {steps} steps "
            f"of up to {config.relay_batch_size:,}; {seconds:.2f} s",
            f"CPU per event: {cpu / published * 1e6:,.0f} us for the relay, "
            f"{ceiling_cpu * 1e6:,.0f} us for the bare producer "
            f"({ceiling_cpu * published / cpu:.0%}); so at most "
            f"{published / cpu:,.0f} events/s on one core with nothing else to do",
            f"a message is {size / len(messages):,.0f} bytes of value and headers "
            "on average",
            f"reading and encoding the store took {relay.reading:.2f} s "
            f"({relay.reading / seconds:.0%} of the time), mostly while Kafka "
            "acknowledged the batch before",
            f"filling the store in-process took {fill_seconds:.1f} s "
            f"({published / fill_seconds:,.0f} events/s, {PER_COMMIT} leads per "
            "transaction)",
        ],
    )
