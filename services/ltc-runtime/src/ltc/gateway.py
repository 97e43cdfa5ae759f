"""ASGI apps that run stages together with their pipeline in the background."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import structlog
from fastapi import FastAPI
from pydantic import BaseModel

from ltc.bootstrap import STAGES, System, build_system
from ltc_shared.consumer import ConsumerLoop
from ltc_shared.relay import Relay
from ltc_shared.settings import Settings
from ltc_shared.web import add_check

log = structlog.get_logger()

Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]


def _lifespan(system: System, apps: Iterable[FastAPI]) -> Lifespan:
    @asynccontextmanager
    async def run(_: FastAPI) -> AsyncIterator[None]:
        stop = asyncio.Event()
        moving = asyncio.create_task(system.pipeline.run_forever(stop))

        def ended(task: asyncio.Task[None]) -> None:
            if not stop.is_set():
                failure = None if task.cancelled() else task.exception()
                log.error("pipeline.ended", error=repr(failure))

        async def pipeline_running() -> bool:
            """Events still move on: the stage's relay and consumers run."""
            return not moving.done()

        moving.add_done_callback(ended)
        for api in apps:
            add_check(api, "pipeline", pipeline_running, live=True)
        try:
            yield
        finally:
            stop.set()
            # A pipeline that ended early was logged when it did; the stores
            # and clients are closed all the same.
            await asyncio.gather(moving, return_exceptions=True)
            await system.close()

    return run


class Lag(BaseModel):
    """Events not yet moved on: by the relay (stored, not yet published) and
    by each consumer (on the bus, not yet processed); null until started."""

    relay: int | None
    consumers: dict[str, int | None]
    total: int | None


async def _relay_lag(relay: Relay | None) -> int | None:
    """Stored events not yet published; None while the store cannot say."""
    if relay is None:
        return 0
    try:
        return await asyncio.to_thread(relay.lag)
    except Exception as error:  # noqa: BLE001 - any failure means "unknown"
        log.info("relay.lag_unknown", error=repr(error))
        return None


def _lag_route(
    api: FastAPI, relay: Relay | None, consumers: list[ConsumerLoop]
) -> None:
    @api.get("/health/lag", response_model=Lag, tags=["operations"])
    async def lag() -> Lag:
        relayed = await _relay_lag(relay)
        behind = {loop.sink.name: await loop.lag() for loop in consumers}
        counts = [relayed, *behind.values()]
        total = None if None in counts else sum(c for c in counts if c is not None)
        return Lag(relay=relayed, consumers=behind, total=total)


def _apps(system: System) -> dict[str, FastAPI]:
    apps = {name: parts.api for name, parts in system.services.items()}
    for parts in system.services.values():
        _lag_route(parts.api, parts.relay, parts.consumers)
    if system.reporting is not None:
        apps["reporting"] = system.reporting.api
        _lag_route(system.reporting.api, None, [system.reporting.consumer])
    return apps


def embedded_app(settings: Settings) -> FastAPI:
    """Every stage under its own prefix: /lead, /opportunity, ... /reporting."""
    system = build_system(settings, STAGES)
    apps = _apps(system)
    root = FastAPI(
        title="lead-to-cash (embedded)", lifespan=_lifespan(system, apps.values())
    )
    for name, api in apps.items():
        root.mount(f"/{name}", api)
    return root


def single_service_app(settings: Settings, name: str) -> FastAPI:
    system = build_system(settings, [name])
    (api,) = _apps(system).values()
    api.router.lifespan_context = _lifespan(system, [api])
    return api
