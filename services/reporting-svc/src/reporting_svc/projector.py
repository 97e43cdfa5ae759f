"""The consumer sink that keeps the read model: fold a batch, commit it with
the position after it."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field

from ltc_shared.bus import Delivery, TopicPartition
from reporting_svc.projection import Doc, DocKey, fold, key_of
from reporting_svc.store import ReadModelStore


@dataclass
class PreparedDocs:
    """The documents one batch changed and the position after the batch."""

    store: ReadModelStore
    docs: dict[DocKey, Doc]
    positions: dict[TopicPartition, int]
    failures: list[tuple[Delivery, str]] = field(default_factory=list)

    async def commit(self) -> None:
        if self.positions:
            await self.store.apply(self.docs, self.positions)


class ProjectionSink:
    """Projects deliveries into documents, exactly once per stored position.

    No documents are cached between batches: each batch reads what it touches
    from the store, so a reset for a rebuild cannot leave stale copies behind.
    """

    def __init__(self, name: str, store: ReadModelStore) -> None:
        self.name = name
        self.store = store

    async def position(self, partition: TopicPartition) -> int:
        topic, number = partition
        return await self.store.position(topic, number)

    async def prepare(self, deliveries: Sequence[Delivery]) -> PreparedDocs:
        if not deliveries:
            return PreparedDocs(self.store, {}, {})
        partition = (deliveries[0].topic, deliveries[0].partition)
        start = await self.position(partition)
        fresh = [d for d in deliveries if d.offset >= start]
        if not fresh:
            return PreparedDocs(self.store, {}, {})

        keys = {key for d in fresh if (key := _key(d)) is not None}
        loaded = await self.store.get_many(keys)

        failures: list[tuple[Delivery, str]] = []
        while True:
            skipped = {d.offset for d, _ in failures}
            changed, failed = _fold_batch(fresh, loaded, skipped)
            if failed is None:
                break
            failures.append(failed)

        positions = {partition: fresh[-1].offset + 1}
        return PreparedDocs(self.store, changed, positions, failures)


def _fold_batch(
    fresh: Sequence[Delivery], loaded: dict[DocKey, Doc], skipped: set[int]
) -> tuple[dict[DocKey, Doc], tuple[Delivery, str] | None]:
    """Fold a batch into copies of the loaded documents, one copy per document.

    A fold that fails may leave its copy half changed, so the batch is folded
    again from the loaded documents without the failed delivery.
    """
    changed: dict[DocKey, Doc] = {}
    for delivery in fresh:
        if delivery.offset in skipped:
            continue
        if delivery.envelope is None:
            return changed, (delivery, delivery.problem or "unreadable message")
        key = key_of(delivery.envelope)
        if key is None:
            continue
        current = changed.get(key)
        if current is None and key in loaded:
            current = copy.deepcopy(loaded[key])
        try:
            folded = fold(current, delivery.envelope)
        except Exception as error:  # noqa: BLE001 - any failure goes to dead letters
            return changed, (delivery, f"{type(error).__name__}: {error}")
        if folded is not None:
            changed[key] = folded
    return changed, None


def _key(delivery: Delivery) -> DocKey | None:
    return None if delivery.envelope is None else key_of(delivery.envelope)
