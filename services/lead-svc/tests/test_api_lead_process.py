"""The routes for generating, verifying, distributing, grading, describing and
tracking a lead, and its register entry."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import uuid4

import httpx
import pytest

CAPTURE = {
    "external_ref": "mql-1",
    "customer": "ACME",
    "channel": "social",
    "region": "North",
    "industry": "telecom",
    "need": "billing",
    "first_contact_on": "2018-01-10",
}
LEAD_MET = {"specific_customer": True, "purchase_intent": True, "can_take_part": True}
ON = {"occurred_on": "2018-01-12"}
ANN = {
    "name": "ann",
    "regions": ["north"],
    "industries": ["Telecom"],
    "capacity": 3,
    "current_load": 1,
}
SIGNALS = {
    "urgency": "urgent",
    "solution_maturity": "mature",
    "customer_consensus": "agreed",
    "months_to_procurement": 1,
}
BODIES: dict[str, dict[str, Any]] = {
    "generation": {"generated_by": "gina"} | ON,
    "verification": {"criteria": LEAD_MET, "verified_by": "panel"} | ON,
    "distribution": {"candidates": [ANN]} | ON,
    "maturity-assessment": {"signals": SIGNALS} | ON,
    "core-elements": {
        "pain": {"pain_points": ["slow billing"], "impact": "late cash"},
        "solution": {"offering": "bundle", "fit": "covers billing"},
        "value": {"benefit": "10 days less to cash"},
        "investment": {"plan": "2018 capex", "budget": "50000.00"},
    }
    | ON,
    "key-people": {"name": "Li", "role": "decision_maker", "title": "CIO"} | ON,
    "touches": {
        "note": "call",
        "next_step": "demo",
        "next_step_on": "2018-01-20",
        "window_ends_on": "2018-06-30",
    }
    | ON,
}


@pytest.fixture
async def lead_url(client: httpx.AsyncClient) -> str:
    response = await client.post("/leads", json=CAPTURE)
    assert response.status_code == 201
    return f"/leads/{response.json()['id']}"


async def test_the_whole_lead_process_shows_in_the_register_entry(
    client: httpx.AsyncClient, lead_url: str
) -> None:
    for path, body in BODIES.items():
        response = await client.post(f"{lead_url}/{path}", json=body)
        assert response.status_code == 200, (path, response.text)
    entry = await client.get(f"{lead_url}/register-entry")
    assert entry.status_code == 200
    assert entry.headers["etag"] == f'"{len(BODIES) + 1}"'
    body = entry.json()
    assert (body["status"], body["owner"], body["maturity"]) == ("open", "ann", "high")
    assert (body["treatment"], body["generated_by"], body["verified_by"]) == (
        "convert now",
        "gina",
        "panel",
    )
    assert body["assignment_reason"].startswith("covers region North")
    assert body["next_step"] == {
        "step": "demo",
        "on": "2018-01-20",
        "window_ends_on": "2018-06-30",
    }
    assert body["core_elements"]["investment"] == {
        "plan": "2018 capex",
        "budget": "50000.00",
        "currency": "USD",
    }
    assert body["key_people"]["decision_makers"] == [{"name": "Li", "title": "CIO"}]
    assert (body["duplicate_of"], body["need"]) == (None, "billing")


async def test_every_new_route_answers_404_for_an_unknown_lead(
    client: httpx.AsyncClient,
) -> None:
    url = f"/leads/{uuid4()}"
    assert (await client.get(f"{url}/register-entry")).status_code == 404
    for path, body in BODIES.items():
        assert (await client.post(f"{url}/{path}", json=body)).status_code == 404, path


@pytest.mark.parametrize(
    ("path", "body", "rule"),
    [
        ("verification", BODIES["verification"], "lead-must-be-generated"),
        ("distribution", BODIES["distribution"], "lead-must-be-verified"),
        ("core-elements", ON, "core-element-needed"),
        ("touches", BODIES["touches"] | {"next_step_on": "2018-07-01"}, None),
    ],
)
async def test_a_refused_command_answers_its_rule_and_stores_nothing(
    client: httpx.AsyncClient,
    lead_url: str,
    stored: Callable[[], int],
    path: str,
    body: dict[str, Any],
    rule: str | None,
) -> None:
    before = stored()
    response = await client.post(f"{lead_url}/{path}", json=body)
    assert response.status_code == 409
    assert response.json()["rule"] == (rule or "next-step-within-window")
    assert stored() == before
    assert (await client.get(lead_url)).headers["etag"] == '"1"'


async def test_unmet_lead_criteria_and_nobody_fitting_are_refused(
    client: httpx.AsyncClient, lead_url: str, stored: Callable[[], int]
) -> None:
    await client.post(f"{lead_url}/generation", json=BODIES["generation"])
    unmet = BODIES["verification"] | {"criteria": LEAD_MET | {"can_take_part": False}}
    response = await client.post(f"{lead_url}/verification", json=unmet)
    assert (response.status_code, response.json()["rule"]) == (409, "lead-criteria")
    await client.post(f"{lead_url}/verification", json=BODIES["verification"])
    before = stored()
    full = {"candidates": [ANN | {"current_load": 3}]} | ON
    response = await client.post(f"{lead_url}/distribution", json=full)
    assert (response.status_code, response.json()["rule"]) == (409, "no-owner-fits")
    assert stored() == before


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("generation", {"occurred_on": "2018-01-12"}, "body.generated_by"),
        ("verification", BODIES["verification"] | {"criteria": {}}, "body.criteria"),
        ("distribution", {"candidates": []} | ON, "body.candidates"),
        (
            "maturity-assessment",
            {"signals": SIGNALS | {"urgency": "now"}} | ON,
            "body.signals.urgency",
        ),
        ("core-elements", {"value": {"benefit": ""}} | ON, "body.value.benefit"),
        ("key-people", BODIES["key-people"] | {"role": "boss"}, "body.role"),
        ("touches", BODIES["touches"] | {"window_ends_on": "x"}, "body.window_ends_on"),
    ],
)
async def test_a_malformed_body_names_the_field(
    client: httpx.AsyncClient,
    lead_url: str,
    path: str,
    body: dict[str, Any],
    field: str,
) -> None:
    response = await client.post(f"{lead_url}/{path}", json=body)
    assert response.status_code == 422
    fields = [e["field"] for e in response.json()["errors"]]
    assert all(f.startswith(field) for f in fields), fields


async def test_a_stale_version_is_refused_with_412(
    client: httpx.AsyncClient, lead_url: str
) -> None:
    body = BODIES["generation"]
    stale = await client.post(
        f"{lead_url}/generation", json=body, headers={"If-Match": '"7"'}
    )
    assert stale.status_code == 412


async def test_the_batch_takes_the_new_commands(
    client: httpx.AsyncClient, lead_url: str
) -> None:
    lead_id = lead_url.rsplit("/", 1)[1]
    kinds = {
        "generation": "GenerateLead",
        "verification": "VerifyLead",
        "distribution": "DistributeLead",
        "maturity-assessment": "AssessLeadMaturity",
        "core-elements": "RecordCoreElements",
        "key-people": "RecordKeyPerson",
    }
    commands = [
        BODIES[path] | {"type": kind, "lead_id": lead_id}
        for path, kind in kinds.items()
    ]
    response = await client.post("/leads/batch", json={"commands": commands})
    assert [r["status"] for r in response.json()["results"]] == [200] * len(kinds)
