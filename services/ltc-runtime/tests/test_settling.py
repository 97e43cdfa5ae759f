"""Waiting for a distributed system to settle survives a stage that cannot
answer for a while, and never mistakes an unknown lag for caught up."""

from __future__ import annotations

import httpx
import pytest

from ltc.demo.run import _until_caught_up


def lag(total: int | None) -> httpx.Response:
    return httpx.Response(200, json={"relay": 0, "consumers": {}, "total": total})


async def test_a_failing_or_unsure_stage_delays_settling_until_it_is_quiet() -> None:
    answers = iter(
        [
            httpx.Response(500, json={"title": "broker restarting"}),
            lag(None),
            lag(0),
            lag(0),
        ]
    )
    seen: list[int] = []

    def counted(request: httpx.Request) -> httpx.Response:
        seen.append(1)
        return next(answers)

    client = httpx.AsyncClient(
        transport=httpx.MockTransport(counted), base_url="http://stage"
    )
    await _until_caught_up({"lead": client}, deadline_seconds=30)
    assert len(seen) == 4


async def test_a_stage_that_never_answers_ends_the_wait_at_the_deadline() -> None:
    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    client = httpx.AsyncClient(
        transport=httpx.MockTransport(refused), base_url="http://stage"
    )
    with pytest.raises(TimeoutError, match="ConnectError"):
        await _until_caught_up({"lead": client}, deadline_seconds=1.2)
