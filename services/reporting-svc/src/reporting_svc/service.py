"""Wires reporting-svc: its read model, API and the one consumer of every topic.

It keeps no event store and publishes nothing, so it has no relay: its state
is only ever derived from the other services' events and can be rebuilt.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

import structlog
from fastapi import FastAPI

from ltc_shared.bus import Bus, service_topic
from ltc_shared.consumer import ConsumerLoop
from ltc_shared.settings import Settings
from reporting_svc import SERVICE
from reporting_svc.api import create_api
from reporting_svc.projector import ProjectionSink
from reporting_svc.rebuild_workers import (
    RebuildSource,
    partition_ends,
    rebuild_in_workers,
)
from reporting_svc.rebuilding import Rebuild
from reporting_svc.store import ReadModelStore, SqliteReadModel
from reporting_svc.store_postgres import PostgresReadModel

log = structlog.get_logger()
UPSTREAM = ("lead", "opportunity", "bid", "contract", "finance")
TOPICS = tuple(service_topic(name) for name in UPSTREAM)


@dataclass
class ReportingParts:
    name: str
    store: ReadModelStore
    api: FastAPI
    consumer: ConsumerLoop
    # Set when worker processes can open the read model and topics themselves.
    source: RebuildSource | None = None

    @property
    def consumers(self) -> list[ConsumerLoop]:
        return [self.consumer]


@dataclass(frozen=True)
class Rebuilt:
    events: int
    seconds: float
    events_per_second: float
    cpu_seconds: float = 0.0
    workers: int = 1


def open_store(settings: Settings) -> ReadModelStore:
    """Embedded: a SQLite file of this process. Distributed: the `reporting`
    schema in PostgreSQL, which every replica shares."""
    if settings.mode == "distributed":
        return PostgresReadModel.from_settings(settings, schema=SERVICE)
    return SqliteReadModel(settings.data_dir / "reporting.sqlite")


def build(settings: Settings, bus: Bus) -> ReportingParts:
    store = open_store(settings)
    sink = ProjectionSink(SERVICE, store)
    reader = bus.reader(SERVICE, TOPICS)
    consumer = ConsumerLoop(bus, reader, sink, settings.consumer_batch_size)
    source = None
    if settings.mode == "distributed":
        source = RebuildSource(settings, SERVICE, SERVICE, TOPICS)
    return ReportingParts(SERVICE, store, create_api(store), consumer, source)


async def rebuild(
    parts: ReportingParts,
    timeout: float = 1.0,
    on_progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> Rebuilt:
    """Drop the read model and project every topic again from offset 0.

    The caller stops moving `parts.consumer` elsewhere while this runs;
    afterwards it carries on live from the positions the rebuild stored.
    `on_progress` hears the events projected so far and how many there are.
    With `parts.source`, the partitions are split among `workers` processes
    (one per core unless told); else, as with SQLite's single writer, the
    consumer's own reader projects them all in this process.
    """
    started, cpu_started = time.perf_counter(), time.process_time()
    consumer = parts.consumer
    count = workers or os.cpu_count() or 1
    if parts.source is not None and count > 1:
        # The partitions are looked up while the read model is emptied.
        ends, *_ = await asyncio.gather(
            partition_ends(parts.source), parts.store.reset(), consumer.restart()
        )
        done = await rebuild_in_workers(parts.source, ends, count, timeout, on_progress)
        events, worker_cpu, count = done.events, done.cpu_seconds, done.workers
        await consumer.start()
    else:
        await parts.store.reset()
        await consumer.restart()
        count, worker_cpu = 1, 0.0
        events = await _rebuild_here(consumer, parts.store, timeout, on_progress)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started + worker_cpu
    rate = events / seconds if seconds > 0 else 0.0
    log.info(
        "reporting.rebuilt", events=events, seconds=round(seconds, 3), workers=count
    )
    return Rebuilt(events, seconds, rate, cpu, count)


async def _rebuild_here(
    consumer: ConsumerLoop,
    store: ReadModelStore,
    timeout: float,
    on_progress: Callable[[int, int], None] | None,
) -> int:
    await consumer.start()
    # The read model is empty: everything up to the ends is to be projected.
    ends = await consumer.reader.end_offsets()
    total = sum(ends.values())

    def written(events: int) -> None:
        if on_progress is not None:
            on_progress(events, max(total, events))

    again = Rebuild(consumer.sink.name, consumer.bus, consumer.reader, store)
    return await again.run(timeout, written, until=ends)
