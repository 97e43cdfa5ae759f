"""Freshness: from a command's answer to its effect in the funnel read model.

lead-svc (on a fresh schema) and reporting-svc run as their own processes.
Once reporting has caught up with what is already on the topics, CaptureLead
commands go to POST /leads at a steady rate, each on its own, without waiting
for the previous answer. A poller reads reporting's PostgreSQL table every few
milliseconds for the leads not seen yet. The delay of a lead is when the
poller first saw it minus when its answer arrived; a bare consumer of the
lead topic splits that delay between lead-svc's relay and reporting. A second,
lighter run at 50/s shows the delay when lead-svc is not near its limit. The
ceiling is the bare round trip: an aiokafka producer (acks=all) at the same
rate to a consumer that notes when each message arrives.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
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
from ltc_shared.bus import service_topic
from ltc_shared.bus_kafka import PARTITIONS, KafkaBus
from ltc_shared.settings import Settings
from reporting_svc import SERVICE as REPORTING

RATE = 200.0
LIGHT = 50.0
CONNECTIONS = 50
DURATION = 30.0
POLL = 0.005
TARGET_MS = 250.0
LEAD_TOPIC = service_topic("lead")
SEEN = (
    f'SELECT doc_key FROM "{REPORTING}".reporting_doc '
    "WHERE kind = 'lead' AND doc_key = ANY($1::text[])"
)


async def _steadily(
    count: int, rate: float, send: Callable[[int], Coroutine[Any, Any, None]]
) -> None:
    """Start `send(i)` at `rate` per second, whatever the earlier ones do."""
    began = time.perf_counter()
    tasks: list[asyncio.Task[None]] = []
    for number in range(count):
        wait = began + number / rate - time.perf_counter()
        if wait > 0:
            await asyncio.sleep(wait)
        tasks.append(asyncio.create_task(send(number)))
    await asyncio.gather(*tasks)


@dataclass
class Trips:
    """When each lead's command was answered, reached the bus, and showed up
    in the read model."""

    answered: dict[str, float] = field(default_factory=dict)
    on_bus: dict[str, float] = field(default_factory=dict)
    seen: dict[str, float] = field(default_factory=dict)
    unseen: set[str] = field(default_factory=set)
    latencies: list[float] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    first_sent: float = float("inf")
    sending: bool = True
    done: asyncio.Event = field(default_factory=asyncio.Event)

    def answer_rate(self) -> float:
        """Commands answered per second, from the first sent to the last answer."""
        if not self.answered:
            return 0.0
        return len(self.answered) / (max(self.answered.values()) - self.first_sent)

    def legs(self) -> tuple[list[float], list[float], list[float]]:
        """In ms: answer to read model, answer to bus, bus to read model."""
        keys = [key for key in self.seen if key in self.answered]
        timed = [key for key in keys if key in self.on_bus]
        return (
            [(self.seen[k] - self.answered[k]) * 1000 for k in keys],
            [(self.on_bus[k] - self.answered[k]) * 1000 for k in timed],
            [(self.seen[k] - self.on_bus[k]) * 1000 for k in timed],
        )


async def _send(
    client: httpx.AsyncClient,
    connections: asyncio.Semaphore,
    trips: Trips,
    run: str,
    n: int,
) -> None:
    """Send one command; one that fails is counted, and not waited for.

    Past what lead-svc sustains, commands queue here for a connection, as
    they would in front of a busy service; that wait counts in the answer
    time. Only commands on the wire are watched in the read model.
    """
    key = str(payloads.lead_id(run, n))
    due = time.perf_counter()
    trips.first_sent = min(trips.first_sent, due)
    async with connections:
        trips.unseen.add(key)
        try:
            answer = await client.post("/leads", json=payloads.capture(run, n))
        except httpx.HTTPError as error:
            trips.failed.append(type(error).__name__)
        else:
            if answer.status_code == 201:
                trips.answered[key] = time.perf_counter()
                trips.latencies.append(trips.answered[key] - due)
                return
            trips.failed.append(f"HTTP {answer.status_code}")
        trips.unseen.discard(key)


async def _watch_read_model(config: Settings, trips: Trips) -> None:
    connection = await connect(config)
    try:
        deadline = float("inf")
        while trips.unseen or trips.sending:
            if not trips.sending:
                deadline = min(deadline, time.perf_counter() + 30.0)
            if time.perf_counter() > deadline:
                break
            if trips.unseen:
                rows = await connection.fetch(SEEN, list(trips.unseen))
                now = time.perf_counter()
                for row in rows:
                    trips.seen[row[0]] = now
                    trips.unseen.discard(row[0])
            await asyncio.sleep(POLL)
    finally:
        trips.done.set()
        await connection.close()


async def _watch_bus(servers: str, trips: Trips, ready: asyncio.Event) -> None:
    """Note when lead-svc's relay sent each lead's event to the lead topic, to
    split the delay between the relay and reporting's consumer.

    The record's timestamp is the producer's clock at sending, so this
    process being slow to read it does not shift it.
    """
    perf_minus_epoch = time.perf_counter() - time.time()
    consumer: Any = AIOKafkaConsumer(
        bootstrap_servers=servers, enable_auto_commit=False
    )
    await consumer.start()
    try:
        partitions = [TopicPartition(LEAD_TOPIC, p) for p in range(PARTITIONS)]
        consumer.assign(partitions)
        await consumer.seek_to_end(*partitions)
        for partition in partitions:
            await consumer.position(partition)
        ready.set()
        while not trips.done.is_set():
            batches = await consumer.getmany(timeout_ms=50)
            for records in batches.values():
                for record in records:
                    sent = record.timestamp / 1000 + perf_minus_epoch
                    trips.on_bus.setdefault(record.key.decode(), sent)
    finally:
        await consumer.stop()


async def _commands(
    config: Settings, url: str, numbers: range, rate: float, run: str
) -> Trips:
    trips = Trips()
    ready = asyncio.Event()
    bus = asyncio.create_task(_watch_bus(config.kafka_bootstrap_servers, trips, ready))
    await asyncio.wait_for(ready.wait(), 30.0)
    watching = asyncio.create_task(_watch_read_model(config, trips))
    # Waiting commands queue on a semaphore, not in httpx's pool, whose cost
    # grows with the square of the requests waiting in it.
    connections = asyncio.Semaphore(CONNECTIONS)
    limits = httpx.Limits(max_connections=CONNECTIONS)
    async with httpx.AsyncClient(base_url=url, timeout=60.0, limits=limits) as client:
        try:
            await _steadily(
                len(numbers),
                rate,
                lambda i: _send(client, connections, trips, run, numbers[i]),
            )
        finally:
            trips.sending = False
        await watching
    await bus
    return trips


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
        await _steadily(count, RATE, produce)
        await asyncio.gather(*acks)
        await consuming
    finally:
        await consumer.stop()
        await producer.stop()
    return [received[key] - sent[key] for key in received if key in sent]


def _ms(trips: Trips) -> list[float]:
    return [seconds * 1000 for seconds in trips.latencies]


def _spread(values: list[float]) -> str:
    return f"median {median(values):,.1f} ms, p99 {percentile(values, 0.99):,.1f} ms"


async def run(config: Settings, run_id: str, scale: float) -> Outcome:
    count = int(RATE * max(5.0, DURATION * scale))
    light_count = int(LIGHT * max(5.0, DURATION * scale / 2))
    bare = [d * 1000 for d in await _ceiling(config, run_id, count)]
    schema = f"bench_{run_id}_lead"
    await create_schema(config, schema)
    try:
        env = {"LEAD_POSTGRES_SCHEMA": schema}
        async with (
            running(config, "lead", run_id, env) as lead,
            running(config, "reporting", run_id) as reporting,
        ):
            catch_up = await wait_caught_up(reporting)
            cpu = (lead.cpu_seconds(), reporting.cpu_seconds())
            trips = await _commands(config, lead.url, range(count), RATE, run_id)
            lead_cpu = lead.cpu_seconds() - cpu[0]
            reporting_cpu = reporting.cpu_seconds() - cpu[1]
            light = await _commands(
                config, lead.url, range(count, count + light_count), LIGHT, run_id
            )
    finally:
        await drop_schema(config, schema)
    missing = len(trips.unseen)
    ms, relayed, projected = trips.legs()
    if missing > count // 100 or not ms:
        raise BenchError(f"{missing} of {count} leads never reached the read model")
    latencies = _ms(trips)
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
            f"{len(ms):,} seen in the read model, {missing} not within 30 s, "
            f"{len(trips.failed)} failed {sorted(set(trips.failed))}",
            f"lead-svc answered {trips.answer_rate():,.0f} commands/s of the "
            f"{RATE:.0f}/s sent, spending {lead_cpu / count * 1000:.2f} ms of CPU "
            f"per command (relay included); reporting-svc "
            f"{reporting_cpu / count * 1000:.2f} ms per lead",
            f"answer to read model: min {min(ms):.1f} ms, max {max(ms):,.1f} ms; "
            f"the poller reads every {POLL * 1000:.0f} ms, so up to that much late",
            f"answer to the relay sending it to Kafka: {_spread(relayed)}",
            f"relay sending to read model (Kafka and reporting): {_spread(projected)}",
            f"the command's answer itself took {_spread(latencies)}",
            f"then {len(light.answered):,} more at {LIGHT:.0f}/s: answer to read "
            f"model {_spread(light.legs()[0])}; to the relay sending it "
            f"{_spread(light.legs()[1])}; the answer itself {_spread(_ms(light))}",
            f"reporting needed {catch_up:.1f} s to catch up with the topics first",
            "ceiling: aiokafka producer (acks=all, idempotent) to a consumer, "
            f"produce call to receipt, {len(bare):,} messages at {RATE:.0f}/s",
        ],
    )
