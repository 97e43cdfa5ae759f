"""The read model on PostgreSQL behaves as the embedded one on SQLite.

Each check runs against both stores. PostgreSQL is the one of deploy/local,
found through the settings and only on a loopback address; every test gets a
schema of its own, dropped afterwards. Without the server the PostgreSQL
cases are skipped, unless LTC_REQUIRE_INTEGRATION is set: then they fail.
"""

from __future__ import annotations

import asyncio
import socket
import sqlite3
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, cast

import asyncpg
import pytest

from integration.stores import integration_required
from ltc_shared.bus import TopicPartition
from ltc_shared.bus_kafka import PARTITIONS, KafkaBus
from ltc_shared.bus_local import LocalLogBus
from ltc_shared.consumer import ConsumerLoop
from ltc_shared.settings import Settings
from reporting_svc import SERVICE, reports
from reporting_svc.api import create_api
from reporting_svc.documents import KINDS
from reporting_svc.projection import Doc, DocKey
from reporting_svc.projector import ProjectionSink
from reporting_svc.rebuild_workers import RebuildSource, RebuildWorkerFailed
from reporting_svc.service import TOPICS, ReportingParts, open_store, rebuild
from reporting_svc.store import ReadModelStore, SqliteReadModel
from reporting_svc.store_postgres import PostgresReadModel
from reporting_svc.testing import Story

pytestmark = pytest.mark.integration
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
TOO_FAR = 2**63  # one past the largest bigint, and SQLite's largest integer
APPLY_REFUSED = (
    OverflowError,
    sqlite3.IntegrityError,
    asyncpg.DataError,
    asyncpg.NotNullViolationError,
)


@cache
def _unreachable(host: str, port: int) -> str | None:
    if host not in LOOPBACK:
        return f"integration tests only use a loopback PostgreSQL, not {host}"
    try:
        with socket.create_connection((host, port), timeout=2.0):
            return None
    except OSError:
        return (
            f"no PostgreSQL at {host}:{port} "
            "(start it with deploy/local/postgres.sh up)"
        )


def require_postgres() -> Settings:
    settings = Settings()
    reason = _unreachable(settings.postgres_host, settings.postgres_port)
    if reason is not None:
        if integration_required():
            pytest.fail(f"{reason}; LTC_REQUIRE_INTEGRATION is set")
        pytest.skip(reason)
    return settings


async def _admin(settings: Settings, statement: str) -> None:
    connection = await asyncpg.connect(
        host=settings.postgres_host,
        port=settings.postgres_port,
        user=settings.postgres_user,
        password=settings.postgres_password.get_secret_value(),
        database=settings.postgres_db,
    )
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def _admin_apart(settings: Settings, statement: str) -> None:
    """Run `statement` on a loop of its own in another thread, so that it
    works whether or not the caller is inside a running loop."""
    with ThreadPoolExecutor(1) as apart:
        apart.submit(asyncio.run, _admin(settings, statement)).result()


