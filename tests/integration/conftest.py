"""Fixtures for tests against the real Kafka broker of deploy/local.

The broker address comes from the settings only, and must be a loopback one.
Without a broker the tests are skipped, unless LTC_REQUIRE_INTEGRATION is set
(as in CI, which starts the broker): then they fail.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import AsyncIterator

import pytest

from integration.stores import LOOPBACK, integration_required
from ltc_shared.bus_kafka import KafkaBus
from ltc_shared.settings import Settings


def _hosts(servers: str) -> list[tuple[str, int]]:
    found = []
    for address in servers.split(","):
        host, _, port = address.strip().rpartition(":")
        found.append((host, int(port)))
    return found


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host.strip("[]"), port), timeout=2.0) as probe:
            # With nothing listening, a connect can land on its own ephemeral
            # port (the broker's port is in that range): that is no broker.
            return bool(probe.getsockname() != probe.getpeername())
    except OSError:
        return False


@pytest.fixture(scope="session")
def kafka_servers() -> str:
    servers = Settings().kafka_bootstrap_servers
    hosts = _hosts(servers)
    if any(host not in LOOPBACK for host, _ in hosts):
        pytest.fail(f"integration tests only use a loopback broker, not {servers}")
    if not any(_reachable(host, port) for host, port in hosts):
        reason = (
            f"no Kafka broker at {servers} (start it with deploy/local/kafka.sh up)"
        )
        if integration_required():
            pytest.fail(f"{reason}; LTC_REQUIRE_INTEGRATION is set")
        pytest.skip(reason)
    return servers


@pytest.fixture
async def bus(kafka_servers: str) -> AsyncIterator[KafkaBus]:
    bus = KafkaBus(kafka_servers, client_id=f"ltc-test-{uuid.uuid4().hex[:6]}")
    yield bus
    await bus.close()


@pytest.fixture
def topic() -> str:
    """A topic no earlier run has used."""
    return f"ltc.test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def group() -> str:
    return f"ltc-test-{uuid.uuid4().hex[:12]}"
