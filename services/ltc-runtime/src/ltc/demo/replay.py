"""Sends a plan's chains to the services' batch endpoints, stage by stage.

A command on an aggregate that a reaction has not created yet answers 404;
the chain is sent again a little later, as any client of an eventually
consistent system would. A chain refused for any other reason ends its row,
and the refusal is counted under the rule the service named.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import uuid4

import httpx
import structlog

from ltc.demo.plan import DEMO_SPONSOR, STAGE_ORDER, Chain, Plan

BATCH_COMMANDS = 1000
# A contract learns of its payments from finance's events: until they arrive
# its closure is refused for unpaid invoices, and is sent again later.
CATCHING_UP = frozenset({"atcc-invoice-unpaid"})
# The data sets name no deciders: the demo decides as the sponsor it names.
DECIDER = {"X-Actor": DEMO_SPONSOR, "X-Actor-Role": "sponsor", "X-Actor-Level": "4"}
RETRIES = 40
log = structlog.get_logger()
RESOURCE = {
    "lead": "/leads",
    "opportunity": "/opportunities",
    "bid": "/bids",
    "contract": "/contracts",
    "finance": "/ledgers",
    "closure": "/contracts",
}


@dataclass
class Outcome:
    commands: int = 0
    requests: int = 0
    retries: int = 0
    rejected: dict[str, Counter[str]] = field(default_factory=dict)
    rejected_rows: set[tuple[str, str]] = field(default_factory=set)

    def reject(self, chain: Chain, reason: str) -> None:
        self.rejected.setdefault(chain.source, Counter())[reason] += 1
        self.rejected_rows.add((chain.source, chain.row))


def _reason(result: dict[str, Any]) -> str:
    problem = result.get("problem") or {}
    rule = problem.get("rule") or problem.get("type", "unknown")
    return f"{result['status']} {rule}: {problem.get('detail', '')}"


def _not_yet(result: dict[str, Any]) -> bool:
    """The target has not caught up with an upstream stage yet: try later."""
    if result["status"] == 404:
        return True
    problem = result.get("problem") or {}
    return result["status"] == 409 and problem.get("rule") in CATCHING_UP


def _batches(chains: list[Chain]) -> list[list[Chain]]:
    batches: list[list[Chain]] = [[]]
    size = 0
    for chain in chains:
        if size + len(chain.commands) > BATCH_COMMANDS and batches[-1]:
            batches.append([])
            size = 0
        batches[-1].append(chain)
        size += len(chain.commands)
    return [batch for batch in batches if batch]


def _concurrent(response: httpx.Response) -> bool:
    """Nothing was stored: another writer changed an aggregate meanwhile."""
    return bool(response.json().get("rule") == "optimistic-concurrency")


async def _post_batch(
    client: httpx.AsyncClient, path: str, commands: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Post a batch until it is answered; a repeat under the same key runs
    nothing twice, so a batch whose answer was lost can be sent again."""
    key = {"Idempotency-Key": uuid4().hex, **DECIDER}
    pause = 0.5
    for _ in range(RETRIES):
        try:
            response = await client.post(path, json={"commands": commands}, headers=key)
        except httpx.TransportError as error:
            log.warning("replay.unanswered", path=path, error=repr(error))
        else:
            if response.status_code == 409 and _concurrent(response):
                log.info("replay.concurrent_update", path=path)
            elif response.status_code < 500:
                response.raise_for_status()
                results: list[dict[str, Any]] = response.json()["results"]
                return results
            log.warning("replay.failed", path=path, status=response.status_code)
        await asyncio.sleep(pause)
        pause = min(pause * 2, 5.0)
    raise RuntimeError(f"{path} did not answer after {RETRIES} tries")


async def _send(
    client: httpx.AsyncClient, stage: str, chains: list[Chain], outcome: Outcome
) -> list[Chain]:
    """Send one batch; return the chains whose target does not exist yet."""
    commands = [command for chain in chains for command in chain.commands]
    results = await _post_batch(client, f"{RESOURCE[stage]}/batch", commands)
    outcome.requests += 1
    waiting: list[Chain] = []
    cursor = 0
    for chain in chains:
        mine = results[cursor : cursor + len(chain.commands)]
        cursor += len(chain.commands)
        if _not_yet(mine[0]) and stage != STAGE_ORDER[0]:
            waiting.append(chain)
            continue
        outcome.commands += len(mine)
        refused = next((r for r in mine if r["status"] >= 400), None)
        if refused is not None:
            outcome.reject(chain, _reason(refused))
    return waiting


async def replay(
    plan: Plan,
    clients: Mapping[str, httpx.AsyncClient],
    *,
    patience_seconds: float = 120.0,
) -> Outcome:
    outcome = Outcome()
    for stage in STAGE_ORDER:
        pending = [
            chain
            for chain in plan.chains
            if chain.stage == stage
            and (chain.source, chain.row) not in outcome.rejected_rows
        ]
        deadline = time.monotonic() + patience_seconds
        pause = 0.2
        while pending:
            waiting: list[Chain] = []
            for batch in _batches(pending):
                waiting += await _send(clients[stage], stage, batch, outcome)
            if len(waiting) < len(pending):
                # Patience runs from the last progress, not from the start: a
                # loaded machine may take longer than that to send them all.
                deadline = time.monotonic() + patience_seconds
                pause = 0.2
            if waiting and time.monotonic() > deadline:
                for chain in waiting:
                    outcome.reject(chain, f"404 the {stage} never appeared")
                break
            if waiting:
                outcome.retries += len(waiting)
                await asyncio.sleep(pause)
                pause = min(pause * 2, 2.0)
            pending = waiting
    return outcome
