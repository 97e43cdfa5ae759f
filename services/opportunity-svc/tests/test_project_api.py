"""The sales project's routes: answers, refusals, and that a refusal stores
nothing."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import httpx
import pytest

from ltc_shared.service import ServiceParts

ON = {"occurred_on": "2024-03-05"}
SPONSOR = {"X-Actor": "sofia", "X-Actor-Role": "sponsor", "X-Actor-Level": "3"}
APPROVAL = {
    "approved": True,
    "sponsor": "sofia",
    "iron_triangle": {"ar": "Ana", "sr": "Sam", "fr": "Fei"},
} | ON
BEFORE_ATI: dict[str, dict[str, Any]] = {
    "verification": {
        "strategy_fit": "high",
        "value": "a reference customer",
        "capability_gaps": ["5G core"],
        "first_risks": ["late tender"],
        "resources": ["Ana", "Sam"],
    }
    | ON,
    "project-type": {
        "customer_type": "government",
        "scale": "major",
        "offering": "solution",
    }
    | ON,
    "risks": {
        "title": "late tender",
        "probability": "high",
        "impact": "medium",
        "owner": "Ana",
    }
    | ON,
}
AFTER_ATI: dict[str, dict[str, Any]] = {
    "team": {"members": [{"name": "Pat", "role": "pm"}], "project_manager": "Pat"} | ON,
    "guidance": {"aspect": "pain_points", "content": "slow provisioning"} | ON,
    "meetings": {"kind": "kick_off", "held_on": "2024-03-05", "attendees": ["Ana"]},
}
INVALID = [
    ("verification", {"strategy_fit": "perfect"}, "body.strategy_fit"),
    ("project-type", {"scale": "huge"}, "body.scale"),
    ("risks", {"impact": "severe"}, "body.impact"),
    ("team", {"members": []}, "body.members"),
    ("guidance", {"aspect": "gossip"}, "body.aspect"),
    ("meetings", {"kind": "party"}, "body.kind"),
]


async def post(
    client: httpx.AsyncClient, path: str, body: dict[str, Any], **headers: str
) -> httpx.Response:
    return await client.post(path, json=body, headers=SPONSOR | headers)


@pytest.fixture
async def initiated(client: httpx.AsyncClient, opened: str) -> str:
    await post(client, f"{opened}/initiation-request", {"requested_by": "Ana"} | ON)
    answer = await post(client, f"{opened}/ati", APPROVAL)
    assert answer.status_code == 200, answer.text
    return opened


@pytest.mark.parametrize("route", BEFORE_ATI)
async def test_a_step_before_ati_answers_the_opportunity(
    client: httpx.AsyncClient, opened: str, route: str
) -> None:
    answer = await post(
        client, f"{opened}/{route}", BEFORE_ATI[route], **{"If-Match": '"1"'}
    )

    assert answer.status_code == 200, answer.text
    assert answer.headers["ETag"] == '"2"'


@pytest.mark.parametrize("route", AFTER_ATI)
async def test_a_step_after_ati_answers_the_project(
    client: httpx.AsyncClient, initiated: str, route: str
) -> None:
    answer = await post(client, f"{initiated}/{route}", AFTER_ATI[route])

    assert answer.status_code == 200, answer.text
    assert answer.json()["version"] == 4


@pytest.mark.parametrize("route", BEFORE_ATI | AFTER_ATI)
async def test_a_step_on_an_unknown_opportunity_is_not_found(
    client: httpx.AsyncClient, route: str
) -> None:
    body = (BEFORE_ATI | AFTER_ATI)[route]

    answer = await post(client, f"/opportunities/{uuid4()}/{route}", body)

    assert answer.status_code == 404


@pytest.mark.parametrize("route", AFTER_ATI)
async def test_a_step_after_ati_is_refused_before_it(
    client: httpx.AsyncClient, opened: str, parts: ServiceParts, route: str
) -> None:
    answer = await post(client, f"{opened}/{route}", AFTER_ATI[route])

    assert answer.status_code == 409
    assert answer.json()["rule"] == "project-must-be-initiated"
    assert (await client.get(opened)).headers["ETag"] == '"1"'
    assert parts.store.recorder.max_notification_id() == 1


@pytest.mark.parametrize(("route", "change", "field"), INVALID)
async def test_an_invalid_step_names_the_field(
    client: httpx.AsyncClient,
    opened: str,
    route: str,
    change: dict[str, Any],
    field: str,
) -> None:
    body = (BEFORE_ATI | AFTER_ATI)[route] | change

    answer = await post(client, f"{opened}/{route}", body)

    assert answer.status_code == 422
    assert field in [e["field"] for e in answer.json()["errors"]]


async def test_the_model_scores_the_evaluation_and_weights_the_value(
    client: httpx.AsyncClient, opened: str
) -> None:
    grades = {
        "brand_recognition": "approves",
        "customer_maturity": "long_term_partner",
        "competitor_share": "10_to_40",
        "price_competitiveness": "average",
    }
    body = {"expected_value": "100000.00", "success_factors": grades} | ON

    answer = await post(client, f"{opened}/evaluation", body)

    assert answer.status_code == 200, answer.text
    view = answer.json()
    assert view["win_probability"] == "0.7500"
    assert view["weighted_value"] == "75000.00"
    assert view["success_factors"] == grades


async def test_an_evaluation_grades_factors_from_the_model(
    client: httpx.AsyncClient, opened: str
) -> None:
    body = {"expected_value": "1", "success_factors": {"brand_recognition": "x"}}

    answer = await post(client, f"{opened}/evaluation", body | ON)

    assert answer.status_code == 422
    fields = [e["field"] for e in answer.json()["errors"]]
    assert "body.success_factors.brand_recognition" in fields


async def test_an_evaluation_without_a_probability_is_refused(
    client: httpx.AsyncClient, opened: str
) -> None:
    answer = await post(client, f"{opened}/evaluation", {"expected_value": "1"} | ON)

    assert answer.status_code == 409
    assert answer.json()["rule"] == "evaluation-needs-win-probability"


async def tiered(client: httpx.AsyncClient, opened: str) -> None:
    await post(client, f"{opened}/project-type", BEFORE_ATI["project-type"])
    await post(client, f"{opened}/initiation-request", {"requested_by": "Ana"} | ON)


@pytest.mark.parametrize(
    ("headers", "rule"),
    [
        ({"X-Actor-Role": "ar"}, "ati-role"),
        ({"X-Actor-Level": "2"}, "ati-level"),
    ],
)
async def test_ati_is_refused_to_the_wrong_decider(
    client: httpx.AsyncClient,
    opened: str,
    parts: ServiceParts,
    headers: dict[str, str],
    rule: str,
) -> None:
    await tiered(client, opened)
    await post(client, f"{opened}/verification", BEFORE_ATI["verification"])

    answer = await post(client, f"{opened}/ati", APPROVAL, **headers)

    assert answer.status_code == 403
    assert answer.json()["rule"] == rule
    assert (await client.get(opened)).headers["ETag"] == '"4"'
    assert parts.store.recorder.max_notification_id() == 4


async def test_ati_without_a_decider_is_refused(
    client: httpx.AsyncClient, opened: str
) -> None:
    await post(client, f"{opened}/initiation-request", {"requested_by": "Ana"} | ON)

    answer = await client.post(f"{opened}/ati", json=APPROVAL)

    assert answer.status_code == 403
    assert answer.json()["rule"] == "ati-needs-decider"


async def test_a_tiered_project_is_verified_before_ati(
    client: httpx.AsyncClient, opened: str
) -> None:
    await tiered(client, opened)

    refused = await post(client, f"{opened}/ati", APPROVAL)
    await post(client, f"{opened}/verification", BEFORE_ATI["verification"])
    approved = await post(client, f"{opened}/ati", APPROVAL)

    assert refused.status_code == 409
    assert refused.json()["rule"] == "ati-needs-verification"
    assert approved.status_code == 200, approved.text
    assert (approved.json()["tier"], approved.json()["decider"]["level"]) == (3, 3)


async def test_the_charter_follows_the_team(
    client: httpx.AsyncClient, initiated: str
) -> None:
    charter = {
        "preliminary_budget": "5000.00",
        "budget_use": "travel and demos",
        "communication": "project meetings",
        "communication_frequency": "weekly",
        "milestones": [{"name": "tender", "due_on": "2024-05-01"}],
        "first_risk_assessment": "medium",
        "bonus_plan": "by contribution",
        "goals": "win the tender",
        "success_criteria": "signed contract",
    } | ON

    early = await post(client, f"{initiated}/charter", charter)
    await post(client, f"{initiated}/team", AFTER_ATI["team"])
    issued = await post(client, f"{initiated}/charter", charter)
    invalid = await post(client, f"{initiated}/charter", charter | {"goals": ""})

    assert early.status_code == 409
    assert early.json()["rule"] == "charter-needs-team"
    assert issued.status_code == 200, issued.text
    assert issued.json()["charter"]["milestones"] == charter["milestones"]
    assert issued.json()["charter"]["team"] == [{"name": "Pat", "role": "pm"}]
    assert invalid.status_code == 422
    assert "body.goals" in [e["field"] for e in invalid.json()["errors"]]
    missing = await post(client, f"/opportunities/{uuid4()}/charter", charter)
    assert missing.status_code == 404


async def test_a_risk_is_updated_and_closed(
    client: httpx.AsyncClient, opened: str
) -> None:
    await post(client, f"{opened}/risks", BEFORE_ATI["risks"])

    updated = await post(client, f"{opened}/risks/R1", {"status": "mitigating"} | ON)
    closed = await post(client, f"{opened}/risks/R1/closure", ON)
    again = await post(client, f"{opened}/risks/R1/closure", ON)
    unknown = await post(client, f"{opened}/risks/R7", ON)
    invalid = await post(client, f"{opened}/risks/X1", ON)
    missing = await post(client, f"/opportunities/{uuid4()}/risks/R1/closure", ON)

    assert updated.status_code == 200, updated.text
    assert updated.json()["risks"][0]["status"] == "mitigating"
    assert closed.json()["risks"][0]["status"] == "closed"
    assert closed.json()["risk_register_version"] == 3
    assert (again.status_code, again.json()["rule"]) == (409, "risk-closed-once")
    assert (unknown.status_code, unknown.json()["rule"]) == (409, "risk-in-register")
    assert invalid.status_code == 422
    assert "path.risk_id" in [e["field"] for e in invalid.json()["errors"]]
    assert missing.status_code == 404