@pytest.fixture
def pg_schema() -> Iterator[tuple[Settings, str]]:
    settings = require_postgres()
    schema = f"reporting_test_{uuid.uuid4().hex[:12]}"
    _admin_apart(settings, f'CREATE SCHEMA "{schema}"')
    yield settings, schema
    _admin_apart(settings, f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def postgres_store(place: tuple[Settings, str]) -> PostgresReadModel:
    settings, schema = place
    return PostgresReadModel.from_settings(settings, schema=schema)


@pytest.fixture(params=["sqlite", "postgres"])
async def store(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[ReadModelStore]:
    opened: ReadModelStore
    if request.param == "sqlite":
        opened = SqliteReadModel(tmp_path / "reporting.sqlite")
    else:
        opened = postgres_store(request.getfixturevalue("pg_schema"))
    yield opened
    await opened.close()


def ledger(key: str, paid: str, **more: Any) -> Doc:
    return {
        "kind": "ledger",
        "id": key,
        "paid": paid,
        "invoices": {"INV-1": {"amount": "10.00", "settled_on": None}},
        "costs": [{"category": "travel", "note": "Zürich – Genève"}],
        "disputed": False,
        "version": 3,
        **more,
    }


async def test_documents_come_back_as_they_were_applied(
    store: ReadModelStore,
) -> None:
    docs: dict[DocKey, Doc] = {
        ("ledger", "g1"): ledger("g1", "1.50"),
        ("ledger", "g2"): ledger("g2", "0.00", nested={"z": [1, {"a": None}]}),
        ("bid", "g1"): {"kind": "bid", "id": "g1", "decision": "bid"},
    }
    await store.apply(docs, {("ltc.finance", 0): 3})

    found = await store.get_many([*docs, ("ledger", "absent"), ("lead", "g1")])

    assert found == docs


async def test_a_batch_replaces_documents_and_reads_past_any_chunking(
    store: ReadModelStore,
) -> None:
    first = {("ledger", f"g{i:04d}"): ledger(f"g{i:04d}", "0") for i in range(1200)}
    await store.apply(first, {("ltc.finance", 0): 1200})
    later = {key: ledger(key[1], "9.99") for key in first}
    await store.apply(later, {("ltc.finance", 0): 2400})

    found = await store.get_many(first)

    assert found == later


# Out of range fails before it is written, a missing offset only as the
# position row is: after the documents, within the same transaction.
@pytest.mark.parametrize("bad_offset", [TOO_FAR, None], ids=["too_far", "missing"])
async def test_a_failed_apply_writes_nothing(
    store: ReadModelStore, bad_offset: int | None
) -> None:
    await store.apply({("ledger", "g1"): ledger("g1", "1")}, {("ltc.finance", 0): 5})

    with pytest.raises(APPLY_REFUSED):
        await store.apply(
            {("ledger", "g1"): ledger("g1", "2"), ("ledger", "g2"): ledger("g2", "3")},
            {("ltc.lead", 0): 1, ("ltc.finance", 0): cast(int, bad_offset)},
        )

    found = await store.get_many([("ledger", "g1"), ("ledger", "g2")])
    assert found == {("ledger", "g1"): ledger("g1", "1")}
    assert await store.position("ltc.finance", 0) == 5
    assert await store.position("ltc.lead", 0) == 0
    assert await store.revision() == 5


async def test_a_write_keeps_the_documents_as_they_were_when_it_was_asked_for(
    store: ReadModelStore,
) -> None:
    doc = ledger("g1", "1")
    writing = store.apply({("ledger", "g1"): doc}, {("ltc.finance", 0): 1})
    doc["invoices"] = {"changed": "after the write was asked for"}

    await writing

    found = await store.get_many([("ledger", "g1")])
    assert found == {("ledger", "g1"): ledger("g1", "1")}


async def test_each_partition_keeps_its_own_position(store: ReadModelStore) -> None:
    assert await store.position("ltc.bid", 0) == 0
    positions: dict[TopicPartition, int] = {
        ("ltc.bid", 0): 7,
        ("ltc.bid", 1): 3,
        ("ltc.lead", 0): 11,
    }
    await store.apply({}, positions)
    await store.apply({}, {("ltc.bid", 1): 4})

    assert await store.position("ltc.bid", 0) == 7
    assert await store.position("ltc.bid", 1) == 4
    assert await store.position("ltc.lead", 0) == 11
    assert await store.position("ltc.lead", 1) == 0


async def test_the_revision_moves_with_every_write_and_reset_forgets_all(
    store: ReadModelStore,
) -> None:
    assert await store.revision() == 0
    await store.apply({("bid", "b1"): {"id": "b1"}}, {("ltc.bid", 0): 2})
    assert await store.revision() == 2
    await store.apply({}, {("ltc.lead", 0): 5, ("ltc.bid", 0): 3})
    assert await store.revision() == 8

    await store.reset()

    assert await store.revision() == 0
    assert await store.position("ltc.bid", 0) == 0
    assert await store.get_many([("bid", "b1")]) == {}
    assert await store.all_docs("bid") == []


async def test_all_docs_of_a_kind_come_in_key_order(store: ReadModelStore) -> None:
    keys = ["b2", "B1", "a10", "a9", "_x", "a1", "é"]
    docs = {("lead", key): {"id": key} for key in keys}
    await store.apply(docs | {("bid", "a0"): {"id": "a0"}}, {("ltc.lead", 0): 1})

    found = await store.all_docs("lead")

    assert [doc["id"] for doc in found] == sorted(keys)


def test_a_store_serves_one_event_loop_after_another(
    pg_schema: tuple[Settings, str],
) -> None:
    store = postgres_store(pg_schema)

    async def write_then_close() -> None:
        try:
            await store.apply({("bid", "b1"): {"id": "b1"}}, {("ltc.bid", 0): 1})
        finally:
            await store.close()

    async def read_then_close() -> dict[DocKey, Doc]:
        try:
            return await store.get_many([("bid", "b1")])
        finally:
            await store.close()

    asyncio.run(write_then_close())

    assert asyncio.run(read_then_close()) == {("bid", "b1"): {"id": "b1"}}


def test_the_distributed_mode_keeps_the_read_model_in_postgres(
    tmp_path: Path,
) -> None:
    distributed = open_store(Settings(mode="distributed", data_dir=tmp_path))
    embedded = open_store(Settings(mode="embedded", data_dir=tmp_path))

    assert isinstance(distributed, PostgresReadModel)
    assert distributed.schema == "reporting"
    assert isinstance(embedded, SqliteReadModel)
    asyncio.run(embedded.close())


def tell_a_story() -> Story:
    """A won deal invoiced, paid in part and closed, a lost bid, a dropped
    lead and a no-bid: enough for every figure of the three reports."""
    story = Story()
    l1 = story.capture("l1", "2024-01-10", "web")
    story.assign(l1, "ana", "2024-01-12")
    b1 = story.initiate(story.qualify(l1, "2024-01-20", "1000.00"), "2024-02-01")
    story.estimate(b1, "2024-02-05", "1200.00", "700.00")
    story.decide(b1, "2024-02-10", "bid", "fits")
    story.submit(b1, "2024-02-15", "1100.00")
    c1 = story.win(b1, "2024-03-01", "1050.00")
    story.budget(c1, "2024-03-05", "1050.00", "600.00")
    g1 = story.sign(c1, "2024-03-10", "1050.00")
    # jsonb keeps object keys shortest first, so these two come back swapped.
    story.invoice(g1, "INV-10", "500.00", "2024-03-15", "2024-04-14", False)
    story.invoice(g1, "INV-9", "550.00", "2024-04-01", "2024-05-01", True)
    story.pay(g1, "INV-10", "500.00", "2024-04-20")
    story.pay(g1, "INV-9", "100.00", "2024-04-25")
    story.cost(g1, "2024-03-20", "labour", "400.00")
    story.close(c1, "2024-05-01")
    story.drop(story.capture("l2", "2024-02-05", "web"), "2024-02-20", "no budget")
    b3 = story.initiate(story.sudden("s1", "2024-03-03", "2000.00", "cy"), "2024-03-10")
    story.estimate(b3, "2024-03-12", "2100.00", "1500.00")
    story.decide(b3, "2024-03-15", "bid", "strategic")
    story.submit(b3, "2024-03-20", "2050.00")
    story.lose(b3, "2024-04-05", "price")
    b4 = story.initiate(story.sudden("s2", "2024-04-02", "500.00", "bo"), "2024-04-15")
    story.decide(b4, "2024-04-20", "no_bid", "no fit")
    return story


def reporting_over(store: ReadModelStore, bus: LocalLogBus) -> ReportingParts:
    # Small batches, so documents are read back and changed across batches.
    sink = ProjectionSink(SERVICE, store)
    consumer = ConsumerLoop(bus, bus.reader(SERVICE, TOPICS), sink, batch_size=4)
    return ReportingParts(SERVICE, store, create_api(store), consumer)


async def figures(store: ReadModelStore) -> dict[str, Any]:
    docs = {kind: await store.all_docs(kind) for kind in KINDS}
    return {
        "docs": docs,
        "funnel": reports.funnel(docs),
        "funnel_by_channel": reports.funnel(docs, "cloud", "channel"),
        "win_rates": reports.win_rates(docs, by="owner"),
        "pnl": reports.pnl(docs),
        "receivables": reports.receivables(docs, date(2024, 4, 30)),
    }


async def test_reports_on_postgres_equal_sqlite_live_and_rebuilt(
    tmp_path: Path, pg_schema: tuple[Settings, str]
) -> None:
    story = tell_a_story()
    bus = LocalLogBus(tmp_path / "bus.sqlite")
    for topic, envelopes in story.by_topic().items():
        await bus.publish(topic, envelopes)
    on_sqlite = reporting_over(SqliteReadModel(tmp_path / "read.sqlite"), bus)
    on_postgres = reporting_over(postgres_store(pg_schema), bus)
    try:
        for parts in (on_sqlite, on_postgres):
            while await parts.consumer.step():
                pass
        live = await figures(on_postgres.store)
        revision = await on_postgres.store.revision()

        assert live == await figures(on_sqlite.store)
        assert live["receivables"].collected > 0
        assert len(live["pnl"].projects) == 3
        assert revision == len(story.envelopes)

        rebuilt = await rebuild(on_postgres)

        assert rebuilt.events == len(story.envelopes)
        assert await figures(on_postgres.store) == live
        assert await on_postgres.store.revision() == revision
    finally:
        await on_sqlite.store.close()
        await on_postgres.store.close()
        await bus.close()


def many_deals(count: int) -> Story:
    """Deals of every ending, enough of them that every partition has some."""
    story = Story()
    for n in range(count):
        lead = story.capture(f"m{n}", "2024-01-10", ("web", "partner")[n % 2])
        if n % 5 == 4:
            story.drop(lead, "2024-01-20", "no budget")
            continue
        bid = story.initiate(story.qualify(lead, "2024-01-20", "1000.00"), "2024-02-01")
        story.estimate(bid, "2024-02-05", f"{1100 + n}.00", "700.00")
        story.decide(bid, "2024-02-10", "bid", "fits")
        story.submit(bid, "2024-02-15", "1050.00")
        if n % 3 == 2:
            story.lose(bid, "2024-03-01", "price")
            continue
        contract = story.win(bid, "2024-03-01", "1050.00")
        story.budget(contract, "2024-03-05", "1050.00", "600.00")
        ledger = story.sign(contract, "2024-03-10", "1050.00")
        story.invoice(ledger, f"INV-{n}", "1050.00", "2024-03-15", "2024-04-14", False)
        story.pay(ledger, f"INV-{n}", f"{100 + n}.00", "2024-04-20")
        story.cost(ledger, "2024-03-20", "labour", "400.00")
    return story


async def kafka_state(parts: ReportingParts, topics: list[str]) -> dict[str, Any]:
    store = parts.store
    return {
        "figures": await figures(store),
        "positions": {
            (topic, number): await store.position(topic, number)
            for topic in topics
            for number in range(PARTITIONS)
        },
        "revision": await store.revision(),
    }


async def consume_until(parts: ReportingParts, revision: int) -> None:
    give_up = time.monotonic() + 60.0
    while await parts.store.revision() < revision:
        assert time.monotonic() < give_up, "the live consumer fell behind"
        await parts.consumer.step(0.5)


async def test_a_rebuild_in_worker_processes_leaves_what_one_process_and_live_left(
    pg_schema: tuple[Settings, str], kafka_servers: str
) -> None:
    story = many_deals(60)
    run = uuid.uuid4().hex[:12]
    topics = {topic: f"ltc.test-{run}.{topic[4:]}" for topic in TOPICS}
    bus = KafkaBus(kafka_servers, client_id=f"ltc-test-{run}")
    for topic, envelopes in story.by_topic().items():
        await bus.publish(topics[topic], envelopes)
    settings, schema = pg_schema
    store = postgres_store(pg_schema)
    group = f"ltc-test-{run}"
    consumer = ConsumerLoop(
        bus,
        bus.reader(group, list(topics.values())),
        ProjectionSink(group, store),
        batch_size=50,
    )
    source = RebuildSource(settings, schema, group, tuple(topics.values()))
    parts = ReportingParts(SERVICE, store, create_api(store), consumer, source)
    try:
        await consume_until(parts, len(story.envelopes))
        live = await kafka_state(parts, list(topics.values()))
        assert all(live["figures"]["docs"][kind] for kind in KINDS)
        assert len([p for p, at in live["positions"].items() if at]) == 15

        alone = await rebuild(parts, timeout=0.5, workers=1)
        assert (alone.events, alone.workers) == (len(story.envelopes), 1)
        assert await kafka_state(parts, list(topics.values())) == live

        shared = await rebuild(parts, timeout=0.5, workers=3)
        assert (shared.events, shared.workers) == (len(story.envelopes), 3)
        assert shared.cpu_seconds > 0
        assert await kafka_state(parts, list(topics.values())) == live

        # The live consumer carries on from where the workers stopped.
        later = Story()
        later.capture("after", "2024-06-01", "web")
        await bus.publish(topics["ltc.lead"], [e for _, e in later.envelopes])
        await consume_until(parts, len(story.envelopes) + 1)
        leads = await store.all_docs("lead")
        assert len(leads) == 61
        assert await store.revision() == len(story.envelopes) + 1
    finally:
        await store.close()
        await bus.close()


async def test_a_worker_that_fails_fails_the_rebuild(
    pg_schema: tuple[Settings, str], kafka_servers: str
) -> None:
    story = many_deals(5)
    run = uuid.uuid4().hex[:12]
    topic = f"ltc.test-{run}.lead"
    bus = KafkaBus(kafka_servers, client_id=f"ltc-test-{run}")
    await bus.publish(topic, [e for t, e in story.envelopes if t == "ltc.lead"])
    settings, _ = pg_schema
    store = postgres_store(pg_schema)
    group = f"ltc-test-{run}"
    consumer = ConsumerLoop(
        bus, bus.reader(group, [topic]), ProjectionSink(group, store), 50
    )
    # The workers look for a schema that is not there.
    source = RebuildSource(settings, f"missing_{run}", group, (topic,))
    parts = ReportingParts(SERVICE, store, create_api(store), consumer, source)
    try:
        with pytest.raises(RebuildWorkerFailed, match="missing_"):
            await rebuild(parts, timeout=0.5, workers=2)
    finally:
        await store.close()
        await bus.close()
