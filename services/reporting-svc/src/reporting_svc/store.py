"""Where the read model lives: documents and the positions they were built to.

The documents and the position after the batch that produced them are
written in one transaction, so a batch read twice changes nothing. The SQL
is kept to what PostgreSQL also speaks, so another adapter only changes the
driver.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
from collections.abc import Awaitable, Callable, Iterable, Mapping
from pathlib import Path
from typing import Protocol, TypeVar

from ltc_shared.bus import TopicPartition
from reporting_svc.projection import Doc, DocKey

T = TypeVar("T")
_CHUNK = 500

SCHEMA = (
    """
    CREATE TABLE IF NOT EXISTS reporting_doc (
        kind TEXT NOT NULL,
        doc_key TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (kind, doc_key)
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS reporting_position (
        topic TEXT NOT NULL,
        partition_no INTEGER NOT NULL,
        next_offset BIGINT NOT NULL,
        PRIMARY KEY (topic, partition_no)
    )
    """,
)
UPSERT_DOC = (
    "INSERT INTO reporting_doc (kind, doc_key, doc) VALUES (?, ?, ?) "
    "ON CONFLICT (kind, doc_key) DO UPDATE SET doc = excluded.doc"
)
UPSERT_POSITION = (
    "INSERT INTO reporting_position (topic, partition_no, next_offset) "
    "VALUES (?, ?, ?) ON CONFLICT (topic, partition_no) "
    "DO UPDATE SET next_offset = excluded.next_offset"
)


class ReadModelStore(Protocol):
    async def get_many(self, keys: Iterable[DocKey]) -> dict[DocKey, Doc]:
        """The stored documents among `keys`; absent ones are left out."""

    def apply(
        self, docs: Mapping[DocKey, Doc], positions: Mapping[TopicPartition, int]
    ) -> Awaitable[None]:
        """Upsert `docs` and set each partition's next offset, atomically.

        The documents are encoded when this is called, not when it is
        awaited, so the caller may change them while the write is under way.
        """

    async def position(self, topic: str, partition: int) -> int:
        """The offset of the next message to project; 0 if none was."""

    async def all_docs(self, kind: str) -> list[Doc]: ...

    async def revision(self) -> int:
        """A number that changes whenever the documents do: the sum of the
        positions, which every write moves and a rebuild reproduces."""

    async def reset(self) -> None:
        """Forget every document and position, to rebuild from the log."""

    async def close(self) -> None: ...


class SqliteReadModel:
    """The embedded read model: one SQLite file in WAL mode."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        for statement in SCHEMA:
            self._db.execute(statement)
        self._lock = threading.Lock()

    async def _run(self, work: Callable[[], T]) -> T:
        def locked() -> T:
            with self._lock:
                return work()

        return await asyncio.to_thread(locked)

    def _transaction(self, work: Callable[[sqlite3.Connection], None]) -> None:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            work(self._db)
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    async def get_many(self, keys: Iterable[DocKey]) -> dict[DocKey, Doc]:
        by_kind: dict[str, list[str]] = {}
        for kind, key in set(keys):
            by_kind.setdefault(kind, []).append(key)

        def read() -> dict[DocKey, Doc]:
            found: dict[DocKey, Doc] = {}
            for kind, wanted in by_kind.items():
                for start in range(0, len(wanted), _CHUNK):
                    chunk = wanted[start : start + _CHUNK]
                    marks = ", ".join("?" * len(chunk))
                    rows = self._db.execute(
                        "SELECT doc_key, doc FROM reporting_doc "
                        f"WHERE kind = ? AND doc_key IN ({marks})",
                        (kind, *chunk),
                    )
                    found.update({(kind, key): json.loads(doc) for key, doc in rows})
            return found

        return await self._run(read)

    def apply(
        self, docs: Mapping[DocKey, Doc], positions: Mapping[TopicPartition, int]
    ) -> Awaitable[None]:
        doc_rows = [
            (kind, key, json.dumps(doc, separators=(",", ":")))
            for (kind, key), doc in docs.items()
        ]
        position_rows = [
            (topic, partition, offset)
            for (topic, partition), offset in positions.items()
        ]

        def write(db: sqlite3.Connection) -> None:
            db.executemany(UPSERT_DOC, doc_rows)
            db.executemany(UPSERT_POSITION, position_rows)

        return self._run(lambda: self._transaction(write))

    async def position(self, topic: str, partition: int) -> int:
        def read() -> int:
            row = self._db.execute(
                "SELECT next_offset FROM reporting_position "
                "WHERE topic = ? AND partition_no = ?",
                (topic, partition),
            ).fetchone()
            return 0 if row is None else int(row[0])

        return await self._run(read)

    async def all_docs(self, kind: str) -> list[Doc]:
        def read() -> list[Doc]:
            rows = self._db.execute(
                "SELECT doc FROM reporting_doc WHERE kind = ? ORDER BY doc_key",
                (kind,),
            )
            return [json.loads(doc) for (doc,) in rows]

        return await self._run(read)

    async def revision(self) -> int:
        def read() -> int:
            (total,) = self._db.execute(
                "SELECT COALESCE(SUM(next_offset), 0) FROM reporting_position"
            ).fetchone()
            return int(total)

        return await self._run(read)

    async def reset(self) -> None:
        def clear(db: sqlite3.Connection) -> None:
            db.execute("DELETE FROM reporting_doc")
            db.execute("DELETE FROM reporting_position")

        await self._run(lambda: self._transaction(clear))

    async def close(self) -> None:
        await self._run(self._db.close)
