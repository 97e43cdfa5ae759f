"""What every service's HTTP API shares: the app factory, probes, versions."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Generic, TypeVar
from uuid import uuid4

import structlog
from fastapi import APIRouter, Depends, FastAPI, Header, Request, Response
from pydantic import BaseModel, Field
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ltc_shared.problems import install_problem_handlers, too_large

log = structlog.get_logger()
CORRELATION_HEADER = "X-Correlation-ID"
CORRELATION_KEY = CORRELATION_HEADER.lower().encode()
ReadinessCheck = Callable[[], Awaitable[bool]]


def add_check(
    app: FastAPI, name: str, check: ReadinessCheck, *, live: bool = False
) -> None:
    """Make `/health/ready` also ask `check`, from now on; and `/health/live`
    too if `live`: a failing liveness check is one a restart would cure."""
    for probe in ("readiness", "liveness") if live else ("readiness",):
        if not hasattr(app.state, probe):
            setattr(app.state, probe, {})
        getattr(app.state, probe)[name] = check


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    offset: int
    limit: int


async def expected_version(
    if_match: Annotated[
        str | None,
        Header(
            description="The version the client last saw (the ETag); "
            "the command is refused with 412 if the resource moved on."
        ),
    ] = None,
) -> int | None:
    if if_match is None or if_match.strip() == "*":
        return None
    try:
        return int(if_match.strip().strip("W/").strip('"'))
    except ValueError:
        return -1


ExpectedVersion = Annotated[int | None, Depends(expected_version)]


def set_version(response: Response, version: int) -> None:
    response.headers["ETag"] = f'"{version}"'


class Health(BaseModel):
    status: str
    service: str
    checks: dict[str, bool] = Field(default_factory=dict)


MAX_BODY_BYTES = 8 * 1024 * 1024
"""Far above a batch of 1,000 commands; a larger body is refused unread."""


class _TooLarge(HTTPException):
    """Raised while the body is read: FastAPI passes an HTTPException on to
    the problem handlers, where any other error would become a 400."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            413,
            f"a request body is at most {limit:,} bytes; "
            "send large work as several batches",
        )


class BodyLimit:
    """Refuses a request body beyond `limit` bytes with 413 problem details:
    at once when its Content-Length says so, else as soon as the bytes read
    pass the limit, so an oversized body never fills the server's memory."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = Headers(scope=scope).get("content-length", "")
        if length.isdigit() and int(length) > self.limit:
            await too_large(scope["path"], self.limit)(scope, receive, send)
            return
        read = 0
        answered = False

        async def counted() -> Message:
            nonlocal read
            message = await receive()
            if message["type"] == "http.request":
                read += len(message.get("body", b""))
                if read > self.limit:
                    raise _TooLarge(self.limit)
            return message

        async def watched(message: Message) -> None:
            nonlocal answered
            answered = answered or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if answered:
                raise
            await too_large(scope["path"], self.limit)(scope, receive, send)


class Correlation:
    """Names each request by the caller's correlation id, or a new one, in
    every log line it causes and in the answer's header.

    Plain ASGI rather than `BaseHTTPMiddleware`, which runs every request
    through an extra task and memory stream.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = Headers(scope=scope).get(CORRELATION_HEADER)
        correlation = given or uuid4().hex
        header = (CORRELATION_KEY, correlation.encode("latin-1"))

        async def send_named(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", ()), header]
                message = {**message, "headers": headers}
            await send(message)

        bound = structlog.contextvars.bind_contextvars(correlation_id=correlation)
        started = time.perf_counter()
        try:
            await self.app(scope, receive, send_named)
        finally:
            structlog.contextvars.reset_contextvars(**bound)
        elapsed_ms = round((time.perf_counter() - started) * 1000, 2)
        log.debug("http.served", path=scope["path"], ms=elapsed_ms)


def create_app(
    service: str,
    routers: list[APIRouter],
    *,
    description: str,
    readiness: dict[str, ReadinessCheck] | None = None,
    lifespan: Any = None,
) -> FastAPI:
    app = FastAPI(
        title=f"{service}",
        description=description,
        version="0.1.0",
        lifespan=lifespan,
    )
    install_problem_handlers(app)
    for router in routers:
        app.include_router(router)
    app.include_router(_probes(service, readiness or {}))

    app.add_middleware(BodyLimit)
    app.add_middleware(Correlation)
    return app


def _probes(service: str, readiness: dict[str, ReadinessCheck]) -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/health/live", response_model=Health)
    async def live(request: Request, response: Response) -> Health:
        later: dict[str, ReadinessCheck] = getattr(request.app.state, "liveness", {})
        if not later:
            return Health(status="ok", service=service)
        checks = {name: await check() for name, check in later.items()}
        ok = all(checks.values())
        response.status_code = 200 if ok else 503
        return Health(
            status="ok" if ok else "unavailable", service=service, checks=checks
        )

    @router.get("/health/ready", response_model=Health)
    async def ready(request: Request, response: Response) -> Health:
        # Checks known when the app is built, and those its runner adds
        # later (the pipeline it starts) under `app.state.readiness`.
        later: dict[str, ReadinessCheck] = getattr(request.app.state, "readiness", {})
        checks = {name: await check() for name, check in (readiness | later).items()}
        ok = all(checks.values())
        response.status_code = 200 if ok else 503
        return Health(
            status="ok" if ok else "unavailable", service=service, checks=checks
        )

    return router
