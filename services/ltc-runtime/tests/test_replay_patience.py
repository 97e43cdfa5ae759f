"""The replay waits for targets a reaction has not created yet: patience runs
from the last progress, and a target that never appears is counted."""

from __future__ import annotations

import json

import httpx

from ltc.demo.plan import Plan
from ltc.demo.replay import replay


def bids_appearing(after_calls: dict[str, int]) -> httpx.AsyncClient:
    """A bid stage where the bid named by each command exists from the given
    call on (never, if it is missing from `after_calls`)."""
    calls = 0

    def answer(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        assert request.url.path == "/bids/batch"
        commands = json.loads(request.content)["commands"]
        results = [
            {"status": 200}
            if calls >= after_calls.get(command["bid"], 10**9)
            else {"status": 404, "problem": {"type": "not-found"}}
            for command in commands
        ]
        return httpx.Response(200, json={"results": results})

    return httpx.AsyncClient(
        transport=httpx.MockTransport(answer), base_url="http://bid"
    )


def plan_of(*bids: str) -> Plan:
    plan = Plan()
    for bid in bids:
        plan.add("test", bid, "bid", {"bid": bid})
    return plan


async def test_targets_that_keep_appearing_are_waited_for_beyond_the_patience() -> None:
    # One bid appears per call, 0.2 s apart: 1.6 s in all, patience 1 s.
    bids = [f"b{call}" for call in range(2, 10)]
    client = bids_appearing({bid: int(bid[1:]) for bid in bids})
    outcome = await replay(plan_of(*bids), {"bid": client}, patience_seconds=1.0)
    assert outcome.rejected == {}
    assert outcome.requests == 9


async def test_a_target_that_never_appears_is_counted_as_rejected() -> None:
    client = bids_appearing({"b1": 1})
    outcome = await replay(
        plan_of("b1", "ghost"), {"bid": client}, patience_seconds=0.3
    )
    assert outcome.rejected == {"test": {"404 the bid never appeared": 1}}
    assert outcome.rejected_rows == {("test", "ghost")}
