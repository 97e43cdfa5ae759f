"""The embedded bus: a durable, single-partition log per topic in SQLite.

It keeps what Kafka keeps for our purposes (ordered offsets from zero that
survive a restart, consumers that resume from their own stored positions),
so the embedded default runs the same relay, consumer and projection code.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

from ltc_shared.bus import (
    DEAD_LETTER_TOPIC,
    Delivery,
    PositionLookup,
    TopicPartition,
)
from ltc_shared.envelope import Envelope

_SCHEMA = """
CREATE TABLE IF NOT EXISTS message (
    topic TEXT NOT NULL,
    offset INTEGER NOT NULL,
    key TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (topic, offset)
) WITHOUT ROWID
"""


class LocalLogBus:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(_SCHEMA)
        self._lock = threading.Lock()

    def _append(self, topic: str, rows: list[tuple[str, str]]) -> None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                (last,) = self._db.execute(
                    "SELECT COALESCE(MAX(offset), -1) FROM message WHERE topic = ?",
                    (topic,),
                ).fetchone()
                self._db.executemany(
                    "INSERT INTO message VALUES (?, ?, ?, ?)",
                    [
                        (topic, last + 1 + i, key, body)
                        for i, (key, body) in enumerate(rows)
                    ],
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    async def publish(self, topic: str, envelopes: Sequence[Envelope]) -> None:
        rows = [(e.subject, e.model_dump_json()) for e in envelopes]
        await asyncio.to_thread(self._append, topic, rows)

    async def dead_letter(self, delivery: Delivery, reason: str, group: str) -> None:
        body = json.dumps(
            {
                "group": group,
                "reason": reason,
                "topic": delivery.topic,
                "partition": delivery.partition,
                "offset": delivery.offset,
                "envelope": delivery.envelope.model_dump(mode="json")
                if delivery.envelope
                else None,
            }
        )
        await asyncio.to_thread(self._append, DEAD_LETTER_TOPIC, [(group, body)])

    def read(self, topic: str, start: int, limit: int) -> list[tuple[int, str]]:
        with self._lock:
            return self._db.execute(
                "SELECT offset, body FROM message WHERE topic = ? AND offset >= ? "
                "ORDER BY offset LIMIT ?",
                (topic, start, limit),
            ).fetchall()

    def end_offset(self, topic: str) -> int:
        with self._lock:
            (last,) = self._db.execute(
                "SELECT COALESCE(MAX(offset), -1) FROM message WHERE topic = ?",
                (topic,),
            ).fetchone()
        return int(last) + 1

    def reader(self, group: str, topics: Sequence[str]) -> LocalLogReader:
        return LocalLogReader(self, topics)

    async def close(self) -> None:
        self._db.close()


class LocalLogReader:
    def __init__(self, bus: LocalLogBus, topics: Sequence[str]) -> None:
        self._bus = bus
        self._cursors = {(topic, 0): 0 for topic in topics}

    async def start(self, position_of: PositionLookup) -> None:
        for key in self._cursors:
            self._cursors[key] = await position_of(key)

    def _fetch(self, max_records: int) -> list[Delivery]:
        found: list[Delivery] = []
        for (topic, partition), cursor in self._cursors.items():
            rows = self._bus.read(topic, cursor, max_records - len(found))
            for offset, body in rows:
                try:
                    envelope: Envelope | None = Envelope.model_validate_json(body)
                    problem = ""
                except ValueError as error:
                    envelope, problem = None, f"unreadable envelope: {error}"
                found.append(
                    Delivery(topic, partition, offset, envelope, body.encode(), problem)
                )
            if rows:
                self._cursors[(topic, partition)] = rows[-1][0] + 1
            if len(found) >= max_records:
                break
        return found

    async def fetch(self, max_records: int, timeout: float) -> list[Delivery]:
        return await asyncio.to_thread(self._fetch, max_records)

    async def end_offsets(self) -> dict[TopicPartition, int]:
        return {key: self._bus.end_offset(key[0]) for key in self._cursors}

    async def stop(self) -> None:
        return None
