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


def whole_life(contract_id: UUID) -> list[dict[str, Any]]:
    """Every new step of a contract's life, as batch items."""
    target = {"contract_id": str(contract_id)}
    on = {"occurred_on": "2024-03-03"}
    later = {"occurred_on": "2024-04-01"}
    budget, decision, signature, closure = negotiation(contract_id)
    items: list[dict[str, Any]] = [
        {"type": "SetNegotiationStrategy", "strategy": "value", "plan": "2 rounds"}
        | on,
        {"type": "FormNegotiationTeam", "members": [{"name": "a", "role": "ar"}]} | on,
        {
            "type": "GrantAuthorization",
            "min_price": "100000.00",
            "max_discount_share": "0.2",
            "granted_by": "cfo",
        }
        | on,
        {"type": "ReviseContract", "value": "120000.00"} | on,
        {"type": "ReviewContract", "reviewer": "legal", "verdict": "pass"} | on,
        budget,
        decision,
        signature,
        {"type": "ReceivePurchaseOrder", "po_number": "P1", "value": "1.00"} | later,
        {"type": "ConfirmPurchaseOrder", "po_number": "P1"} | later,
        {
            "type": "PlanMilestone",
            "milestone_id": "M1",
            "name": "pilot",
            "due_on": "2024-05-01",
            "value": "1.00",
        }
        | later,
        {"type": "AcceptDelivery", "milestone_id": "M1"} | later,
        {
            "type": "RequestChange",
            "change_id": "C1",
            "value_delta": "1.00",
            "budget_revenue_delta": "0",
            "budget_cost_delta": "0",
            "scope": "more",
        }
        | later,
        {
            "type": "ReviewChange",
            "change_id": "C1",
            "reviewer": "pmo",
            "verdict": "accepted",
        }
        | later,
        {"type": "DecideChange", "change_id": "C1", "approved": True} | later,
        {"type": "SignChangeAgreement", "change_id": "C1", "customer_signatory": "cio"}
        | later,
        {"type": "OpenDispute", "dispute_id": "D1", "subject": "late"} | later,
        {"type": "CloseDispute", "dispute_id": "D1", "resolution": "ok"} | later,
        {
            "type": "ReportLead",
            "customer": "Acme",
            "need": "more",
            "channel": "referral",
            "business_unit": "cloud",
            "region": "EMEA",
            "product": "X",
        }
        | later,
        closure,
        {"type": "EvaluateContract", "score": 5, "occurred_on": "2024-12-01"},
    ]
    return [target | item for item in items]


async def test_a_batch_takes_every_step_acting_as_the_caller(
    client: httpx.AsyncClient, parts: ServiceParts, win_bid: WinBid
) -> None:
    contract_id = await win_bid()
    items = whole_life(contract_id)

    answer = await client.post("/contracts/batch", json={"commands": items})

    results = answer.json()["results"]
    assert [r["status"] for r in results] == [200] * len(items), results
    view = (await client.get(f"/contracts/{contract_id}")).json()
    assert view["status"] == "closed"
    assert view["execution"]["evaluation"]["score"] == 5
    assert view["approved_by"] == "sponsor.wang"


async def test_a_batch_records_the_handover_only_as_the_ar_or_fr(
    client: httpx.AsyncClient, parts: ServiceParts, win_bid: WinBid
) -> None:
    contract_id = await win_bid()
    signed = negotiation(contract_id)[:3]
    handover = {"type": "HoldHandover", "contract_id": str(contract_id),
                "attendees": ["fr"], "occurred_on": "2024-04-01"}  # fmt: skip
    await client.post("/contracts/batch", json={"commands": signed})
    before = stored(parts)

    as_sponsor = await client.post("/contracts/batch", json={"commands": [handover]})
    fr = {"X-Actor": "fr.chen", "X-Actor-Role": "fr"}
    as_fr = await client.post(
        "/contracts/batch", json={"commands": [handover]}, headers=fr
    )

    refused = as_sponsor.json()["results"][0]
    assert (refused["status"], refused["problem"]["rule"]) == (403, "handover-role")
    assert as_fr.json()["results"][0]["status"] == 200
    assert stored(parts) == before + 1


async def test_a_batch_decision_without_a_caller_is_forbidden(
    parts: ServiceParts, win_bid: WinBid
) -> None:
    contract_id = await win_bid()
    budget, decision, _, _ = negotiation(contract_id)
    transport = httpx.ASGITransport(app=parts.api)
    async with httpx.AsyncClient(transport=transport, base_url="http://c") as bare:
        answer = await bare.post(
            "/contracts/batch", json={"commands": [budget, decision]}
        )

    results = answer.json()["results"]
    assert [r["status"] for r in results] == [200, 403]
    assert results[1]["problem"]["rule"] == "atc-needs-decider"
    assert stored(parts) == 2
