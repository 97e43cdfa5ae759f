"""The consumer sink that keeps the read model: fold a batch, commit it with
the position after it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ltc_shared.bus import Delivery, TopicPartition
from reporting_svc.projection import Doc, DocKey, fold, key_of
from reporting_svc.store import ReadModelStore

Failure = tuple[Delivery, str]


@dataclass
class PreparedDocs:
    """The documents one batch changed and the position after the batch."""

    store: ReadModelStore
    docs: dict[DocKey, Doc]
    positions: dict[TopicPartition, int]
    failures: list[Failure] = field(default_factory=list)

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

        workspace = Workspace(self.store.get_many)
        changed, failures = await fold_batch(fresh, workspace)
        positions = {partition: fresh[-1].offset + 1}
        return PreparedDocs(self.store, changed, positions, failures)


Load = Callable[[Iterable[DocKey]], Awaitable[dict[DocKey, Doc]]]


class Workspace:
    """The documents a projector folds into, changed in place.

    `load` reads documents as the store holds them. A workspace that knows
    it holds every document there is (a rebuild from an empty read model)
    asks the store only to restore a document after a failed fold.
    """

    def __init__(self, load: Load, holds_all: bool = False) -> None:
        self.docs: dict[DocKey, Doc] = {}
        self.load = load
        self.holds_all = holds_all

    async def hold(self, keys: Iterable[DocKey]) -> None:
        """Have every stored document among `keys` at hand."""
        if self.holds_all:
            return
        missing = {key for key in keys if key not in self.docs}
        if missing:
            self.docs.update(await self.load(missing))

    async def restore(self, key: DocKey) -> None:
        """Put back the document as the store holds it."""
        self.docs.pop(key, None)
        self.docs.update(await self.load([key]))

    def forget(self) -> None:
        """Drop every document; later ones are read from the store again."""
        self.docs.clear()
        self.holds_all = False


async def fold_batch(
    fresh: Sequence[Delivery], workspace: Workspace
) -> tuple[dict[DocKey, Doc], list[Failure]]:
    """Fold `fresh` into the workspace: the documents changed, and the
    deliveries that could not be folded, with why.

    The store must hold what the workspace did before the batch. A fold that
    fails may leave its document half changed: that one is restored from the
    store and the batch folded again without the failed delivery. The other
    documents are already folded, and fold again to themselves, since an
    event a document has seen changes nothing.
    """
    keys = [None if d.envelope is None else key_of(d.envelope) for d in fresh]
    await workspace.hold({key for key in keys if key is not None})
    failures: list[Failure] = []
    skipped: set[int] = set()
    while True:
        changed, failed = _fold_all(fresh, keys, workspace.docs, skipped)
        if failed is None:
            return changed, failures
        index, reason = failed
        failures.append((fresh[index], reason))
        skipped.add(index)
        if (key := keys[index]) is not None:
            await workspace.restore(key)


def _fold_all(
    fresh: Sequence[Delivery],
    keys: Sequence[DocKey | None],
    docs: dict[DocKey, Doc],
    skipped: set[int],
) -> tuple[dict[DocKey, Doc], tuple[int, str] | None]:
    changed: dict[DocKey, Doc] = {}
    for index, (delivery, key) in enumerate(zip(fresh, keys, strict=True)):
        if index in skipped:
            continue
        envelope = delivery.envelope
        if envelope is None:
            return changed, (index, delivery.problem or "unreadable message")
        if key is None:
            continue
        try:
            folded = fold(docs.get(key), envelope)
        except Exception as error:  # noqa: BLE001 - any failure goes to dead letters
            return changed, (index, f"{type(error).__name__}: {error}")
        if folded is not None:
            docs[key] = changed[key] = folded
    return changed, None
