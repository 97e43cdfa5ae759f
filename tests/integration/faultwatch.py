"""What the fault tests watch: the stores, a topic, the replay's progress."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from integration.faultkit import HOST, STAGES, Cluster


async def stored(cluster: Cluster, schema: str, event_type: str) -> int:
    """How many events of a type one service's store holds."""
    connection = await asyncpg.connect(
        host=HOST, port=cluster.pg_port, user="ltc", password="ltc", database="ltc"
    )
    try:
        found = await connection.fetchval(
            f"SELECT count(*) FROM {schema}.{schema}_events WHERE topic LIKE $1",
            f"%.{event_type}",
        )
    finally:
        await connection.close()
    return int(found)


async def republished(cluster: Cluster, topic: str, patience: float = 60.0) -> int:
    """How many messages on a topic repeat an event published before them."""
    admin = AIOKafkaAdminClient(bootstrap_servers=cluster.bootstrap)
    await admin.start()
    try:
        (described,) = await admin.describe_topics([topic])
    finally:
        await admin.close()
    partitions = [
        TopicPartition(topic, p["partition"]) for p in described["partitions"]
    ]
    consumer = AIOKafkaConsumer(
        bootstrap_servers=cluster.bootstrap, enable_auto_commit=False
    )
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        seen: set[bytes] = set()
        repeats = 0
        deadline = time.monotonic() + patience
        while [tp for tp, end in ends.items() if await consumer.position(tp) < end]:
            if time.monotonic() > deadline:
                raise AssertionError(f"{topic} not read to its end in {patience} s")
            batches = await consumer.getmany(timeout_ms=1000)
            for record in (r for records in batches.values() for r in records):
                event_id = dict(record.headers)["ce_id"]
                repeats += event_id in seen
                seen.add(event_id)
    finally:
        await consumer.stop()
    return repeats


async def lags(cluster: Cluster) -> dict[str, Any]:
    """What each stage says it has not moved on yet, or why it did not say."""
    found: dict[str, Any] = {}
    async with httpx.AsyncClient(timeout=5.0) as client:
        for stage in STAGES:
            url = f"http://{HOST}:{cluster.port(stage)}/health/lag"
            try:
                found[stage] = (await client.get(url)).json()
            except (httpx.HTTPError, ValueError) as error:
                found[stage] = repr(error)
    return found


async def until(
    what: str,
    check: Callable[[], Awaitable[bool]],
    meanwhile: asyncio.Task[Any],
    patience: float = 120.0,
) -> None:
    """Wait until `check` holds while the replay runs; fail if it ends first."""
    deadline = time.monotonic() + patience
    while not await check():
        still_running(meanwhile, what)
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} within {patience} s")
        await asyncio.sleep(0.2)


def still_running(replay: asyncio.Task[Any], what: str = "the fault") -> None:
    """Fail with the replay's own error if it has ended already."""
    if replay.done():
        replay.result()
        raise AssertionError(f"the replay ended before {what}")


@dataclass
class Timeline:
    """When each step of a test happened, counted from its start."""

    started: float = field(default_factory=time.monotonic)
    steps: list[str] = field(default_factory=list)

    def mark(self, step: str) -> None:
        line = f"{time.monotonic() - self.started:6.1f} s  {step}"
        self.steps.append(line)
        print(line)

    def __str__(self) -> str:
        return "\n".join(self.steps)
