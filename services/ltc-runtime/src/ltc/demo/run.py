"""Runs the demo: replay through the APIs, wait for the read models, report.

Embedded, every stage runs in this process on SQLite; distributed, the
stages are the processes `make up` started, reached over HTTP on loopback.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from ltc.bootstrap import build_system, ports
from ltc.demo import datasets
from ltc.demo.plan import Plan, plan_ibm, plan_maven, plan_olist
from ltc.demo.replay import Outcome, replay
from ltc.demo.report import fetch_reports
from ltc_shared.settings import Settings


@dataclass
class DemoResult:
    plan: Plan
    outcome: Outcome
    replay_seconds: float
    settle_seconds: float
    reports: dict[str, Any]


def build_plan(data: Path, sample: int | None = None) -> Plan:
    """The whole data sets, or the first `sample` rows of each."""
    plan = Plan()
    leads, deals = datasets.olist(data)
    leads = leads[:sample]
    kept = {lead.mql_id for lead in leads}
    plan_olist(plan, leads, [deal for deal in deals if deal.mql_id in kept])
    pipeline = datasets.maven(data)
    if sample is not None:
        del pipeline.deals[sample:]
    plan_maven(plan, pipeline)
    plan_ibm(plan, datasets.ibm(data)[:sample])
    return plan


async def _drive(
    plan: Plan,
    clients: dict[str, httpx.AsyncClient],
    settle: Callable[[], Awaitable[None]],
) -> DemoResult:
    clients["closure"] = clients["contract"]
    started = time.perf_counter()
    outcome = await replay(plan, clients)
    replayed = time.perf_counter()
    await settle()
    settled = time.perf_counter()
    reports = await fetch_reports(clients["reporting"], plan.as_of["ibm"])
    return DemoResult(plan, outcome, replayed - started, settled - replayed, reports)


async def run_demo(data: Path, work: Path, sample: int | None = None) -> DemoResult:
    """The embedded default: fresh stores under `work`, no server."""
    shutil.rmtree(work, ignore_errors=True)
    system = build_system(Settings(mode="embedded", data_dir=work))
    apps = {name: parts.api for name, parts in system.services.items()}
    if system.reporting is not None:
        apps["reporting"] = system.reporting.api
    clients = {
        name: httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url=f"http://{name}",
            timeout=60,
        )
        for name, app in apps.items()
    }
    stop = asyncio.Event()
    moving = asyncio.create_task(system.pipeline.run_forever(stop))

    async def settle() -> None:
        stop.set()
        await moving
        await system.pipeline.settle()

    try:
        return await _drive(build_plan(data, sample), clients, settle)
    finally:
        stop.set()
        for client in clients.values():
            await client.aclose()
        await system.close()


async def _until_caught_up(
    clients: dict[str, httpx.AsyncClient], deadline_seconds: float = 300.0
) -> None:
    """Wait until no stage has anything left to relay or consume, twice in a
    row. A stage that cannot answer (restarting, or its broker is) counts as
    not caught up; only the deadline ends the wait without that."""
    until = time.monotonic() + deadline_seconds
    quiet = 0
    last_trouble = "none"
    while quiet < 2:
        if time.monotonic() > until:
            raise TimeoutError(
                "the stages were still moving events at the deadline"
                f" (last trouble: {last_trouble})"
            )
        totals: list[int | None] = []
        for name, client in clients.items():
            try:
                response = await client.get("/health/lag")
                response.raise_for_status()
                totals.append(response.json()["total"])
            except httpx.HTTPError as error:
                last_trouble = f"{name}: {error!r}"
                totals.append(None)
        quiet = quiet + 1 if all(total == 0 for total in totals) else 0
        await asyncio.sleep(0.5)


async def run_demo_remote(
    data: Path, host: str = "127.0.0.1", sample: int | None = None
) -> DemoResult:
    """Distributed: the stages `make up` runs, each on its own port."""
    clients = {
        name: httpx.AsyncClient(base_url=f"http://{host}:{port}", timeout=120)
        for name, port in ports(Settings()).items()
    }
    try:
        return await _drive(
            build_plan(data, sample), clients, lambda: _until_caught_up(clients)
        )
    finally:
        for client in clients.values():
            await client.aclose()
