"""The rebuild's ceiling in a worker process: a bare aiokafka consumer of
some partitions that COPYs each fetched batch, as raw rows, into PostgreSQL.

Kept apart from the benchmark so that a worker imports no more than it runs,
as the rebuild's workers do.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition

from ltc_shared.bus import TopicPartition as Position
from ltc_shared.settings import Settings

COLUMNS = ["topic", "partition_no", "offset_no", "msg_key", "msg_value"]


class CeilingShort(RuntimeError):
    """The bare consumer found fewer messages than there are."""


def copy_share(config: Settings, schema: str, ends: dict[Position, int]) -> float:
    """Copy every message of the partitions up to `ends`; the CPU seconds
    this process used."""
    asyncio.run(_copy(config, schema, ends))
    return time.process_time()


async def _copy(config: Settings, schema: str, ends: dict[Position, int]) -> None:
    consumer: Any = AIOKafkaConsumer(
        bootstrap_servers=config.kafka_bootstrap_servers,
        client_id="bench-ceiling",
        enable_auto_commit=False,
        max_partition_fetch_bytes=4 * 1024 * 1024,
    )
    await consumer.start()
    connection = await asyncpg.connect(
        host=config.postgres_host,
        port=config.postgres_port,
        user=config.postgres_user,
        password=config.postgres_password.get_secret_value(),
        database=config.postgres_db,
        server_settings={"synchronous_commit": "off"},
    )
    total = sum(ends.values())
    try:
        partitions = [TopicPartition(topic, number) for topic, number in ends]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        seen = 0
        while seen < total:
            batches = await consumer.getmany(timeout_ms=1000, max_records=1000)
            rows = [
                (r.topic, r.partition, r.offset, r.key.decode(), r.value)
                for records in batches.values()
                for r in records
            ]
            if not rows:
                raise CeilingShort(f"ceiling consumer read only {seen} of {total}")
            async with connection.transaction():
                await connection.copy_records_to_table(
                    "ceiling_messages",
                    records=rows,
                    columns=COLUMNS,
                    schema_name=schema,
                )
            seen += len(rows)
    finally:
        await connection.close()
        await consumer.stop()
