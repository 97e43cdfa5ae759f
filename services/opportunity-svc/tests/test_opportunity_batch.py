"""The batch endpoint: many commands in order, refused ones store nothing."""

from __future__ import annotations

from typing import Any

import httpx

from ltc_shared.ids import natural_id
from ltc_shared.service import ServiceParts

ON = {"occurred_on": "2024-03-05"}
SPONSOR = {"X-Actor": "sofia", "X-Actor-Role": "sponsor", "X-Actor-Level": "1"}


def pipeline(open_body: dict[str, Any]) -> list[dict[str, Any]]:
    target = {"opportunity_id": str(natural_id("opportunity", "crm-0001"))}
    return [
        {"type": "OpenOpportunity"} | open_body,
        {"type": "EvaluateOpportunity", "win_probability": "0.7"}
        | {"expected_value": "130000.00", "notes": "strong fit"}
        | target
        | ON,
        {"type": "RequestInitiation", "requested_by": "Ana"} | target | ON,
        {"type": "DecideInitiation", "approved": True, "decided_by": "sofia"}
        | {"sponsor": "sofia", "iron_triangle": {"ar": "A", "sr": "S", "fr": "F"}}
        | target
        | ON,
    ]


async def test_a_batch_runs_every_command_in_order(
    client: httpx.AsyncClient, open_body: dict[str, Any]
) -> None:
    answer = await client.post(
        "/opportunities/batch",
        json={"commands": pipeline(open_body)},
        headers=SPONSOR,
    )

    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert (result["accepted"], result["refused"]) == (4, 0)
    assert [r["status"] for r in result["results"]] == [201, 200, 200, 200]
    assert [r["version"] for r in result["results"]] == [1, 2, 3, 4]
    view = (await client.get(f"/opportunities/{result['results'][0]['id']}")).json()
    assert (view["status"], view["expected_value"]) == ("initiated", "130000.00")


async def test_a_refused_item_stores_nothing_and_the_rest_go_on(
    client: httpx.AsyncClient, open_body: dict[str, Any], parts: ServiceParts
) -> None:
    opening, evaluation, request, decision = pipeline(open_body)
    lose = {"type": "LoseOpportunity", "reason": "gone"} | ON
    lose["opportunity_id"] = evaluation["opportunity_id"]
    commands = [opening, decision, evaluation, request | {"requested_by": ""}, lose]

    answer = await client.post(
        "/opportunities/batch", json={"commands": commands}, headers=SPONSOR
    )

    result = answer.json()
    assert (result["accepted"], result["refused"]) == (3, 2)
    refused_ati, invalid = result["results"][1], result["results"][3]
    assert refused_ati["status"] == 409
    assert refused_ati["problem"]["rule"] == "ati-needs-initiation-request"
    assert invalid["status"] == 422
    assert invalid["problem"]["errors"][0]["field"] == "commands.3.requested_by"
    view = (await client.get(f"/opportunities/{evaluation['opportunity_id']}")).json()
    assert (view["status"], view["version"]) == ("lost", 3)
    assert parts.store.recorder.max_notification_id() == 3


async def test_an_unknown_command_type_is_named(client: httpx.AsyncClient) -> None:
    commands = [{"type": "SignContract"}]

    answer = await client.post("/opportunities/batch", json={"commands": commands})

    [item] = answer.json()["results"]
    assert item["status"] == 422
    assert item["problem"]["errors"][0]["field"] == "commands.0.type"


async def test_a_batch_runs_the_sales_project_from_type_to_guidance(
    client: httpx.AsyncClient, open_body: dict[str, Any]
) -> None:
    opening, _, request, decision = pipeline(open_body)
    target = {"opportunity_id": request["opportunity_id"]}
    steps: list[dict[str, Any]] = [
        {"type": "SetProjectType", "customer_type": "sme", "scale": "important"}
        | {"offering": "single_product"},
        {"type": "VerifyOpportunity", "strategy_fit": "medium", "value": "entry"}
        | {"capability_gaps": [], "first_risks": [], "resources": ["Ana"]},
        {"type": "RaiseRisk", "title": "rival", "probability": "low"}
        | {"impact": "high", "owner": "Ana"},
        request,
        decision,
        {"type": "AppointTeam", "members": [{"name": "Ana", "role": "ar"}]}
        | {"project_manager": "Ana"},
        {"type": "RecordGuidance", "aspect": "relationship_map", "content": "CTO"},
        {"type": "HoldMeeting", "kind": "weekly", "attendees": ["Ana"]}
        | {"held_on": "2024-03-05"},
        {"type": "UpdateRisk", "risk_id": "R1", "owner": "Sam"},
        {"type": "CloseRisk", "risk_id": "R1"},
    ]
    # A meeting's business date is the day it was held.
    dated = [s if s["type"] == "HoldMeeting" else ON | s for s in steps]
    commands = [opening] + [target | step for step in dated]
    level_two = SPONSOR | {"X-Actor-Level": "2"}

    answer = await client.post(
        "/opportunities/batch", json={"commands": commands}, headers=level_two
    )

    result = answer.json()
    refusals = [r["problem"] for r in result["results"] if r["problem"]]
    assert (result["accepted"], result["refused"]) == (11, 0), refusals
    view = (await client.get(f"/opportunities/{target['opportunity_id']}")).json()
    assert (view["status"], view["tier"], view["project_manager"]) == (
        "initiated",
        2,
        "Ana",
    )
    assert view["risks"][0] | {"status": "closed"} == view["risks"][0]
    assert view["meetings"][0]["held_on"] == "2024-03-05"


async def test_a_batch_ati_without_a_decider_is_refused(
    client: httpx.AsyncClient, open_body: dict[str, Any], parts: ServiceParts
) -> None:
    opening, _, request, decision = pipeline(open_body)

    answer = await client.post(
        "/opportunities/batch", json={"commands": [opening, request, decision]}
    )

    refused = answer.json()["results"][2]
    assert refused["status"] == 403
    assert refused["problem"]["rule"] == "ati-needs-decider"
    assert parts.store.recorder.max_notification_id() == 2
