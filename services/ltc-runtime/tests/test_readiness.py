"""A stage whose pipeline stopped moving events says so on /health/ready and
/health/live, so that an orchestrator stops sending it traffic and restarts it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from ltc.gateway import embedded_app
from ltc.pipeline import Pipeline
from ltc_shared.settings import Settings


@asynccontextmanager
async def running(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    """The embedded app started as a server starts it, with its pipeline."""
    app = embedded_app(Settings(mode="embedded", data_dir=tmp_path))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://ltc"
        ) as client,
    ):
        await asyncio.sleep(0.05)  # let the pipeline's task begin
        yield client


async def test_every_stage_is_ready_while_its_pipeline_runs(tmp_path: Path) -> None:
    async with running(tmp_path) as client:
        for stage in ("lead", "finance", "reporting"):
            answer = await client.get(f"/{stage}/health/ready")
            assert answer.status_code == 200, answer.text
            assert answer.json()["checks"]["pipeline"] is True
            alive = await client.get(f"/{stage}/health/live")
            assert alive.status_code == 200, alive.text


async def test_a_stage_whose_pipeline_ended_is_not_ready(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(self: Pipeline, stop: asyncio.Event) -> None:
        raise RuntimeError("the store went away for good")

    monkeypatch.setattr(Pipeline, "run_forever", broken)
    async with running(tmp_path) as client:
        answer = await client.get("/lead/health/ready")
        assert answer.status_code == 503
        body = answer.json()
        assert body["status"] == "unavailable"
        assert body["checks"]["pipeline"] is False
        alive = await client.get("/lead/health/live")
        assert alive.status_code == 503
        assert alive.json()["checks"] == {"pipeline": False}
