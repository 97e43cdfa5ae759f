"""The distributed read model: the same documents and positions in PostgreSQL.

Every replica of reporting-svc reads and writes one schema, so a report asked
of any replica sees what the consumer has committed. A batch's documents and
the position after it are written by one statement over arrays, so a batch
is one transaction and one round trip however many documents it changed.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Awaitable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from pydantic_core import from_json, to_json

from ltc_shared.bus import TopicPartition
from ltc_shared.settings import Settings
from reporting_svc.projection import Doc, DocKey

_SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
# jsonb's binary form is a version byte, then the JSON text.
_JSONB_VERSION = b"\x01"


def _encode_doc(doc: Doc | bytes) -> bytes:
    # pydantic's serializer writes JSON several times faster than json.dumps,
    # and encoding is most of the client's share of a write. A write encodes
    # its documents before it is awaited (see `apply`) and passes bytes.
    return _JSONB_VERSION + (doc if isinstance(doc, bytes) else to_json(doc))


def _decode_doc(data: bytes) -> Any:
    return from_json(data[1:])


async def _use_json(connection: asyncpg.Connection[asyncpg.Record]) -> None:
    await connection.set_type_codec(
        "jsonb",
        schema="pg_catalog",
        encoder=_encode_doc,
        decoder=_decode_doc,
        format="binary",
    )


@dataclass
class _LoopPool:
    """The pool of one event loop: asyncpg connections belong to the loop
    that opened them, and so does the lock that opens them once."""

    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    pool: asyncpg.Pool[asyncpg.Record] | None = None


class PostgresReadModel:
    """Documents as jsonb rows keyed by kind and key, in the schema `schema`,
    which the deployment creates; the store creates its tables.

    The pool is opened on first use, since the service is built outside any
    event loop. A store used from one loop after another (as tests are) keeps
    a pool per loop; close it on each loop before that loop ends, because a
    pool whose loop is gone can only be dropped, not closed.
    """

    def __init__(
        self,
        *,
        host: str,
        port: int,
        user: str,
        password: str,
        database: str,
        schema: str = "reporting",
        min_size: int = 1,
        max_size: int = 4,
    ) -> None:
        if not _SCHEMA_NAME.fullmatch(schema):
            raise ValueError(f"not a plain schema name: {schema!r}")
        self.schema = schema
        self._server = (host, port, user, password, database)
        self._sizes = (min_size, max_size)
        self._pools: dict[asyncio.AbstractEventLoop, _LoopPool] = {}
        docs, positions = f'"{schema}".reporting_doc', f'"{schema}".reporting_position'
        # Documents are replaced batch after batch: room left on each page
        # lets the new version stay there, with no new index entry.
        self._ddl = (
            f"""CREATE TABLE IF NOT EXISTS {docs} (
                kind text NOT NULL,
                doc_key text COLLATE "C" NOT NULL,
                doc jsonb NOT NULL,
                PRIMARY KEY (kind, doc_key)) WITH (fillfactor = 70)""",
            f"""CREATE TABLE IF NOT EXISTS {positions} (
                topic text NOT NULL,
                partition_no int NOT NULL,
                next_offset bigint NOT NULL,
                PRIMARY KEY (topic, partition_no))""",
        )
        # One statement is one transaction: a batch costs a single round trip,
        # which is most of the cost of the small batches of a live consumer.
        self._upsert = (
            "WITH written AS ("
            f"INSERT INTO {docs} (kind, doc_key, doc) "
            "SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[]) "
            "ON CONFLICT (kind, doc_key) DO UPDATE SET doc = excluded.doc) "
            f"INSERT INTO {positions} (topic, partition_no, next_offset) "
            "SELECT * FROM unnest($4::text[], $5::int[], $6::bigint[]) "
            "ON CONFLICT (topic, partition_no) "
            "DO UPDATE SET next_offset = excluded.next_offset"
        )
        self._select_docs = (
            f"SELECT doc_key, doc FROM {docs} "
            "WHERE kind = $1 AND doc_key = ANY($2::text[])"
        )
        self._select_position = (
            f"SELECT next_offset FROM {positions} "
            "WHERE topic = $1 AND partition_no = $2"
        )
        self._select_kind = f"SELECT doc FROM {docs} WHERE kind = $1 ORDER BY doc_key"
        self._sum_positions = f"SELECT COALESCE(SUM(next_offset), 0) FROM {positions}"
        self._truncate = f"TRUNCATE {docs}, {positions}"

    @classmethod
    def from_settings(
        cls, settings: Settings, schema: str = "reporting"
    ) -> PostgresReadModel:
        return cls(
            host=settings.postgres_host,
            port=settings.postgres_port,
            user=settings.postgres_user,
            password=settings.postgres_password.get_secret_value(),
            database=settings.postgres_db,
            schema=schema,
        )

    async def _pool(self) -> asyncpg.Pool[asyncpg.Record]:
        loop = asyncio.get_running_loop()
        self._forget_closed_loops()
        entry = self._pools.setdefault(loop, _LoopPool())
        async with entry.lock:
            if entry.pool is None:
                entry.pool = await self._open_pool()
            return entry.pool

    async def _open_pool(self) -> asyncpg.Pool[asyncpg.Record]:
        host, port, user, password, database = self._server
        min_size, max_size = self._sizes
        pool = await asyncpg.create_pool(
            host=host,
            port=port,
            user=user,
            password=password,
            database=database,
            min_size=min_size,
            max_size=max_size,
            init=_use_json,
            # The read model is rebuilt from the log at will, and a commit lost
            # in a crash loses its position with it: the batch is projected
            # again. So commits need not wait for the disk.
            server_settings={
                "application_name": "reporting-svc",
                "synchronous_commit": "off",
            },
        )
        try:
            async with pool.acquire() as connection, connection.transaction():
                # Replicas starting together would race to create the tables.
                await connection.execute(
                    "SELECT pg_advisory_xact_lock(hashtext($1))", self.schema
                )
                for statement in self._ddl:
                    await connection.execute(statement)
        except BaseException:
            pool.terminate()
            raise
        return pool

    def _forget_closed_loops(self) -> None:
        for loop in [loop for loop in self._pools if loop.is_closed()]:
            pool = self._pools.pop(loop).pool
            if pool is not None:
                # Its loop is gone, so the connections can only be dropped.
                with contextlib.suppress(RuntimeError):
                    pool.terminate()

    async def get_many(self, keys: Iterable[DocKey]) -> dict[DocKey, Doc]:
        by_kind: dict[str, list[str]] = {}
        for kind, key in set(keys):
            by_kind.setdefault(kind, []).append(key)
        found: dict[DocKey, Doc] = {}
        if not by_kind:
            return found
        pool = await self._pool()
        async with pool.acquire() as connection:
            for kind, wanted in by_kind.items():
                rows = await connection.fetch(self._select_docs, kind, wanted)
                found.update({(kind, row["doc_key"]): row["doc"] for row in rows})
        return found

    def apply(
        self, docs: Mapping[DocKey, Doc], positions: Mapping[TopicPartition, int]
    ) -> Awaitable[None]:
        arguments = (
            [kind for kind, _ in docs],
            [key for _, key in docs],
            [to_json(doc) for doc in docs.values()],
            [topic for topic, _ in positions],
            [partition for _, partition in positions],
            list(positions.values()),
        )
        return self._write(arguments)

    async def _write(self, arguments: tuple[list[Any], ...]) -> None:
        pool = await self._pool()
        await pool.execute(self._upsert, *arguments)

    async def position(self, topic: str, partition: int) -> int:
        pool = await self._pool()
        found = await pool.fetchval(self._select_position, topic, partition)
        return 0 if found is None else int(found)

    async def all_docs(self, kind: str) -> list[Doc]:
        pool = await self._pool()
        rows = await pool.fetch(self._select_kind, kind)
        return [row["doc"] for row in rows]

    async def revision(self) -> int:
        pool = await self._pool()
        return int(await pool.fetchval(self._sum_positions))

    async def reset(self) -> None:
        pool = await self._pool()
        async with pool.acquire() as connection, connection.transaction():
            await connection.execute(self._truncate)

    async def close(self) -> None:
        """Close the pools; a later use opens a new one."""
        current = asyncio.get_running_loop()
        pools, self._pools = self._pools, {}
        for loop, entry in pools.items():
            if entry.pool is None:
                continue
            if loop is current:
                await entry.pool.close()
            else:
                with contextlib.suppress(RuntimeError):
                    entry.pool.terminate()
