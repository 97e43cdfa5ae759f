"""What the benchmarks share: settings, fresh names, PostgreSQL, and stages
run as their own processes.

Everything is found through the settings (POSTGRES_*, KAFKA_BOOTSTRAP_SERVERS,
LTC_PORT_BASE), so `make bench` measures the servers it started; only
loopback addresses are accepted.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import httpx

from ltc.bootstrap import ports
from ltc_shared.settings import Settings

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / ".local" / "bench"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


class BenchError(RuntimeError):
    """The benchmark could not run as intended."""


def settings() -> Settings:
    found = Settings(mode="distributed")
    hosts = [found.postgres_host] + [
        address.rsplit(":", 1)[0]
        for address in found.kafka_bootstrap_servers.split(",")
    ]
    strangers = [host for host in hosts if host.strip() not in LOOPBACK]
    if strangers:
        raise BenchError(f"benchmarks only run against loopback, not {strangers}")
    return found


def run_id() -> str:
    """A short name no earlier run has used, for schemas, topics and refs."""
    return f"{int(time.time()) % 100_000_000:08d}{uuid.uuid4().hex[:4]}"


async def connect(config: Settings, **server: str) -> asyncpg.Connection:
    return await asyncpg.connect(
        host=config.postgres_host,
        port=config.postgres_port,
        user=config.postgres_user,
        password=config.postgres_password.get_secret_value(),
        database=config.postgres_db,
        server_settings=dict(server),
    )


async def create_schema(config: Settings, name: str) -> None:
    connection = await connect(config)
    try:
        await connection.execute(f'CREATE SCHEMA IF NOT EXISTS "{name}"')
    finally:
        await connection.close()


async def drop_schema(config: Settings, name: str) -> None:
    connection = await connect(config)
    try:
        await connection.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    finally:
        await connection.close()


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


class Stage:
    """One stage run as `ltc service NAME` in distributed mode, on its port."""

    def __init__(
        self, config: Settings, name: str, env: Mapping[str, str], log: Path
    ) -> None:
        self.name = name
        self.port = ports(config)[name]
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "LTC_MODE": "distributed", **env}
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        if self.process is None:
            raise BenchError(f"{self.name} is not running")
        return self.process.pid

    def cpu_seconds(self) -> float:
        """CPU time the stage's process has used so far, user and system."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    async def start(self, timeout: float = 60.0) -> None:
        ltc = Path(sys.executable).with_name("ltc")
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as out:
            command = [str(ltc), "service", self.name, "--port", str(self.port)]
            self.process = subprocess.Popen(
                command, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout
        async with httpx.AsyncClient(base_url=self.url, timeout=2.0) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    break
                try:
                    if (await client.get("/health/ready")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.2)
        await self.stop()
        raise BenchError(f"{self.name} did not become ready:\n{_tail(self.log)}")

    async def stop(self, timeout: float = 15.0) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while process.poll() is None and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        if process.poll() is None:
            process.kill()
            process.wait()


@asynccontextmanager
async def running(
    config: Settings, name: str, run: str, env: Mapping[str, str] | None = None
) -> AsyncIterator[Stage]:
    stage = Stage(config, name, env or {}, WORK / "logs" / f"{run}-{name}.log")
    await stage.start()
    try:
        yield stage
    finally:
        await stage.stop()


async def wait_caught_up(stage: Stage, timeout: float = 300.0) -> float:
    """Wait until the stage's relay and consumers have nothing left to move;
    return how long that took."""
    started = time.monotonic()
    async with httpx.AsyncClient(base_url=stage.url, timeout=10.0) as client:
        while time.monotonic() - started < timeout:
            lag = (await client.get("/health/lag")).json()
            if lag.get("total") == 0:
                return time.monotonic() - started
            await asyncio.sleep(0.1)
    raise BenchError(f"{stage.name} still had events to move after {timeout:.0f} s")
