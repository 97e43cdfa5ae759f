"""An oversized request body is refused with 413 problem details, whether
its size is announced or only found while reading, and nothing runs."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
from fastapi import APIRouter
from pydantic import BaseModel

from ltc_shared.web import create_app

LIMIT = 8 * 1024 * 1024


class Note(BaseModel):
    text: str


def app_and_calls() -> tuple[httpx.AsyncClient, list[str]]:
    calls: list[str] = []
    router = APIRouter()

    @router.post("/notes")
    async def take(note: Note) -> dict[str, int]:
        calls.append(note.text)
        return {"length": len(note.text)}

    app = create_app("notes", [router], description="notes")
    client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://notes"
    )
    return client, calls


def body(size: int) -> bytes:
    return b'{"text": "' + b"x" * (size - 12) + b'"}'


async def test_a_body_announced_too_large_is_refused_unread() -> None:
    client, calls = app_and_calls()
    answer = await client.post(
        "/notes", content=body(LIMIT + 1), headers={"content-type": "application/json"}
    )
    assert answer.status_code == 413
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["type"] == "/problems/body-too-large"
    assert calls == []


async def test_a_streamed_body_is_refused_once_it_passes_the_limit() -> None:
    client, calls = app_and_calls()
    chunk = b"x" * (1024 * 1024)

    async def stream() -> AsyncIterator[bytes]:
        yield b'{"text": "'
        for _ in range(9):
            yield chunk
        yield b'"}'

    answer = await client.post(
        "/notes", content=stream(), headers={"content-type": "application/json"}
    )
    assert answer.status_code == 413, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert calls == []


async def test_a_body_within_the_limit_is_taken() -> None:
    client, calls = app_and_calls()
    answer = await client.post(
        "/notes", content=body(LIMIT), headers={"content-type": "application/json"}
    )
    assert answer.status_code == 200, answer.text
    assert len(calls) == 1
