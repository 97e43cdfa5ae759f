"""Wires reporting-svc: its read model, API and the one consumer of every topic.

It keeps no event store and publishes nothing, so it has no relay: its state
is only ever derived from the other services' events and can be rebuilt.
"""

from __future__ import annotations

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

    @property
    def consumers(self) -> list[ConsumerLoop]:
        return [self.consumer]


@dataclass(frozen=True)
class Rebuilt:
    events: int
    seconds: float
    events_per_second: float


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
    return ReportingParts(SERVICE, store, create_api(store), consumer)


async def rebuild(
    parts: ReportingParts,
    timeout: float = 1.0,
    on_progress: Callable[[int, int], None] | None = None,
) -> Rebuilt:
    """Drop the read model and project every topic again from offset 0.

    The caller stops moving `parts.consumer` elsewhere while this runs; the
    reader is the same one, so afterwards the loop simply carries on live.
    `on_progress` hears the events projected so far and how many there are.
    """
    started = time.perf_counter()
    await parts.store.reset()
    consumer = parts.consumer
    await consumer.restart()
    await consumer.start()
    total = await consumer.lag() or 0

    def written(events: int) -> None:
        if on_progress is not None:
            on_progress(events, max(total, events))

    again = Rebuild(consumer.sink.name, consumer.bus, consumer.reader, parts.store)
    events = await again.run(timeout, written)
    seconds = time.perf_counter() - started
    rate = events / seconds if seconds > 0 else 0.0
    log.info("reporting.rebuilt", events=events, seconds=round(seconds, 3))
    return Rebuilt(events, seconds, rate)
