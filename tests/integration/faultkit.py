"""Servers and stage processes of the fault tests, on ports of their own.

Other suites and developers use the default ports of deploy/local, so the
fault tests run their own PostgreSQL, Kafka and six stage processes on a
block of free ports, with their data under `.local/fault/`. Every script and
process gets the same environment; the scripts of deploy/local do the work.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from aiokafka.admin import AIOKafkaAdminClient

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = REPO / "deploy" / "local"
STAGES = ("lead", "opportunity", "bid", "contract", "finance", "reporting")
HOST = "127.0.0.1"
DISTRIBUTED = {"LTC_MODE": "distributed"}
# Settings the stages could take from the caller's shell instead of ours.
INHERITED_OVERRIDES = (
    "LTC_FAULT",
    "LTC_MODE",
    "LTC_POSTGRES_HOST",
    "LTC_POSTGRES_PORT",
    "LTC_KAFKA_BOOTSTRAP_SERVERS",
)


class ServersUnavailable(RuntimeError):
    """PostgreSQL or Kafka could not be started here."""


def free_ports(count: int = 3 + len(STAGES)) -> int:
    """The first of `count` free ports in a row, below the range Linux hands
    to clients: a client retrying a stopped server could take its port."""
    for _ in range(100):
        first = random.randrange(20000, 32000)
        if all(_free(port) for port in range(first, first + count)):
            return first
    raise ServersUnavailable(f"no {count} free ports in a row on {HOST}")


@dataclass
class Cluster:
    """PostgreSQL, Kafka and the six stages of one fault-test run."""

    first_port: int = field(default_factory=free_ports)
    local: Path = REPO / ".local" / "fault"
    # Each test keeps the logs and pid files of its stages in a folder of its own.
    test: str = "setup"
    spawned: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def pg_port(self) -> int:
        return self.first_port

    @property
    def kafka_port(self) -> int:
        return self.first_port + 1

    @property
    def kafka_controller_port(self) -> int:
        return self.first_port + 2

    @property
    def port_base(self) -> int:
        """The first stage's port; the others follow in the order of STAGES."""
        return self.first_port + 3

    @property
    def bootstrap(self) -> str:
        return f"{HOST}:{self.kafka_port}"

    @property
    def services_dir(self) -> Path:
        return self.local / "services" / self.test

    def settings(self) -> dict[str, str]:
        """What the scripts, the stages and the demo client must agree on."""
        return {
            "PGPORT": str(self.pg_port),
            "PG_LOCAL_DIR": str(self.local / "pg"),
            "KAFKA_PORT": str(self.kafka_port),
            "KAFKA_CONTROLLER_PORT": str(self.kafka_controller_port),
            "KAFKA_LOCAL_DIR": str(self.local / "kafka"),
            "LTC_PORT_BASE": str(self.port_base),
            "LTC_SERVICES_DIR": str(self.services_dir),
            "POSTGRES_HOST": HOST,
            "POSTGRES_PORT": str(self.pg_port),
            "POSTGRES_USER": "ltc",
            "POSTGRES_PASSWORD": "ltc",
            "POSTGRES_DB": "ltc",
            "KAFKA_BOOTSTRAP_SERVERS": self.bootstrap,
        }

    def env(self, fault: str | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in INHERITED_OVERRIDES}
        env |= self.settings()
        if fault is not None:
            env["LTC_FAULT"] = fault
        return env

    def port(self, stage: str) -> int:
        return self.port_base + STAGES.index(stage)

    # The scripts of deploy/local

    def run(
        self, script: str, *args: str, check: bool = True, timeout: float = 180.0
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [str(SCRIPTS / f"{script}.sh"), *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and done.returncode != 0:
            raise RuntimeError(
                f"{script}.sh {' '.join(args)} exited {done.returncode}:\n"
                f"{done.stderr.strip()}"
            )
        return done

    def up(self) -> None:
        """Start both servers; say why not if they cannot start here."""
        self._stop_leftovers()
        try:
            # An earlier run's servers may still hold the data on other ports;
            # the broker also keeps its controller port in its storage.
            self.run("postgres", "reset")
            self.run("postgres", "up")
            self.run("kafka", "reset")
            self.run("kafka", "up", timeout=600.0)
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
            raise ServersUnavailable(str(error)) from error

    def down(self) -> None:
        asyncio.run(self.stop())
        self.run("kafka", "stop", check=False)
        self.run("postgres", "stop", check=False)

    def running(self, script: str) -> bool:
        return self.run(script, "status", check=False).returncode == 0

    def _stop_leftovers(self) -> None:
        """Stop the stages an interrupted earlier run left behind."""
        test = self.test
        for pid_file in (self.local / "services").glob("*/*.pid"):
            self.test = pid_file.parent.name
            self.run("services", "stop", check=False)
        self.test = test

    async def fresh(self, test: str) -> None:
        """No stage running, empty event stores and read model, no topics;
        the stages of `test` will log to a folder of their own."""
        await self.stop()
        self.test = test
        shutil.rmtree(self.services_dir, ignore_errors=True)
        self.services_dir.mkdir(parents=True)
        if not await asyncio.to_thread(self.running, "kafka"):
            await asyncio.to_thread(self.run, "kafka", "up")
        await self._delete_topics()
        await asyncio.to_thread(self.run, "postgres", "reset")
        await asyncio.to_thread(self.run, "postgres", "up")

    async def _delete_topics(self, patience: float = 30.0) -> None:
        admin = AIOKafkaAdminClient(bootstrap_servers=self.bootstrap)
        await admin.start()
        try:
            ours = [t for t in await admin.list_topics() if not t.startswith("__")]
            if ours:
                await admin.delete_topics(ours)
            until = time.monotonic() + patience
            while any(not t.startswith("__") for t in await admin.list_topics()):
                if time.monotonic() > until:
                    raise RuntimeError(f"topics {ours} still listed after deletion")
                await asyncio.sleep(0.1)
        finally:
            await admin.close()

    # Stage processes

    async def stop(self) -> None:
        """Stop every stage, all at once: services.sh waits for each in turn."""
        stopping = [
            asyncio.to_thread(self.run, "services", "stop", stage) for stage in STAGES
        ]
        await asyncio.gather(*stopping)
        self._reap()

    async def start(self, *stages: str) -> None:
        await asyncio.to_thread(self.run, "services", "start", *stages)

    async def start_faulty(self, stage: str, fault: str) -> subprocess.Popen[bytes]:
        """Start a stage as services.sh would, but as a child of this process,
        so that its exit code can be read."""
        with (self.services_dir / f"{stage}.log").open("ab") as log:
            child = subprocess.Popen(
                [
                    str(REPO / ".venv" / "bin" / "ltc"),
                    "service",
                    stage,
                    "--port",
                    str(self.port(stage)),
                ],
                env={"LTC_LOG_FORMAT": "json"} | self.env(fault) | DISTRIBUTED,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.spawned.append(child)
        (self.services_dir / f"{stage}.pid").write_text(f"{child.pid}\n")
        await self._until_ready(stage, child)
        return child

    async def _until_ready(
        self, stage: str, child: subprocess.Popen[bytes], patience: float = 60.0
    ) -> None:
        url = f"http://{HOST}:{self.port(stage)}/health/ready"
        until = time.monotonic() + patience
        async with httpx.AsyncClient(timeout=2.0) as client:
            while time.monotonic() < until:
                if child.poll() is not None:
                    raise RuntimeError(f"{stage} exited {child.returncode} at start")
                try:
                    if (await client.get(url)).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.3)
        raise RuntimeError(f"{stage} was not ready within {patience} s")

    async def kill(self, stage: str) -> int:
        """SIGKILL a stage with services.sh; return the pid it had."""
        pid = self.pid(stage)
        if pid is None:
            raise RuntimeError(f"{stage} is not running")
        await asyncio.to_thread(self.run, "services", "kill", stage)
        return pid

    def pid(self, stage: str) -> int | None:
        found = self.services_dir / f"{stage}.pid"
        return int(found.read_text()) if found.exists() else None

    def _reap(self) -> None:
        for child in self.spawned:
            if child.poll() is None:
                child.send_signal(signal.SIGKILL)
                child.wait()
        self.spawned.clear()

    # Whether the servers run

    def postmaster_pid(self) -> int | None:
        found = self.local / "pg" / "data" / "postmaster.pid"
        return int(found.read_text().split()[0]) if found.exists() else None

    def broker_pid(self) -> int | None:
        found = self.local / "kafka" / "kafka.pid"
        return int(found.read_text()) if found.exists() else None

    def broker_listening(self) -> bool:
        return _listening(self.kafka_port)


def process_alive(pid: int) -> bool:
    """Running; a killed process nobody reaped yet (a zombie) is not."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in {"Z", "X"}


def _free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def _listening(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=1.0) as probe:
            return bool(probe.getsockname() != probe.getpeername())
    except OSError:
        return False
