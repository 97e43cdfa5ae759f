"""The consumer sink that keeps the read model: fold a batch, commit it with
the position after it."""

from __future__ import annotations

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

        changed: dict[DocKey, Doc] = {}
        failures: list[tuple[Delivery, str]] = []
        for delivery in fresh:
            if delivery.envelope is None:
                failures.append((delivery, delivery.problem or "unreadable message"))
                continue
            key = key_of(delivery.envelope)
            if key is None:
                continue
            current = changed.get(key, loaded.get(key))
            try:
                folded = fold(current, delivery.envelope)
            except Exception as error:  # noqa: BLE001 - any failure goes to dead letters
                failures.append((delivery, f"{type(error).__name__}: {error}"))
                continue
            if folded is not None and folded is not current:
                changed[key] = folded

        positions = {partition: fresh[-1].offset + 1}
        return PreparedDocs(self.store, changed, positions, failures)


def _key(delivery: Delivery) -> DocKey | None:
    return None if delivery.envelope is None else key_of(delivery.envelope)
