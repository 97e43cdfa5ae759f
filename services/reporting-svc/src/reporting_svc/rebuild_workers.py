"""A rebuild split among worker processes, each folding its own partitions.

A document folds the events of one aggregate, which one service publishes
keyed by the aggregate's id: every event of a document comes from a single
partition. So workers that read disjoint partitions fold disjoint documents
and write disjoint rows, and each document comes out as one process would
have left it. What the reports join across documents (a contract and its
ledger) may be from different moments while workers run, as it is for the
live consumer; once every worker is done it is all there.

The parent resets the read model and splits the partitions; each worker
opens its own reader of those partitions, bus and store, runs `Rebuild` and
reports what it wrote and the CPU it used through a queue.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import queue
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ltc_shared.bus import TopicPartition
from ltc_shared.bus_kafka import KafkaBus
from ltc_shared.logs import configure_logging
from ltc_shared.settings import Settings
from reporting_svc.rebuilding import Rebuild
from reporting_svc.store_postgres import PostgresReadModel

# How often the parent looks for news from its workers.
POLL = 0.05


@dataclass(frozen=True)
class RebuildSource:
    """What a worker process needs to open its own reader and store: the
    Kafka topics and the PostgreSQL schema of a read model."""

    settings: Settings
    schema: str
    group: str
    topics: tuple[str, ...]


@dataclass(frozen=True)
class Share:
    source: RebuildSource
    ends: dict[TopicPartition, int]
    timeout: float


@dataclass(frozen=True)
class WorkersDone:
    events: int
    cpu_seconds: float
    workers: int


class RebuildWorkerFailed(RuntimeError):
    """A worker process failed; the read model is incomplete."""


def split(
    ends: Mapping[TopicPartition, int], workers: int
) -> list[list[TopicPartition]]:
    """Partitions for at most `workers` workers, the largest first to the
    least loaded, so each gets about as many messages."""
    count = min(max(1, workers), len(ends))
    shares: list[list[TopicPartition]] = [[] for _ in range(count)]
    loads = [0] * len(shares)
    for partition in sorted(ends, key=lambda p: (-ends[p], p)):
        least = loads.index(min(loads))
        shares[least].append(partition)
        loads[least] += ends[partition]
    return [sorted(taken) for taken in shares]


async def partition_ends(source: RebuildSource) -> dict[TopicPartition, int]:
    """Every partition of the source's topics, with the offset after its last
    message."""
    bus = KafkaBus(source.settings.kafka_bootstrap_servers, f"{source.group}-rebuild")
    try:
        return await bus.partition_ends(source.topics)
    finally:
        await bus.close()


async def rebuild_in_workers(
    source: RebuildSource,
    ends: Mapping[TopicPartition, int],
    workers: int,
    timeout: float,
    on_written: Callable[[int, int], None] | None = None,
) -> WorkersDone:
    """Fold the partitions of `source` up to at least `ends` in up to
    `workers` processes into a read model already reset. `on_written` hears
    the messages written so far by all workers and how many there are."""
    total = sum(ends.values())
    context = forking()
    news: Any = context.Queue()
    processes = [
        context.Process(
            target=work,
            args=(index, Share(source, {p: ends[p] for p in share}, timeout), news),
            name=f"rebuild-{index}",
            daemon=True,
        )
        for index, share in enumerate(split(ends, workers))
    ]
    for process in processes:
        process.start()
    try:
        return await _follow(processes, news, total, on_written)
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
            process.join()
        news.close()


def forking(preload: Sequence[str] = ()) -> Any:
    """Workers fork from a server process that imported what they run once,
    rather than each importing it all again, which costs a worker about as
    much CPU as folding 20,000 events. A worker's CPU time starts at its
    fork; the server's imports are not in it. `preload` only counts before
    the server starts."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["__main__", __name__, *preload])
    return context


def start_fork_server(preload: Sequence[str] = ()) -> None:
    """Have the server workers fork from ready, its imports done."""
    started = forking(preload).Process(target=_ready, name="fork-server-ready")
    started.start()
    started.join()


def _ready() -> None:
    return None


async def _follow(
    processes: Sequence[Any],
    news: Any,
    total: int,
    on_written: Callable[[int, int], None] | None,
) -> WorkersDone:
    written = [0] * len(processes)
    cpu: dict[int, float] = {}
    quiet_deaths = 0
    while len(cpu) < len(processes):
        heard = _next(news)
        if heard is None:
            dead = [
                index
                for index, process in enumerate(processes)
                if index not in cpu and not process.is_alive()
            ]
            # What a worker said last may still be on its way after it ended.
            quiet_deaths = quiet_deaths + 1 if dead else 0
            if quiet_deaths > 1 / POLL:
                code = processes[dead[0]].exitcode
                raise RebuildWorkerFailed(f"rebuild worker {dead[0]} ended with {code}")
            await asyncio.sleep(POLL)
            continue
        index, what, count, seconds = heard
        if what == "failed":
            raise RebuildWorkerFailed(f"rebuild worker {index}: {count}")
        if what == "done":
            cpu[index] = seconds
        if count != written[index]:
            written[index] = count
            if on_written is not None:
                done = sum(written)
                on_written(done, max(total, done))
    return WorkersDone(sum(written), sum(cpu.values()), len(processes))


def _next(news: Any) -> tuple[int, str, Any, float] | None:
    try:
        heard: tuple[int, str, Any, float] = news.get_nowait()
    except queue.Empty:
        return None
    return heard


def work(index: int, share: Share, news: Any) -> None:
    """A worker process: fold its share, telling the parent as it goes."""
    # The parent shows the progress; a worker logs only what goes wrong.
    configure_logging("WARNING", share.source.settings.log_format)
    try:
        events = asyncio.run(_fold_share(index, share, news))
    except BaseException as error:
        news.put((index, "failed", repr(error), 0.0))
        raise
    news.put((index, "done", events, time.process_time()))


async def _fold_share(index: int, share: Share, news: Any) -> int:
    source = share.source
    bus = KafkaBus(source.settings.kafka_bootstrap_servers, f"{source.group}-{index}")
    store = PostgresReadModel.from_settings(source.settings, schema=source.schema)
    reader = bus.reader(source.group, source.topics, partitions=list(share.ends))
    try:
        await reader.start(lambda partition: store.position(*partition))
        again = Rebuild(source.group, bus, reader, store)
        return await again.run(
            share.timeout,
            lambda count: news.put((index, "written", count, 0.0)),
            until=share.ends,
        )
    finally:
        await store.close()
        await bus.close()
