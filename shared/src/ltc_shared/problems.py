"""RFC 9457 problem details: the one place errors become HTTP responses."""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from ltc_shared.errors import DomainError

log = structlog.get_logger()
MEDIA_TYPE = "application/problem+json"


class FieldProblem(BaseModel):
    field: str
    reason: str


class Problem(BaseModel):
    type: str
    title: str
    status: int
    detail: str
    instance: str
    rule: str | None = None
    errors: list[FieldProblem] = []


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the errors a route can answer with."""
    return {
        status: {"model": Problem, "content": {MEDIA_TYPE: {}}} for status in statuses
    }


def _render(problem: Problem) -> JSONResponse:
    return JSONResponse(
        problem.model_dump(exclude_none=True), problem.status, media_type=MEDIA_TYPE
    )


async def _domain_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    log.info(
        "http.refused",
        path=request.url.path,
        status=error.status,
        rule=error.rule,
        reason=error.detail,
    )
    return _render(
        Problem(
            type=f"/problems/{error.rule or type(error).__name__.lower()}",
            title=error.title,
            status=error.status,
            detail=error.detail,
            instance=request.url.path,
            rule=error.rule,
        )
    )


def _field_name(location: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in location)


async def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = [
        FieldProblem(field=_field_name(tuple(item["loc"])), reason=item["msg"])
        for item in error.errors()
    ]
    names = ", ".join(p.field for p in problems)
    return _render(
        Problem(
            type="/problems/invalid-request",
            title="Invalid request",
            status=422,
            detail=f"invalid fields: {names}",
            instance=request.url.path,
            errors=problems,
        )
    )


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    return _render(
        Problem(
            type="about:blank",
            title=str(error.detail),
            status=error.status_code,
            detail=str(error.detail),
            instance=request.url.path,
        )
    )


def too_large(path: str, limit: int) -> JSONResponse:
    """413 for a request body beyond `limit` bytes, refused before it is read."""
    return _render(
        Problem(
            type="/problems/body-too-large",
            title="Request body too large",
            status=413,
            detail=f"a request body is at most {limit:,} bytes; "
            "send large work as several batches",
            instance=path,
        )
    )


async def _unexpected(request: Request, error: Exception) -> JSONResponse:
    log.exception("http.failed", path=request.url.path, error=repr(error))
    return _render(
        Problem(
            type="/problems/internal-error",
            title="Internal error",
            status=500,
            detail="the request failed unexpectedly; nothing it asked for was stored",
            instance=request.url.path,
        )
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Exception, _unexpected)
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
