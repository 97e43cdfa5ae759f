"""contract-svc's negotiation routes, the authority of its decisions, and the
evaluation: success, 404, 409 with the rule, 403, 422, each refusal storing
nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest

from ltc_shared.service import ServiceParts

WinBid = Callable[..., Awaitable[UUID]]
Step = tuple[str, dict[str, Any]]

STRATEGY = {
    "strategy": "lead on value",
    "plan": "two rounds",
    "occurred_on": "2024-03-02",
}
TEAM = {
    "members": [{"name": "ar.li", "role": "ar"}, {"name": "sr.wu", "role": "sr"}],
    "occurred_on": "2024-03-02",
}
GRANT = {
    "min_price": "110000.00",
    "max_discount_share": "0.1",
    "terms_allowed": ["net30"],
    "granted_by": "cfo",
    "occurred_on": "2024-03-03",
}
REVISION = {"value": "115000.00", "terms": ["net30"], "occurred_on": "2024-03-04"}
REVIEW = {
    "reviewer": "legal",
    "opinions": ["cap liability"],
    "verdict": "pass_with_opinions",
    "occurred_on": "2024-03-04",
}
LOSS = {"reason": "price", "analysis": "a rival cut 20 %", "occurred_on": "2024-03-06"}
BUDGET = {
    "revenue": "120000.00",
    "cost": "90000.00",
    "currency": "USD",
    "occurred_on": "2024-03-05",
}
ATC = {"approved": True, "occurred_on": "2024-03-08"}
SIGNATURE = {
    "value": "115000.00",
    "currency": "USD",
    "payment_terms": {"days": 45},
    "signed_by": "ar.li",
    "occurred_on": "2024-03-12",
}
CLOSURE = {"occurred_on": "2024-12-20"}
EVALUATION = {"score": 4, "lessons": ["hand over sooner"], "occurred_on": "2024-12-28"}
SIGNED: list[Step] = [("budget", BUDGET), ("atc", ATC), ("signature", SIGNATURE)]
CLOSED: list[Step] = [*SIGNED, ("closure", CLOSURE)]

ROUTES: list[tuple[list[Step], str, dict[str, Any], str, Any]] = [
    ([], "negotiation-strategy", STRATEGY, "strategy", "lead on value"),
    ([], "negotiation-team", TEAM, "team", TEAM["members"]),
    ([], "authorization", GRANT, "authorization", None),
    ([("authorization", GRANT)], "revisions", REVISION, "revision", None),
    ([], "reviews", REVIEW, "review", None),
    ([], "loss", LOSS, "loss_reason", "price"),
    (CLOSED, "evaluation", EVALUATION, "status", "closed"),
]


async def given(
    client: httpx.AsyncClient, contract_id: UUID, steps: list[Step]
) -> None:
    for path, body in steps:
        answer = await client.post(f"/contracts/{contract_id}/{path}", json=body)
        assert answer.status_code == 200, answer.text


def stored(parts: ServiceParts) -> int:
    return parts.store.recorder.max_notification_id() or 0


@pytest.mark.parametrize(("steps", "path", "body", "key", "value"), ROUTES)
async def test_each_negotiation_route_records_its_step(
    client: httpx.AsyncClient,
    win_bid: WinBid,
    steps: list[Step],
    path: str,
    body: dict[str, Any],
    key: str,
    value: Any,
) -> None:
    contract_id = await win_bid()
    await given(client, contract_id, steps)

    answer = await client.post(f"/contracts/{contract_id}/{path}", json=body)

    assert answer.status_code == 200, answer.text
    view = answer.json()
    assert answer.headers["ETag"] == f'"{view["version"]}"'
    assert view["version"] == 2 + len(steps)
    found = view.get(key, view["negotiation"].get(key))
    assert found is not None
    if value is not None:
        assert found == value


async def test_the_view_shows_the_draft_the_budget_version_and_the_evaluation(
    client: httpx.AsyncClient, win_bid: WinBid
) -> None:
    contract_id = await win_bid()
    steps = [("authorization", GRANT), ("revisions", REVISION), *CLOSED]
    await given(client, contract_id, [*steps, ("evaluation", EVALUATION)])

    view = (await client.get(f"/contracts/{contract_id}")).json()

    assert view["negotiation"]["revision"]["number"] == 1
    assert view["negotiation"]["revision"]["value"] == "115000.00"
    assert view["budget"]["version"] == 1
    assert view["execution"]["evaluation"]["score"] == 4
    assert view["tier"] == 1


@pytest.mark.parametrize(("steps", "path", "body", "key", "value"), ROUTES)
async def test_negotiation_routes_on_an_unknown_contract_are_not_found(
    client: httpx.AsyncClient,
    steps: list[Step],
    path: str,
    body: dict[str, Any],
    key: str,
    value: Any,
) -> None:
    answer = await client.post(f"/contracts/{uuid4()}/{path}", json=body)

    assert answer.status_code == 404


@pytest.mark.parametrize(
    ("steps", "path", "body", "rule"),
    [
        ([("loss", LOSS)], "negotiation-strategy", STRATEGY, "contract-in-negotiation"),
        (
            [],
            "negotiation-team",
            {"members": [TEAM["members"][0]] * 2, "occurred_on": "2024-03-02"},
            "negotiation-team-members",
        ),
        (SIGNED, "authorization", GRANT, "contract-in-negotiation"),
        ([], "revisions", REVISION, "revision-needs-authorization"),
        (
            [("authorization", GRANT)],
            "revisions",
            REVISION | {"value": "100000.00"},
            "beyond-negotiation-authority",
        ),
        (
            [],
            "reviews",
            REVIEW | {"opinions": [], "verdict": "fail"},
            "review-needs-opinions",
        ),
        (SIGNED, "loss", LOSS, "lost-before-signature"),
        (SIGNED, "evaluation", EVALUATION, "evaluation-needs-closure"),
        (
            [("reviews", REVIEW | {"verdict": "fail"}), ("budget", BUDGET)],
            "atc",
            ATC,
            "atc-review-failed",
        ),
    ],
)
async def test_a_refused_negotiation_step_names_its_rule_and_stores_nothing(
    client: httpx.AsyncClient,
    parts: ServiceParts,
    win_bid: WinBid,
    steps: list[Step],
    path: str,
    body: dict[str, Any],
    rule: str,
) -> None:
    contract_id = await win_bid()
    await given(client, contract_id, steps)
    before = stored(parts)

    answer = await client.post(f"/contracts/{contract_id}/{path}", json=body)

    assert answer.status_code == 409
    assert answer.json()["rule"] == rule
    assert stored(parts) == before


@pytest.mark.parametrize(
    ("steps", "path", "body", "role", "level", "rule"),
    [
        ([("budget", BUDGET)], "atc", ATC, "ar", 4, "atc-role"),
        ([("budget", BUDGET)], "atc", ATC, "sponsor", 2, "atc-level"),
        (SIGNED[:2], "signature", SIGNATURE, "sr", 4, "signature-role"),
        (SIGNED, "closure", CLOSURE, "finance", 4, "atcc-role"),
        (SIGNED, "closure", CLOSURE, "sponsor", 1, "atcc-level"),
    ],
)
async def test_a_decision_without_authority_is_forbidden_and_stores_nothing(
    client: httpx.AsyncClient,
    parts: ServiceParts,
    win_bid: WinBid,
    steps: list[Step],
    path: str,
    body: dict[str, Any],
    role: str,
    level: int,
    rule: str,
) -> None:
    contract_id = await win_bid(tier=3)
    await given(client, contract_id, steps)
    before = stored(parts)
    caller = {"X-Actor": "someone", "X-Actor-Role": role, "X-Actor-Level": str(level)}

    answer = await client.post(
        f"/contracts/{contract_id}/{path}", json=body, headers=caller
    )

    assert answer.status_code == 403
    assert answer.json()["rule"] == rule
    assert stored(parts) == before


async def test_a_decider_named_in_the_body_is_replaced_by_the_caller(
    client: httpx.AsyncClient, win_bid: WinBid
) -> None:
    contract_id = await win_bid()
    await given(client, contract_id, [("budget", BUDGET)])
    claimed = {"id": "ceo", "role": "sponsor", "level": 4}

    answer = await client.post(
        f"/contracts/{contract_id}/atc", json=ATC | {"actor": claimed}
    )

    assert answer.status_code == 200
    assert answer.json()["approved_by"] == "sponsor.wang"


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("negotiation-strategy", STRATEGY | {"plan": ""}, "plan"),
        ("negotiation-team", {"members": [], "occurred_on": "2024-03-02"}, "members"),
        ("authorization", GRANT | {"max_discount_share": "1.5"}, "max_discount_share"),
        ("revisions", REVISION | {"value": "-1"}, "value"),
        ("reviews", REVIEW | {"verdict": "maybe"}, "verdict"),
        ("loss", {"reason": "price", "occurred_on": "2024-03-06"}, "analysis"),
        ("evaluation", EVALUATION | {"score": 9}, "score"),
        ("atc", ATC | {"actor": {"id": "x", "role": "king"}}, "role"),
    ],
)
async def test_an_invalid_negotiation_body_names_the_field(
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
