"""Projecting every topic again into an emptied read model, in large batches.

The live consumer reads what it folds from the store batch after batch, one
partition at a time; a rebuild is the read model's only writer, so it keeps
every document it folded in memory and folds a fetch of many partitions at
once. Each fetch is one write of the documents it changed with the position
of every partition it read, and that write runs while the next fetch is
folded. The documents, the dead letters and the positions come out as the
live consumer would have left them.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import partial
from itertools import groupby

import structlog

from ltc_shared.bus import Bus, Delivery, Reader, TopicPartition
from reporting_svc.projection import Doc, DocKey
from reporting_svc.projector import Workspace, fold_batch
from reporting_svc.store import ReadModelStore

log = structlog.get_logger()

# Messages folded per write: large enough that the fixed cost of a fetch
# and a write is small, and that an aggregate's events fold into one write.
BATCH = 10_000
# Documents kept in memory; beyond this they are dropped and read back from
# the store when next needed.
HELD_DOCS = 250_000

# Seconds a reader may fetch nothing while its partitions have more.
PATIENCE = 60.0

Progress = Callable[[int], None]


class RebuildStalled(RuntimeError):
    """Messages known to be there did not arrive."""


class Rebuild:
    """One pass over the topics into a read model that `reset` just emptied."""

    def __init__(
        self,
        name: str,
        bus: Bus,
        reader: Reader,
        store: ReadModelStore,
        batch_size: int = BATCH,
        held_docs: int = HELD_DOCS,
    ) -> None:
        self.name = name
        self.bus = bus
        self.reader = reader
        self.store = store
        self.batch_size = batch_size
        self.held_docs = held_docs
        self.positions: dict[TopicPartition, int] = {}
        self._writing: tuple[asyncio.Future[None], int] | None = None
        self._written = 0
        self._read = 0
        self._on_written: Progress | None = None

    async def run(
        self,
        timeout: float,
        on_written: Progress | None = None,
        until: Mapping[TopicPartition, int] | None = None,
    ) -> int:
        """Project until a fetch waits `timeout` seconds for nothing or,
        given `until`, until every partition is read up to those offsets; the
        number of messages read. `on_written` hears how many are written so far, as
        each write ends."""
        self._on_written = on_written
        workspace = Workspace(self._load, holds_all=True)
        try:
            with _no_cyclic_collection():
                while batch := await self._fetch(timeout, until or {}):
                    fresh = await self._fresh(batch)
                    changed, failures = await fold_batch(fresh, workspace)
                    await self._dead_letter(failures)
                    await self._wait_written()
                    self._write(changed, len(batch))
                    if len(workspace.docs) > self.held_docs:
                        await self._wait_written()
                        workspace.forget()
                await self._wait_written()
        finally:
            self._abandon_write()
        return self._written

    async def _fetch(
        self, timeout: float, until: Mapping[TopicPartition, int]
    ) -> Sequence[Delivery]:
        """The next fetch; empty only once every partition is read up to
        `until`, as a reader just started may fetch nothing at first. Once
        there, it ends without waiting for more: what comes later is the live
        consumer's, which resumes from the positions written."""
        if until and all(self.positions.get(p, 0) >= end for p, end in until.items()):
            return []
        began = time.monotonic()
        while True:
            batch = await self.reader.fetch(self.batch_size, timeout)
            behind = [p for p, end in until.items() if self.positions.get(p, 0) < end]
            if batch or not behind:
                return batch
            if time.monotonic() - began > PATIENCE:
                raise RebuildStalled(f"nothing read for {PATIENCE:.0f} s of {behind}")
            await asyncio.sleep(0)

    async def _fresh(self, deliveries: Sequence[Delivery]) -> list[Delivery]:
        """The deliveries past each partition's stored position, which then
        moves past them. A fetch lists each partition's deliveries together."""
        fresh: list[Delivery] = []
        for partition, group in groupby(deliveries, _partition_of):
            read = list(group)
            start = self.positions.get(partition)
            if start is None:
                start = await self.store.position(*partition)
            if read[0].offset < start:
                read = [d for d in read if d.offset >= start]
            fresh += read
            self.positions[partition] = max(start, read[-1].offset + 1 if read else 0)
        return fresh

    async def _dead_letter(self, failures: Iterable[tuple[Delivery, str]]) -> None:
        for delivery, reason in failures:
            log.warning(
                "consumer.dead_letter",
                consumer=self.name,
                topic=delivery.topic,
                offset=delivery.offset,
                reason=reason,
            )
            await self.bus.dead_letter(delivery, reason, self.name)

    def _write(self, changed: dict[DocKey, Doc], read: int) -> None:
        """Start writing a batch; the store encodes the documents at once, so
        the next batch may change them while this write runs."""
        self._read += read
        writing = asyncio.ensure_future(self.store.apply(changed, dict(self.positions)))
        # Heard as soon as the write ends, even while the next batch folds.
        writing.add_done_callback(partial(self._note_written, self._read))
        self._writing = (writing, self._read)

    def _note_written(self, read: int, writing: asyncio.Future[None]) -> None:
        if writing.cancelled() or writing.exception() is not None:
            return
        if read > self._written:
            self._written = read
            if self._on_written is not None:
                self._on_written(read)

    async def _wait_written(self) -> None:
        if self._writing is not None:
            (writing, read), self._writing = self._writing, None
            await writing
            # A write that had ended before this awaited it has not been
            # heard of yet: its callback runs only on the loop's next turn.
            self._note_written(read, writing)

    def _abandon_write(self) -> None:
        """After a failure: the write under way is not waited for."""
        if self._writing is None:
            return
        (writing, _), self._writing = self._writing, None
        if writing.done():
            # Its failure, if any, is not the one being raised; it is logged.
            if not writing.cancelled() and writing.exception() is not None:
                log.warning(
                    "reporting.rebuild_write_failed", error=repr(writing.exception())
                )
        else:
            writing.cancel()

    async def _load(self, keys: Iterable[DocKey]) -> dict[DocKey, Doc]:
        # A document is read back only once every write before it is done.
        await self._wait_written()
        return await self.store.get_many(keys)


def _partition_of(delivery: Delivery) -> TopicPartition:
    return delivery.topic, delivery.partition


@contextmanager
def _no_cyclic_collection() -> Iterator[None]:
    """No cyclic garbage collection while a rebuild runs.

    Left to itself, the collector scans every live object again and again as
    a batch allocates, and the documents held are most of them: that cost
    more than all the folding, and even one young collection a batch cost a
    third of it. What a rebuild leaves unreachable is freed by reference
    counting; it makes (next to) no reference cycles for the collector.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
