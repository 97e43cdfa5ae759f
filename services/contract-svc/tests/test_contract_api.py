"""contract-svc's HTTP API: every route's answers, and that a refused command
stores nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest

from ltc_shared.service import ServiceParts

WinBid = Callable[..., Awaitable[UUID]]

BUDGET = {
    "revenue": "120000.00",
    "cost": "90000.00",
    "currency": "USD",
    "occurred_on": "2024-03-05",
}
APPROVAL = {"approved": True, "decided_by": "sponsor.wang", "occurred_on": "2024-03-08"}
SIGNATURE = {
    "value": "118000.00",
    "currency": "USD",
    "payment_terms": {"days": 45},
    "signed_by": "ar.li",
    "occurred_on": "2024-03-12",
}
CLOSURE = {"occurred_on": "2024-12-20"}
STEPS = [
    ("budget", BUDGET),
    ("atc", APPROVAL),
    ("signature", SIGNATURE),
    ("closure", CLOSURE),
]


async def advance(client: httpx.AsyncClient, contract_id: UUID, steps: int) -> None:
    for path, body in STEPS[:steps]:
        answer = await client.post(f"/contracts/{contract_id}/{path}", json=body)
        assert answer.status_code == 200, answer.text


def stored(parts: ServiceParts) -> int:
    return parts.store.recorder.max_notification_id() or 0


async def test_a_won_bid_can_be_read_as_a_draft(
    client: httpx.AsyncClient, win_bid: WinBid
) -> None:
    contract_id = await win_bid(customer="Acme")

    answer = await client.get(f"/contracts/{contract_id}")

    assert answer.status_code == 200
    assert answer.headers["ETag"] == '"1"'
    view = answer.json()
    assert view["id"] == str(contract_id)
    assert view["status"] == "draft"
    assert view["value"] == "120000.00"
    assert view["customer"] == "Acme"
    assert view["budget"] is None
    assert view["trace"]["contract_id"] == str(contract_id)


async def test_an_unknown_contract_is_not_found(client: httpx.AsyncClient) -> None:
    answer = await client.get(f"/contracts/{uuid4()}")

    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"


async def test_a_contract_goes_from_draft_to_closed(
    client: httpx.AsyncClient, win_bid: WinBid
) -> None:
    contract_id = await win_bid()
    views = []
    for path, body in STEPS:
        answer = await client.post(f"/contracts/{contract_id}/{path}", json=body)
        assert answer.status_code == 200, answer.text
        views.append(answer.json())

    budgeted, approved, signed, closed = views
    assert budgeted["budget"]["margin"] == "30000.00"
    assert approved["status"] == "approved"
    assert approved["approved_by"] == "sponsor.wang"
    assert signed["status"] == "signed"
    assert signed["value"] == "118000.00"
    assert signed["award_value"] == "120000.00"
    assert signed["payment_terms"] == {"days": 45}
    assert closed["status"] == "closed"
    assert closed["closed_on"] == "2024-12-20"
    assert closed["version"] == 5
    assert answer.headers["ETag"] == '"5"'


async def test_a_decision_not_to_approve_asks_for_a_new_budget(
    client: httpx.AsyncClient, win_bid: WinBid
) -> None:
    contract_id = await win_bid()
    await advance(client, contract_id, 1)
    rejection = APPROVAL | {"approved": False, "reason": "payment terms too long"}

    answer = await client.post(f"/contracts/{contract_id}/atc", json=rejection)

    assert answer.status_code == 200
    assert answer.json()["status"] == "in_revision"
    assert answer.json()["revision_reason"] == "payment terms too long"
    again = await client.post(f"/contracts/{contract_id}/atc", json=APPROVAL)
    assert again.status_code == 409
    assert again.json()["rule"] == "atc-needs-budget"


@pytest.mark.parametrize(("path", "body"), STEPS)
async def test_commands_on_an_unknown_contract_are_not_found(
    client: httpx.AsyncClient, path: str, body: dict[str, Any]
) -> None:
    answer = await client.post(f"/contracts/{uuid4()}/{path}", json=body)

    assert answer.status_code == 404


@pytest.mark.parametrize(
    ("done", "path", "body", "rule"),
    [
        (3, "budget", BUDGET, "contract-in-negotiation"),
        (0, "atc", APPROVAL, "atc-needs-budget"),
        (1, "atc", APPROVAL | {"approved": False}, "atc-rejection-needs-reason"),
        (1, "signature", SIGNATURE, "atc-approval-required"),
        (2, "signature", SIGNATURE | {"currency": "EUR"}, "contract-currency"),
        (2, "closure", CLOSURE, "closure-needs-signature"),
        (4, "closure", CLOSURE, "contract-already-closed"),
        (
            2,
            "signature",
            SIGNATURE | {"occurred_on": "2024-03-01"},
            "business-dates-in-order",
        ),
    ],
)
async def test_a_refused_command_names_its_rule_and_stores_nothing(
    client: httpx.AsyncClient,
    parts: ServiceParts,
    win_bid: WinBid,
    done: int,
    path: str,
    body: dict[str, Any],
    rule: str,
) -> None:
    contract_id = await win_bid()
    await advance(client, contract_id, done)
    before = stored(parts)

    answer = await client.post(f"/contracts/{contract_id}/{path}", json=body)

    assert answer.status_code == 409
    assert answer.json()["rule"] == rule
    assert stored(parts) == before
    view = await client.get(f"/contracts/{contract_id}")
    assert view.json()["version"] == 1 + done


@pytest.mark.parametrize(("path", "body"), STEPS)
async def test_a_stale_version_is_refused(
    client: httpx.AsyncClient,
    parts: ServiceParts,
    win_bid: WinBid,
    path: str,
    body: dict[str, Any],
) -> None:
    contract_id = await win_bid()
    await advance(client, contract_id, STEPS.index((path, body)))
    before = stored(parts)

    answer = await client.post(
        f"/contracts/{contract_id}/{path}", json=body, headers={"If-Match": '"99"'}
    )

    assert answer.status_code == 412
    assert stored(parts) == before


async def test_the_current_version_is_accepted(
    client: httpx.AsyncClient, win_bid: WinBid
) -> None:
    contract_id = await win_bid()

    answer = await client.post(
        f"/contracts/{contract_id}/budget", json=BUDGET, headers={"If-Match": '"1"'}
    )

    assert answer.status_code == 200
    assert answer.headers["ETag"] == '"2"'


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("budget", BUDGET | {"cost": "-1"}, "cost"),
        ("budget", BUDGET | {"currency": "usd"}, "currency"),
        ("atc", {"decided_by": "x", "occurred_on": "2024-03-08"}, "approved"),
        ("signature", SIGNATURE | {"value": "0"}, "value"),
        ("signature", SIGNATURE | {"payment_terms": {"days": -3}}, "days"),
        ("closure", {}, "occurred_on"),
        ("closure", CLOSURE | {"approved_by": "x"}, "approved_by"),
    ],
)
async def test_an_invalid_body_names_the_field(
    client: httpx.AsyncClient,
    parts: ServiceParts,
    win_bid: WinBid,
    path: str,
    body: dict[str, Any],
    field: str,
) -> None:
    contract_id = await win_bid()
    before = stored(parts)

    answer = await client.post(f"/contracts/{contract_id}/{path}", json=body)

    assert answer.status_code == 422
    assert any(e["field"].endswith(field) for e in answer.json()["errors"])
    assert stored(parts) == before
