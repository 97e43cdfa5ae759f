"""Events per second of a reporting rebuild from Kafka into PostgreSQL.

About 100,000 envelopes of whole deals (see deals.py) go onto five fresh
topics. reporting-svc's own `rebuild` then resets a PostgreSQL read model on
a fresh schema and projects every topic from offset 0, its partitions split
among as many worker processes as the machine has cores, each folding large
batches of its partitions at once. The ceiling splits the partitions alike
among as many processes, each reading its share with a bare aiokafka
consumer and COPYing each fetched batch, as raw rows, into a table of the
same schema.
"""

from __future__ import annotations

import asyncio
import os
import time
from concurrent.futures import ProcessPoolExecutor

from bench.ceiling_copy import copy_share
from bench.deals import story_of
from bench.infra import BenchError, connect, create_schema, drop_schema
from bench.report import Figure, Outcome, Stopwatch
from ltc_shared.bus import TopicPartition as Position
from ltc_shared.bus_kafka import PARTITIONS, KafkaBus
from ltc_shared.consumer import ConsumerLoop
from ltc_shared.settings import Settings
from reporting_svc.api import create_api
from reporting_svc.projector import ProjectionSink
from reporting_svc.rebuild_workers import (
    RebuildSource,
    forking,
    split,
    start_fork_server,
)
from reporting_svc.rebuilding import BATCH as REBUILD_BATCH
from reporting_svc.service import ReportingParts, rebuild
from reporting_svc.store_postgres import PostgresReadModel

EVENTS = 100_000
TARGET = 50_000.0
IDLE = 1.0
CEILING_TABLE = """CREATE TABLE "{schema}".ceiling_messages (
    topic text NOT NULL, partition_no int NOT NULL, offset_no bigint NOT NULL,
    msg_key text, msg_value bytea)"""


async def _ceiling(
    config: Settings, schema: str, ends: dict[Position, int], workers: int
) -> tuple[float, float]:
    """Messages per second, and CPU seconds per message, of `workers`
    processes that each copy their share of the partitions."""
    connection = await connect(config)
    try:
        await connection.execute(CEILING_TABLE.format(schema=schema))
    finally:
        await connection.close()
    shares = split(ends, workers)
    context = forking()
    loop = asyncio.get_running_loop()
    watch = Stopwatch()
    with ProcessPoolExecutor(len(shares), mp_context=context) as pool:
        done = [
            loop.run_in_executor(
                pool, copy_share, config, schema, {p: ends[p] for p in share}
            )
            for share in shares
        ]
        cpu = sum(await asyncio.gather(*done))
    seconds = watch.wall()
    total = sum(ends.values())
    return total / seconds, (cpu + watch.cpu()) / total


async def run(config: Settings, run_id: str, scale: float) -> Outcome:
    story, leads = story_of(run_id, max(5000, int(EVENTS * scale)))
    schema = f"bench_{run_id}_reporting"
    topics = {name: f"bench.{run_id}.{name[4:]}" for name in story.by_topic()}
    bus = KafkaBus(config.kafka_bootstrap_servers, client_id=f"bench-{run_id}")
    await create_schema(config, schema)
    store = PostgresReadModel.from_settings(config, schema=schema)
    try:
        began = time.perf_counter()
        for name, envelopes in story.by_topic().items():
            for start in range(0, len(envelopes), 1000):
                await bus.publish(topics[name], envelopes[start : start + 1000])
        publish_seconds = time.perf_counter() - began
        total = len(story.envelopes)
        workers = os.cpu_count() or 1
        # Neither figure includes starting the server the workers fork from.
        forked = Stopwatch()
        start_fork_server(["bench.ceiling_copy"])
        fork_server_seconds = forked.wall()
        ends = await bus.partition_ends(list(topics.values()))
        ceiling, ceiling_cpu = await _ceiling(config, schema, ends, workers)

        group = f"bench-{run_id}-reporting"
        reader = bus.reader(group, list(topics.values()))
        consumer = ConsumerLoop(
            bus, reader, ProjectionSink(group, store), config.consumer_batch_size
        )
        source = RebuildSource(config, schema, group, tuple(topics.values()))
        parts = ReportingParts("reporting", store, create_api(store), consumer, source)
        # `rebuild` ends with rejoining the live consumer's group, which is
        # not projecting: the figure runs to the last batch it wrote.
        last_written = 0.0

        def written(done: int, total: int) -> None:
            nonlocal last_written
            last_written = time.perf_counter()

        watch = Stopwatch()
        rebuilt = await rebuild(
            parts, timeout=IDLE, on_progress=written, workers=workers
        )
        seconds, cpu = last_written - watch.wall_start, rebuilt.cpu_seconds
        projected = len(await store.all_docs("lead"))
        if rebuilt.events != total or projected != leads:
            raise BenchError(
                f"rebuild read {rebuilt.events} of {total} events and projected "
                f"{projected} of {leads} leads"
            )
    finally:
        await store.close()
        await bus.close()
        await drop_schema(config, schema)
    return Outcome(
        "rebuild",
        [Figure("events/s, reporting rebuild", "/s", total / seconds, ceiling, TARGET)],
        [
            f"{total:,} events of {leads:,} deals on {len(topics)} topics of "
            f"{PARTITIONS} partitions, split among {rebuilt.workers} worker "
            f"processes ({workers} cores); each folds up to {REBUILD_BATCH:,} "
            "at a time, from every partition it reads at once",
            f"projecting took {seconds:.2f} s (reset and starting the workers "
            f"included); `rebuild` itself reports "
            f"{rebuilt.seconds:.2f} s, {rebuilt.events_per_second:,.0f} "
            "events/s, as it also waits for the live consumer to join its "
            "group again",
            f"CPU per event, all processes: {cpu / total * 1e6:,.0f} us for the "
            f"rebuild, {ceiling_cpu * 1e6:,.0f} us for the bare consumers and "
            f"COPY ({ceiling_cpu * total / cpu:.0%}); so at most "
            f"{workers * total / cpu:,.0f} events/s on {workers} cores of this "
            "machine with nothing else to do",
            f"the rebuild's and the ceiling's processes fork from one server "
            f"process, started before either is timed (in "
            f"{fork_server_seconds:.2f} s); its imports are in neither's CPU",
            f"publishing the envelopes took {publish_seconds:.1f} s "
            f"({total / publish_seconds:,.0f} events/s through KafkaBus.publish)",
            f"ceiling: {len(split(ends, workers))} processes, each a bare "
            "aiokafka consumer of its share of the partitions, one COPY of raw "
            "rows per fetched batch, synchronous_commit off as the read model "
            "has it",
        ],
    )
