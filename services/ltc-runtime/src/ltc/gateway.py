"""ASGI apps that run stages together with their pipeline in the background."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from fastapi import FastAPI

from ltc.bootstrap import STAGES, System, build_system
from ltc_shared.settings import Settings

Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]


def _lifespan(system: System) -> Lifespan:
    @asynccontextmanager
    async def run(_: FastAPI) -> AsyncIterator[None]:
        stop = asyncio.Event()
        moving = asyncio.create_task(system.pipeline.run_forever(stop))
        try:
            yield
        finally:
            stop.set()
            await moving
            await system.close()

    return run


def _apps(system: System) -> dict[str, FastAPI]:
    apps = {name: parts.api for name, parts in system.services.items()}
    if system.reporting is not None:
        apps["reporting"] = system.reporting.api
    return apps


def embedded_app(settings: Settings) -> FastAPI:
    """Every stage under its own prefix: /lead, /opportunity, ... /reporting."""
    system = build_system(settings, STAGES)
    root = FastAPI(title="lead-to-cash (embedded)", lifespan=_lifespan(system))
    for name, api in _apps(system).items():
        root.mount(f"/{name}", api)
    return root


def single_service_app(settings: Settings, name: str) -> FastAPI:
    system = build_system(settings, [name])
    (api,) = _apps(system).values()
    api.router.lifespan_context = _lifespan(system)
    return api
