"""Every lead route, its answers and its errors, through the HTTP API."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import httpx

from ltc_shared.service import ServiceParts

CAPTURE = {
    "external_ref": "mql-1",
    "customer": "ACME",
    "channel": "social",
    "first_contact_on": "2018-01-10",
}
MET = {
    "in_purchasing_process": True,
    "has_investment_plan": True,
    "can_take_part": True,
}


async def captured(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.post("/leads", json=CAPTURE)
    assert response.status_code == 201
    body: dict[str, Any] = response.json()
    return body


def stored_events(parts: ServiceParts) -> int:
    return parts.store.recorder.max_notification_id() or 0


async def test_capture_answers_the_lead_with_its_version(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/leads", json=CAPTURE)
    assert response.status_code == 201
    assert response.headers["etag"] == '"1"'
    assert response.headers["location"] == f"/leads/{response.json()['id']}"
    assert response.json()["status"] == "open"


async def test_capturing_the_same_reference_again_is_idempotent(
    client: httpx.AsyncClient, parts: ServiceParts
) -> None:
    first = await captured(client)
    again = await client.post("/leads", json=CAPTURE)
    assert again.status_code == 200
    assert again.json()["id"] == first["id"]
    assert stored_events(parts) == 1


async def test_the_same_reference_with_other_content_is_refused(
    client: httpx.AsyncClient,
) -> None:
    await captured(client)
    response = await client.post("/leads", json=CAPTURE | {"customer": "Other"})
    assert response.status_code == 409
    assert response.json()["rule"] == "idempotent-creation"


async def test_get_answers_the_lead_and_404_for_an_unknown_id(
    client: httpx.AsyncClient,
) -> None:
    lead = await captured(client)
    assert (await client.get(f"/leads/{lead['id']}")).json() == lead
    missing = await client.get(f"/leads/{uuid4()}")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"


async def test_a_malformed_request_names_the_field(client: httpx.AsyncClient) -> None:
    response = await client.post("/leads", json=CAPTURE | {"first_contact_on": "soon"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["body.first_contact_on"]


async def test_assign_grade_nurture_qualify_in_order(client: httpx.AsyncClient) -> None:
    lead = await captured(client)
    url = f"/leads/{lead['id']}"
    steps = [
        ("assignment", {"owner": "ann", "occurred_on": "2018-01-11"}),
        ("grade", {"maturity": "high", "occurred_on": "2018-01-12"}),
        ("touches", {"note": "demo given", "occurred_on": "2018-01-13"}),
        (
            "qualification",
            {"criteria": MET, "expected_value": "99.90", "occurred_on": "2018-01-14"},
        ),
    ]
    for path, body in steps:
        response = await client.post(f"{url}/{path}", json=body)
        assert response.status_code == 200, response.text
    final = response.json()
    assert (final["status"], final["owner"], final["maturity"], final["touches"]) == (
        "qualified",
        "ann",
        "high",
        1,
    )
    assert final["version"] == 5


async def test_qualifying_a_dropped_lead_is_refused_and_stores_nothing(
    client: httpx.AsyncClient, parts: ServiceParts
) -> None:
    lead = await captured(client)
    url = f"/leads/{lead['id']}"
    await client.post(
        f"{url}/drop", json={"reason": "no budget", "occurred_on": "2018-02-01"}
    )
    before = stored_events(parts)
    response = await client.post(
        f"{url}/qualification",
        json={"criteria": MET, "expected_value": "1.00", "occurred_on": "2018-02-02"},
    )
    assert response.status_code == 409
    assert response.json()["rule"] == "lead-must-be-open"
    assert stored_events(parts) == before


async def test_a_stale_version_is_refused_with_412(client: httpx.AsyncClient) -> None:
    lead = await captured(client)
    url = f"/leads/{lead['id']}/assignment"
    body = {"owner": "ann", "occurred_on": "2018-01-11"}
    assert (
        await client.post(url, json=body, headers={"If-Match": '"1"'})
    ).status_code == 200
    stale = await client.post(url, json=body, headers={"If-Match": '"1"'})
    assert stale.status_code == 412


async def test_every_command_route_answers_404_for_an_unknown_lead(
    client: httpx.AsyncClient,
) -> None:
    url = f"/leads/{uuid4()}"
    bodies = {
        "assignment": {"owner": "ann", "occurred_on": "2018-01-11"},
        "grade": {"maturity": "low", "occurred_on": "2018-01-11"},
        "touches": {"note": "x", "occurred_on": "2018-01-11"},
        "qualification": {
            "criteria": MET,
            "expected_value": "1.00",
            "occurred_on": "2018-01-11",
        },
        "drop": {"reason": "x", "occurred_on": "2018-01-11"},
    }
    for path, body in bodies.items():
        assert (await client.post(f"{url}/{path}", json=body)).status_code == 404, path


async def test_a_batch_reports_each_refusal_and_stores_the_rest(
    client: httpx.AsyncClient, parts: ServiceParts
) -> None:
    lead = await captured(client)
    commands = [
        {
            "type": "AssignLead",
            "lead_id": lead["id"],
            "owner": "ann",
            "occurred_on": "2018-01-11",
        },
        {
            "type": "AssignLead",
            "lead_id": lead["id"],
            "owner": "bob",
            "occurred_on": "2017-01-11",
        },
        {"type": "Nonsense"},
        {
            "type": "GradeLead",
            "lead_id": str(uuid4()),
            "maturity": "low",
            "occurred_on": "2018-01-11",
        },
        CAPTURE | {"type": "CaptureLead", "external_ref": "mql-2"},
    ]
    response = await client.post("/leads/batch", json={"commands": commands})
    body = response.json()
    assert [r["status"] for r in body["results"]] == [200, 409, 422, 404, 201]
    assert body["results"][1]["problem"]["rule"] == "business-dates-in-order"
    assert (body["accepted"], body["refused"]) == (2, 3)
    assert stored_events(parts) == 3
    assert (await client.get(f"/leads/{lead['id']}")).json()["owner"] == "ann"


async def test_the_probes_answer(client: httpx.AsyncClient) -> None:
    assert (await client.get("/health/live")).json()["status"] == "ok"
    assert (await client.get("/health/ready")).status_code == 200


async def test_a_batch_sent_again_with_its_key_runs_once(
    client: httpx.AsyncClient, parts: ServiceParts
) -> None:
    lead = await captured(client)
    commands = [
        {
            "type": "AssignLead",
            "lead_id": lead["id"],
            "owner": "ann",
            "occurred_on": "2018-01-11",
        },
        {
            "type": "DropLead",
            "lead_id": lead["id"],
            "reason": "no budget",
            "occurred_on": "2018-01-12",
        },
    ]
    key = {"Idempotency-Key": "replay-0001"}
    first = await client.post("/leads/batch", json={"commands": commands}, headers=key)
    stored = stored_events(parts)
    again = await client.post("/leads/batch", json={"commands": commands}, headers=key)
    assert again.json() == first.json()
    assert first.json()["accepted"] == 2
    assert stored_events(parts) == stored

    other = await client.post(
        "/leads/batch", json={"commands": commands[:1]}, headers=key
    )
    assert other.status_code == 409
    assert other.json()["rule"] == "idempotency-key-reused"


async def test_receipts_of_batches_are_not_published(parts: ServiceParts) -> None:
    transport = httpx.ASGITransport(app=parts.api)
    async with httpx.AsyncClient(transport=transport, base_url="http://lead") as c:
        await c.post(
            "/leads/batch",
            json={"commands": [CAPTURE | {"type": "CaptureLead"}]},
            headers={"Idempotency-Key": "replay-0002"},
        )
    envelopes, before, after = parts.relay.pending()
    assert [e.type for e in envelopes] == ["LeadCaptured"]
    assert (before, after) == (0, 2)
