"""What integration tests need of the loopback PostgreSQL: event stores in
schemas of their own; and whether a missing server fails the run (CI) or
skips its tests (a laptop without the servers)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import TypeVar

import psycopg
import pytest

from ltc_shared.eventstore import ServiceApplication
from ltc_shared.settings import Settings

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
S = TypeVar("S", bound=ServiceApplication)


def integration_required() -> bool:
    flag = os.environ.get("LTC_REQUIRE_INTEGRATION", "")
    return flag.strip().lower() not in {"", "0", "false", "no"}


def _admin(settings: Settings, statement: str) -> None:
    with psycopg.connect(
        host=settings.postgres_host,
        port=settings.postgres_port,
        user=settings.postgres_user,
        password=settings.postgres_password.get_secret_value(),
        dbname=settings.postgres_db,
        autocommit=True,
        connect_timeout=5,
    ) as connection:
        connection.execute(statement)


def store_in_fresh_schema(kind: type[S], service: str) -> Iterator[S]:
    """An event store of `service` on the loopback PostgreSQL, in a schema of
    its own that is dropped afterwards; for a fixture to `yield from`."""
    settings = Settings(mode="distributed")
    if settings.postgres_host not in LOOPBACK:
        pytest.fail(f"integration tests only use a loopback PostgreSQL, not {settings}")
    schema = f"{service}_test_{uuid.uuid4().hex[:12]}"
    try:
        _admin(settings, f'CREATE SCHEMA "{schema}"')
    except psycopg.OperationalError as error:
        if integration_required():
            pytest.fail(f"no PostgreSQL: {error}; LTC_REQUIRE_INTEGRATION is set")
        pytest.skip(f"no PostgreSQL: {error}")
    opened = kind(env=settings.event_store_env(service) | {"POSTGRES_SCHEMA": schema})
    yield opened
    opened.close()
    _admin(settings, f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
