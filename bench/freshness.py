"""Freshness: from a command's answer to its effect in the funnel read model.

lead-svc (on a fresh schema) and reporting-svc run as their own processes.
Once reporting has caught up with what is already on the topics, CaptureLead
commands go to POST /leads at a steady rate, each on its own, without waiting
for the previous answer. A poller reads reporting's PostgreSQL table every few
milliseconds for the leads not seen yet. The delay of a lead is when the
poller first saw it minus when its answer arrived. The ceiling is the bare
round trip: an aiokafka producer (acks=all) at the same rate to a consumer
that notes when each message arrives.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from bench import payloads
from bench.infra import (
    BenchError,
    connect,
    create_schema,
    drop_schema,
    running,
    wait_caught_up,
)
from bench.report import Figure, Outcome, median, percentile
from ltc_shared.bus_kafka import PARTITIONS, KafkaBus
from ltc_shared.settings import Settings
from reporting_svc import SERVICE as REPORTING

RATE = 200.0
DURATION = 30.0
POLL = 0.005
TARGET_MS = 250.0
SEEN = (
    f'SELECT doc_key FROM "{REPORTING}".reporting_doc '
    "WHERE kind = 'lead' AND doc_key = ANY($1::text[])"
)


async def _steadily(
    count: int, send: Callable[[int], Coroutine[Any, Any, None]]
) -> None:
    """Start `send(i)` at RATE per second, whatever the earlier ones are doing."""
    began = time.perf_counter()
    tasks: list[asyncio.Task[None]] = []
    for number in range(count):
        wait = began + number / RATE - time.perf_counter()
        if wait > 0:
            await asyncio.sleep(wait)
        tasks.append(asyncio.create_task(send(number)))
    await asyncio.gather(*tasks)


async def _commands(
    config: Settings, url: str, run: str, count: int
) -> tuple[list[float], list[float], int]:
    """Send the commands and watch the read model; the delays, the answer
    times, and how many leads never showed up."""
    answered: dict[str, float] = {}
    latencies: list[float] = []
    seen: dict[str, float] = {}
    unseen: set[str] = set()
    sending = True

    async def send(client: httpx.AsyncClient, number: int) -> None:
        key = str(payloads.lead_id(run, number))
        unseen.add(key)
        began = time.perf_counter()
        answer = await client.post("/leads", json=payloads.capture(run, number))
        answered[key] = time.perf_counter()
        latencies.append(answered[key] - began)
        if answer.status_code != 201:
            raise BenchError(f"capture refused: {answer.text[:300]}")

    async def watch() -> None:
        connection = await connect(config)
        try:
            deadline = float("inf")
            while unseen or sending:
                if not sending:
                    deadline = min(deadline, time.perf_counter() + 30.0)
                if time.perf_counter() > deadline:
                    break
                if unseen:
                    rows = await connection.fetch(SEEN, list(unseen))
                    now = time.perf_counter()
                    for row in rows:
                        seen[row[0]] = now
                        unseen.discard(row[0])
                await asyncio.sleep(POLL)
        finally:
            await connection.close()

    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(base_url=url, timeout=30.0, limits=limits) as client:
        watching = asyncio.create_task(watch())
        try:
            await _steadily(count, lambda number: send(client, number))
        finally:
            sending = False
        await watching
    delays = [seen[key] - answered[key] for key in seen if key in answered]
    return delays, latencies, len(unseen)


async def _ceiling(config: Settings, run: str, count: int) -> list[float]:
    """Produce-to-consume delays of bare aiokafka clients at the same rate."""
    topic = f"bench.{run}.freshness"
    bus = KafkaBus(config.kafka_bootstrap_servers, client_id=f"bench-{run}")
    await bus.ensure_topics([topic])
    await bus.close()
    servers = config.kafka_bootstrap_servers
    producer: Any = AIOKafkaProducer(
        bootstrap_servers=servers, acks="all", enable_idempotence=True
    )
    consumer: Any = AIOKafkaConsumer(
        bootstrap_servers=servers, enable_auto_commit=False
    )
    value = str(payloads.capture(run, 0)).encode()
    sent: dict[bytes, float] = {}
    received: dict[bytes, float] = {}
    await producer.start()
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in range(PARTITIONS)]
        consumer.assign(partitions)
        await consumer.seek_to_end(*partitions)
        for tp in partitions:
            await consumer.position(tp)
        acks: list[asyncio.Future[Any]] = []

        async def produce(number: int) -> None:
            key = str(number).encode()
            sent[key] = time.perf_counter()
            acks.append(await producer.send(topic, value, key=key))

        async def consume() -> None:
            deadline = float("inf")
            while len(received) < count and time.perf_counter() < deadline:
                batches = await consumer.getmany(timeout_ms=100)
                now = time.perf_counter()
                for records in batches.values():
                    for record in records:
                        received[record.key] = now
                if len(sent) == count:
                    deadline = min(deadline, now + 30.0)

        consuming = asyncio.create_task(consume())
        await _steadily(count, produce)
        await asyncio.gather(*acks)
        await consuming
    finally:
        await consumer.stop()
        await producer.stop()
    return [received[key] - sent[key] for key in received if key in sent]


async def run(config: Settings, run_id: str, scale: float) -> Outcome:
    count = int(RATE * max(5.0, DURATION * scale))
    ceiling = await _ceiling(config, run_id, count)
    schema = f"bench_{run_id}_lead"
    await create_schema(config, schema)
    try:
        env = {"LEAD_POSTGRES_SCHEMA": schema}
        async with (
            running(config, "lead", run_id, env) as lead,
            running(config, "reporting", run_id) as reporting,
        ):
            catch_up = await wait_caught_up(reporting)
            delays, latencies, missing = await _commands(
                config, lead.url, run_id, count
            )
    finally:
        await drop_schema(config, schema)
    if missing > count // 100:
        raise BenchError(f"{missing} of {count} leads never reached the read model")
    ms = [d * 1000 for d in delays]
    bare = [d * 1000 for d in ceiling]
    return Outcome(
        "freshness",
        [
            Figure(
                "answer to read model, median",
                "ms",
                median(ms),
                median(bare),
                more_is_better=False,
            ),
            Figure(
                "answer to read model, p99",
                "ms",
                percentile(ms, 0.99),
                percentile(bare, 0.99),
                TARGET_MS,
                more_is_better=False,
            ),
        ],
        [
            f"{count:,} CaptureLead commands at {RATE:.0f}/s on POST /leads; "
            f"{len(delays):,} seen in the read model, {missing} not within 30 s",
            f"delays: min {min(ms):.1f} ms, max {max(ms):.1f} ms; the poller reads "
            f"every {POLL * 1000:.0f} ms, so a delay is late by up to that much",
            f"a command's answer took {median(latencies) * 1000:.1f} ms (median), "
            f"{percentile(latencies, 0.99) * 1000:.1f} ms (p99)",
            f"reporting needed {catch_up:.1f} s to catch up with the topics first",
            "ceiling: aiokafka producer (acks=all, idempotent) to a consumer, "
            f"produce to receipt, {len(bare):,} messages at {RATE:.0f}/s",
        ],
    )
