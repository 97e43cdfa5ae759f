"""Commands per second through lead-svc's API into PostgreSQL.

lead-svc runs as its own process in distributed mode, on a fresh schema, with
its relay publishing to Kafka as in production. Clients send CaptureLead
commands, 1,000 per POST /leads/batch and one per POST /leads. The ceiling
writes the same stored-event rows into a table shaped like the event store's
with asyncpg: COPY, one transaction per 1,000 rows; and one INSERT per
transaction for the single commands. Each leg uses the same number of
concurrent clients.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence

import httpx
from eventsourcing.persistence import StoredEvent

from bench import payloads
from bench.infra import (
    BenchError,
    Stage,
    connect,
    create_schema,
    drop_schema,
    running,
)
from bench.report import Figure, Outcome, median, percentile
from ltc_shared.settings import Settings

CLIENTS = 4
BATCH = 1000
BATCHED = 20_000
SINGLE = 2_000
TARGET = 1_000.0
CEILING_TABLE = """CREATE TABLE "{schema}"."{table}" (
    originator_id uuid NOT NULL,
    originator_version bigint NOT NULL,
    topic text,
    state bytea,
    notification_id bigserial,
    PRIMARY KEY (originator_id, originator_version));
CREATE UNIQUE INDEX ON "{schema}"."{table}" (notification_id)"""


async def _concurrently(
    jobs: Sequence[Callable[[], Awaitable[float]]], clients: int
) -> tuple[float, list[float]]:
    """Run the jobs on `clients` workers; the wall time and each job's time."""
    queue = list(reversed(jobs))
    spent: list[float] = []

    async def worker() -> None:
        while queue:
            spent.append(await queue.pop()())

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return time.perf_counter() - started, spent


def _batch_jobs(
    client: httpx.AsyncClient, run: str, first: int, count: int
) -> list[Callable[[], Awaitable[float]]]:
    def job(start: int) -> Callable[[], Awaitable[float]]:
        items = [
            payloads.capture_item(run, n)
            for n in range(start, min(start + BATCH, first + count))
        ]

        async def send() -> float:
            began = time.perf_counter()
            answer = await client.post("/leads/batch", json={"commands": items})
            if answer.status_code != 200 or answer.json()["accepted"] != len(items):
                raise BenchError(f"batch refused: {answer.text[:300]}")
            return time.perf_counter() - began

        return send

    return [job(start) for start in range(first, first + count, BATCH)]


def _single_jobs(
    client: httpx.AsyncClient, run: str, first: int, count: int
) -> list[Callable[[], Awaitable[float]]]:
    def job(number: int) -> Callable[[], Awaitable[float]]:
        body = payloads.capture(run, number)

        async def send() -> float:
            began = time.perf_counter()
            answer = await client.post("/leads", json=body)
            if answer.status_code != 201:
                raise BenchError(f"capture refused: {answer.text[:300]}")
            return time.perf_counter() - began

        return send

    return [job(n) for n in range(first, first + count)]


async def _ceiling(
    config: Settings, schema: str, rows: list[StoredEvent], per_transaction: int
) -> float:
    """Rows per second written by raw asyncpg, `per_transaction` at a time."""
    setup = await connect(config)
    table = f"ceiling_{per_transaction}"
    await setup.execute(CEILING_TABLE.format(schema=schema, table=table))
    await setup.close()
    connections = [await connect(config) for _ in range(CLIENTS)]
    records = [(r.originator_id, r.originator_version, r.topic, r.state) for r in rows]
    columns = ["originator_id", "originator_version", "topic", "state"]
    insert = (
        f'INSERT INTO "{schema}"."{table}" '
        "(originator_id, originator_version, topic, state) VALUES ($1, $2, $3, $4)"
    )
    free = list(connections)

    def job(chunk: Sequence[tuple[object, ...]]) -> Callable[[], Awaitable[float]]:
        async def write() -> float:
            connection = free.pop()
            try:
                if len(chunk) == 1:
                    await connection.execute(insert, *chunk[0])
                else:
                    async with connection.transaction():
                        await connection.copy_records_to_table(
                            table,
                            records=chunk,
                            columns=columns,
                            schema_name=schema,
                        )
            finally:
                free.append(connection)
            return 0.0

        return write

    chunks = [
        records[i : i + per_transaction]
        for i in range(0, len(records), per_transaction)
    ]
    try:
        seconds, _ = await _concurrently([job(c) for c in chunks], CLIENTS)
    finally:
        for connection in connections:
            await connection.close()
    return len(records) / seconds


async def _timed(
    lead: Stage, jobs: list[Callable[[], Awaitable[float]]]
) -> tuple[float, list[float], float]:
    """Wall seconds, each request's seconds, and lead-svc's CPU seconds."""
    cpu = lead.cpu_seconds()
    seconds, times = await _concurrently(jobs, CLIENTS)
    return seconds, times, lead.cpu_seconds() - cpu


async def run(config: Settings, run_id: str, scale: float) -> Outcome:
    batched = max(BATCH, int(BATCHED * scale) // BATCH * BATCH)
    single = max(100, int(SINGLE * scale))
    schema = f"bench_{run_id}_lead"
    await create_schema(config, schema)
    try:
        rows = payloads.stored_captures(f"{run_id}-ceiling", batched)
        ceiling_batched = await _ceiling(config, schema, rows, BATCH)
        ceiling_single = await _ceiling(config, schema, rows[:single], 1)
        env = {"LEAD_POSTGRES_SCHEMA": schema}
        async with (
            running(config, "lead", run_id, env) as lead,
            httpx.AsyncClient(base_url=lead.url, timeout=300.0) as client,
        ):
            warm = _batch_jobs(client, run_id, 10_000_000, 100)
            warm += _single_jobs(client, run_id, 10_000_100, 20)
            await _concurrently(warm, CLIENTS)
            seconds, batch_times, batch_cpu = await _timed(
                lead, _batch_jobs(client, run_id, 0, batched)
            )
            single_seconds, single_times, single_cpu = await _timed(
                lead, _single_jobs(client, run_id, batched, single)
            )
    finally:
        await drop_schema(config, schema)
    return Outcome(
        "commands",
        [
            Figure(
                "commands/s, POST /leads/batch",
                "/s",
                batched / seconds,
                ceiling_batched,
                TARGET,
            ),
            Figure(
                "commands/s, POST /leads", "/s", single / single_seconds, ceiling_single
            ),
        ],
        [
            f"{batched:,} CaptureLead commands in batches of {BATCH:,}, then "
            f"{single:,} single ones, {CLIENTS} concurrent clients; every command "
            "stores one event",
            f"a batch request took {_spread(batch_times, 0)}; lead-svc spent "
            f"{batch_cpu / batched * 1000:.2f} ms of CPU per command (at most "
            f"{batched / batch_cpu:,.0f}/s on one core with nothing else to do)",
            f"a single request took {_spread(single_times, 1)}; lead-svc spent "
            f"{single_cpu / single * 1000:.2f} ms of CPU per command (at most "
            f"{single / single_cpu:,.0f}/s on one core)",
            "ceiling: asyncpg COPY of the same rows, one transaction per "
            f"{BATCH:,}; single ceiling: one INSERT per transaction",
        ],
    )


def _spread(seconds: list[float], digits: int) -> str:
    return (
        f"{median(seconds) * 1000:,.{digits}f} ms (median), "
        f"{percentile(seconds, 0.99) * 1000:,.{digits}f} ms (p99)"
    )
