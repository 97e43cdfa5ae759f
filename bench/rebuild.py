"""Events per second of a reporting rebuild from Kafka into PostgreSQL.

About 100,000 envelopes of whole deals (see deals.py) go onto five fresh
topics. reporting-svc's own `rebuild` then resets a PostgreSQL read model on
a fresh schema and projects every topic from offset 0 with the consumer's
reader, in large batches of every partition at once. The ceiling reads the
same messages with a bare aiokafka consumer and COPYs each fetched batch, as
raw rows, into a table of the same schema.
"""

from __future__ import annotations

import time
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

from bench.deals import story_of
from bench.infra import BenchError, connect, create_schema, drop_schema
from bench.report import Figure, Outcome, Stopwatch
from ltc_shared.bus_kafka import PARTITIONS, KafkaBus
from ltc_shared.consumer import ConsumerLoop
from ltc_shared.settings import Settings
from reporting_svc.api import create_api
from reporting_svc.projector import ProjectionSink
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
    config: Settings, schema: str, topics: list[str], total: int
) -> tuple[float, float]:
    """Messages per second, and CPU seconds per message."""
    consumer: Any = AIOKafkaConsumer(
        bootstrap_servers=config.kafka_bootstrap_servers,
        client_id="bench-ceiling",
        enable_auto_commit=False,
        max_partition_fetch_bytes=4 * 1024 * 1024,
    )
    await consumer.start()
    connection = await connect(config, synchronous_commit="off")
    await connection.execute(CEILING_TABLE.format(schema=schema))
    columns = ["topic", "partition_no", "offset_no", "msg_key", "msg_value"]
    try:
        partitions = [TopicPartition(t, p) for t in topics for p in range(PARTITIONS)]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        watch = Stopwatch()
        seen = 0
        while seen < total:
            batches = await consumer.getmany(timeout_ms=1000, max_records=1000)
            rows = [
                (r.topic, r.partition, r.offset, r.key.decode(), r.value)
                for records in batches.values()
                for r in records
            ]
            if not rows:
                raise BenchError(f"ceiling consumer read only {seen} of {total}")
            async with connection.transaction():
                await connection.copy_records_to_table(
                    "ceiling_messages",
                    records=rows,
                    columns=columns,
                    schema_name=schema,
                )
            seen += len(rows)
        seconds, cpu = watch.wall(), watch.cpu()
    finally:
        await connection.close()
        await consumer.stop()
    return total / seconds, cpu / total


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
        ceiling, ceiling_cpu = await _ceiling(
            config, schema, list(topics.values()), total
        )

        group = f"bench-{run_id}-reporting"
        reader = bus.reader(group, list(topics.values()))
        consumer = ConsumerLoop(
            bus, reader, ProjectionSink(group, store), config.consumer_batch_size
        )
        parts = ReportingParts("reporting", store, create_api(store), consumer)
        # `rebuild` ends with one idle wait for more, which is not projecting:
        # the figure runs to the last batch it wrote.
        last_written = 0.0

        def written(done: int, total: int) -> None:
            nonlocal last_written
            last_written = time.perf_counter()

        watch = Stopwatch()
        rebuilt = await rebuild(parts, timeout=IDLE, on_progress=written)
        seconds, cpu = last_written - watch.wall_start, watch.cpu()
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
            f"{PARTITIONS} partitions; `rebuild` folds up to {REBUILD_BATCH:,} "
            "at a time, from every partition at once",
            f"projecting took {seconds:.2f} s (reset and joining the group "
            f"included); `rebuild` itself reports {rebuilt.seconds:.2f} s, "
            f"{rebuilt.events_per_second:,.0f} events/s, as it ends with one "
            f"idle wait of {IDLE:.0f} s for more",
            f"CPU per event: {cpu / total * 1e6:,.0f} us for the rebuild, "
            f"{ceiling_cpu * 1e6:,.0f} us for the bare consumer and COPY "
            f"({ceiling_cpu * total / cpu:.0%}); so at most {total / cpu:,.0f} "
            "events/s on one core of this machine with nothing else to do",
            f"publishing the envelopes took {publish_seconds:.1f} s "
            f"({total / publish_seconds:,.0f} events/s through KafkaBus.publish)",
            "ceiling: bare aiokafka consumer, one COPY of raw rows per fetched "
            "batch, synchronous_commit off as the read model has it",
        ],
    )
