"""contract-svc's batch endpoint: many commands in order, refused ones store
nothing and are reported by their index."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID, uuid4

import httpx

from ltc_shared.service import ServiceParts

WinBid = Callable[..., Awaitable[UUID]]


def negotiation(contract_id: UUID) -> list[dict[str, Any]]:
    target = {"contract_id": str(contract_id)}
    return [
        {
            "type": "SetBudget",
            **target,
            "revenue": "120000.00",
            "cost": "80000.00",
            "currency": "USD",
            "occurred_on": "2024-03-04",
        },
        {
            "type": "DecideContract",
            **target,
            "approved": True,
            "decided_by": "sponsor.wang",
            "occurred_on": "2024-03-06",
        },
        {
            "type": "SignContract",
            **target,
            "value": "120000.00",
            "currency": "USD",
            "payment_terms": {"days": 30},
            "signed_by": "ar.li",
            "occurred_on": "2024-03-07",
        },
        {"type": "CloseContract", **target, "occurred_on": "2024-11-30"},
    ]


def stored(parts: ServiceParts) -> int:
    return parts.store.recorder.max_notification_id() or 0


async def test_a_batch_runs_every_contract_command_in_order(
    client: httpx.AsyncClient, parts: ServiceParts, win_bid: WinBid
) -> None:
    contract_id = await win_bid()

    answer = await client.post(
        "/contracts/batch", json={"commands": negotiation(contract_id)}
    )

    assert answer.status_code == 200
    body = answer.json()
    assert (body["accepted"], body["refused"]) == (4, 0)
    assert [r["version"] for r in body["results"]] == [2, 3, 4, 5]
    assert stored(parts) == 5
    view = await client.get(f"/contracts/{contract_id}")
    assert view.json()["status"] == "closed"


async def test_a_refused_item_stores_nothing_and_the_others_go_on(
    client: httpx.AsyncClient, parts: ServiceParts, win_bid: WinBid
) -> None:
    contract_id = await win_bid()
    budget, decision, signature, _ = negotiation(contract_id)

    answer = await client.post(
        "/contracts/batch", json={"commands": [signature, budget, decision]}
    )

    results = answer.json()["results"]
    assert [r["status"] for r in results] == [409, 200, 200]
    assert results[0]["problem"]["rule"] == "atc-approval-required"
    assert stored(parts) == 3
    view = await client.get(f"/contracts/{contract_id}")
    assert view.json()["status"] == "approved"


async def test_unknown_contracts_stale_versions_and_bad_items_are_reported(
    client: httpx.AsyncClient, parts: ServiceParts, win_bid: WinBid
) -> None:
    contract_id = await win_bid()
    budget = negotiation(contract_id)[0]
    before = stored(parts)

    answer = await client.post(
        "/contracts/batch",
        json={
            "commands": [
                budget | {"contract_id": str(uuid4())},
                budget | {"expected_version": 7},
                budget | {"type": "Renegotiate"},
                budget | {"revenue": "-5"},
            ]
        },
    )

    results = answer.json()["results"]
    assert [r["status"] for r in results] == [404, 412, 422, 422]
    assert results[2]["problem"]["errors"][0]["field"] == "commands.2.type"
    assert results[3]["problem"]["errors"][0]["field"] == "commands.3.revenue"
    assert stored(parts) == before


async def test_an_empty_batch_is_invalid(client: httpx.AsyncClient) -> None:
    answer = await client.post("/contracts/batch", json={"commands": []})

    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "body.commands"
