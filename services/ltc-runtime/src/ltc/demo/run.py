"""Runs the demo on the embedded default: replay, settle, report."""

from __future__ import annotations

import asyncio
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from ltc.bootstrap import System, build_system
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


def build_plan(data: Path) -> Plan:
    plan = Plan()
    plan_olist(plan, *datasets.olist(data))
    plan_maven(plan, datasets.maven(data))
    plan_ibm(plan, datasets.ibm(data))
    return plan


def asgi_clients(system: System) -> dict[str, httpx.AsyncClient]:
    apps = {name: parts.api for name, parts in system.services.items()}
    apps["closure"] = apps["contract"]
    if system.reporting is not None:
        apps["reporting"] = system.reporting.api
    return {
        name: httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url=f"http://{name}",
            timeout=60,
        )
        for name, app in apps.items()
    }


async def run_demo(data: Path, work: Path) -> DemoResult:
    shutil.rmtree(work, ignore_errors=True)
    system = build_system(Settings(mode="embedded", data_dir=work))
    clients = asgi_clients(system)
    plan = build_plan(data)
    stop = asyncio.Event()
    moving = asyncio.create_task(system.pipeline.run_forever(stop))
    try:
        started = time.perf_counter()
        outcome = await replay(plan, clients)
        replayed = time.perf_counter()
        stop.set()
        await moving
        await system.pipeline.settle()
        settled = time.perf_counter()
        reports = await fetch_reports(clients["reporting"], plan.as_of["ibm"])
    finally:
        stop.set()
        for client in clients.values():
            await client.aclose()
        await system.close()
    return DemoResult(plan, outcome, replayed - started, settled - replayed, reports)
