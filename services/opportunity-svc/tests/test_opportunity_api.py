"""The REST API: each route's answer, its refusals, and that a refusal stores
nothing."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import httpx
import pytest

from ltc_shared.ids import natural_id
from ltc_shared.service import ServiceParts

ON = {"occurred_on": "2024-03-05"}
SPONSOR = {"X-Actor": "sofia", "X-Actor-Role": "sponsor", "X-Actor-Level": "4"}
APPROVAL = {
    "approved": True,
    "decided_by": "Sofia",
    "sponsor": "Sofia",
    "iron_triangle": {"ar": "Ana", "sr": "Sam", "fr": "Fei"},
} | ON
VALID: dict[str, dict[str, Any]] = {
    "evaluation": {"win_probability": "0.4", "expected_value": "99000"} | ON,
    "initiation-request": {"requested_by": "Ana"} | ON,
    "ati": {"approved": False, "decided_by": "Sofia", "reason": "no fit"} | ON,
    "loss": {"reason": "customer chose a rival"} | ON,
}
INVALID = [
    ("evaluation", {"win_probability": "1.5"}, "body.win_probability"),
    ("evaluation", {"expected_value": "-1"}, "body.expected_value"),
    ("initiation-request", {"requested_by": ""}, "body.requested_by"),
    ("ati", {"iron_triangle": {"ar": "Ana", "sr": "Sam"}}, "body.iron_triangle.fr"),
    ("ati", {"approved": "perhaps"}, "body.approved"),
    ("loss", {"occurred_on": "yesterday"}, "body.occurred_on"),
]


async def post(
    client: httpx.AsyncClient, path: str, body: dict[str, Any], **headers: str
) -> httpx.Response:
    """Post as the sponsor, unless the headers say who asks."""
    return await client.post(path, json=body, headers=SPONSOR | headers)


async def assert_nothing_stored(
    client: httpx.AsyncClient, parts: ServiceParts, path: str, notifications: int
) -> None:
    answer = await client.get(path)
    assert answer.headers["ETag"] == '"1"'
    assert parts.store.recorder.max_notification_id() == notifications


async def test_opening_answers_the_opportunity_where_it_lives(
    client: httpx.AsyncClient, open_body: dict[str, Any]
) -> None:
    answer = await post(client, "/opportunities", open_body)

    assert answer.status_code == 201
    view = answer.json()
    assert view["id"] == str(natural_id("opportunity", "crm-0001"))
    assert answer.headers["Location"] == f"/opportunities/{view['id']}"
    assert answer.headers["ETag"] == '"1"'
    assert (view["status"], view["origin"], view["lead_id"]) == ("open", "sudden", None)
    assert (view["expected_value"], view["currency"]) == ("125000.00", "USD")
    assert view["opened_on"] == "2024-03-01"


async def test_opening_again_returns_the_same_opportunity(
    client: httpx.AsyncClient, open_body: dict[str, Any], parts: ServiceParts
) -> None:
    first = await post(client, "/opportunities", open_body)

    again = await post(client, "/opportunities", open_body)

    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["ETag"] == '"1"'
    assert parts.store.recorder.max_notification_id() == 1


async def test_opening_other_content_under_the_same_reference_is_refused(
    client: httpx.AsyncClient, open_body: dict[str, Any], parts: ServiceParts
) -> None:
    await post(client, "/opportunities", open_body)

    answer = await post(client, "/opportunities", open_body | {"customer": "Other"})

    assert answer.status_code == 409
    assert answer.json()["rule"] == "idempotent-creation"
    assert parts.store.recorder.max_notification_id() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"expected_value": "-5"}, "body.expected_value"),
        ({"currency": "dollars"}, "body.currency"),
        ({"external_ref": ""}, "body.external_ref"),
        ({"customer": None}, "body.customer"),
    ],
)
async def test_opening_an_invalid_opportunity_names_the_field(
    client: httpx.AsyncClient,
    open_body: dict[str, Any],
    change: dict[str, Any],
    field: str,
) -> None:
    answer = await post(client, "/opportunities", open_body | change)

    assert answer.status_code == 422
    assert field in [e["field"] for e in answer.json()["errors"]]


async def test_an_opportunity_is_read_with_its_version(
    client: httpx.AsyncClient, opened: str
) -> None:
    answer = await client.get(opened)

    assert answer.status_code == 200
    assert answer.headers["ETag"] == '"1"'
    assert answer.json()["customer"] == "Acme Telecom"


async def test_an_unknown_opportunity_is_not_found(client: httpx.AsyncClient) -> None:
    answer = await client.get(f"/opportunities/{uuid4()}")

    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("route", VALID)
async def test_a_command_answers_the_changed_opportunity(
    client: httpx.AsyncClient, opened: str, route: str
) -> None:
    answer = await post(
        client, f"{opened}/{route}", VALID[route], **{"If-Match": '"1"'}
    )

    assert answer.status_code == 200, answer.text
    assert answer.headers["ETag"] == '"2"'
    assert answer.json()["version"] == 2


@pytest.mark.parametrize("route", VALID)
async def test_a_command_on_an_unknown_opportunity_is_not_found(
    client: httpx.AsyncClient, route: str
) -> None:
    answer = await post(client, f"/opportunities/{uuid4()}/{route}", VALID[route])

    assert answer.status_code == 404


@pytest.mark.parametrize("route", VALID)
async def test_a_command_on_a_stale_version_is_refused(
    client: httpx.AsyncClient, opened: str, parts: ServiceParts, route: str
) -> None:
    answer = await post(
        client, f"{opened}/{route}", VALID[route], **{"If-Match": '"7"'}
    )

    assert answer.status_code == 412
    assert answer.json()["rule"] == "optimistic-concurrency"
    await assert_nothing_stored(client, parts, opened, 1)


@pytest.mark.parametrize(("route", "change", "field"), INVALID)
async def test_an_invalid_command_names_the_field(
    client: httpx.AsyncClient,
    opened: str,
    route: str,
    change: dict[str, Any],
    field: str,
) -> None:
    answer = await post(client, f"{opened}/{route}", VALID[route] | change)

    assert answer.status_code == 422
    assert field in [e["field"] for e in answer.json()["errors"]]


async def test_the_ati_approval_initiates_the_project(
    client: httpx.AsyncClient, opened: str
) -> None:
    await post(client, f"{opened}/initiation-request", VALID["initiation-request"])

    answer = await post(client, f"{opened}/ati", APPROVAL)

    assert answer.status_code == 200, answer.text
    view = answer.json()
    assert (view["status"], view["sponsor"]) == ("initiated", "Sofia")
    assert view["decided_by"] == "sofia"
    assert view["decider"] == {"id": "sofia", "role": "sponsor", "level": 4}
    assert view["iron_triangle"] == APPROVAL["iron_triangle"]
    assert answer.headers["ETag"] == '"3"'


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        (APPROVAL, "ati-needs-initiation-request"),
        (
            VALID["evaluation"] | {"occurred_on": "2024-02-01"},
            "business-dates-in-order",
        ),
    ],
)
async def test_a_refused_command_stores_nothing(
    client: httpx.AsyncClient,
    opened: str,
    parts: ServiceParts,
    body: dict[str, Any],
    rule: str,
) -> None:
    route = "ati" if "approved" in body else "evaluation"

    answer = await post(client, f"{opened}/{route}", body)

    assert answer.status_code == 409
    assert answer.json()["rule"] == rule
    await assert_nothing_stored(client, parts, opened, 1)


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"iron_triangle": None}, "project-needs-iron-triangle"),
        ({"sponsor": None}, "project-needs-sponsor"),
        ({"approved": False}, "rejection-needs-reason"),
    ],
)
async def test_an_incomplete_ati_decision_is_refused(
    client: httpx.AsyncClient, opened: str, change: dict[str, Any], rule: str
) -> None:
    await post(client, f"{opened}/initiation-request", VALID["initiation-request"])

    answer = await post(client, f"{opened}/ati", APPROVAL | change)

    assert answer.status_code == 409
    assert answer.json()["rule"] == rule
    assert (await client.get(opened)).headers["ETag"] == '"2"'


async def test_deciding_ati_twice_is_refused(
    client: httpx.AsyncClient, opened: str
) -> None:
    await post(client, f"{opened}/ati", VALID["ati"])

    answer = await post(client, f"{opened}/ati", VALID["ati"])

    assert answer.status_code == 409
    assert answer.json()["rule"] == "ati-decided-once"


async def test_requesting_initiation_twice_is_refused(
    client: httpx.AsyncClient, opened: str
) -> None:
    await post(client, f"{opened}/initiation-request", VALID["initiation-request"])

    answer = await post(
        client, f"{opened}/initiation-request", {"requested_by": "B"} | ON
    )

    assert answer.status_code == 409
    assert answer.json()["rule"] == "initiation-requested-once"


async def test_an_initiated_project_is_lost_while_no_bid_is_pending(
    client: httpx.AsyncClient, opened: str
) -> None:
    await post(client, f"{opened}/initiation-request", VALID["initiation-request"])
    await post(client, f"{opened}/ati", APPROVAL)

    answer = await post(client, f"{opened}/loss", VALID["loss"])

    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "lost"


async def test_a_lost_opportunity_is_not_evaluated(
    client: httpx.AsyncClient, opened: str
) -> None:
    await post(client, f"{opened}/loss", VALID["loss"])

    answer = await post(client, f"{opened}/evaluation", VALID["evaluation"])

    assert answer.status_code == 409
    assert answer.json()["rule"] == "opportunity-must-be-open"
