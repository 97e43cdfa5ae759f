"""The REST API: each route's answer, its refusals, and that a refusal stores
nothing."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import httpx
import pytest

from ltc_shared.service import ServiceParts

ESTIMATE = {
    "revenue": "120000.00",
    "cost": "84000.00",
    "currency": "USD",
    "solution": "GTX Pro cluster, three sites",
    "occurred_on": "2024-04-05",
}
GO = {"decision": "bid", "decided_by": "team", "occurred_on": "2024-04-08"}
NO_GO = GO | {"decision": "no_bid", "reason": "no real product need"}
SUBMISSION = {"price": "118000.00", "occurred_on": "2024-04-15"}
WON = {"won": True, "award_value": "115000.00", "occurred_on": "2024-05-20"}
LOST = {"won": False, "reason": "price", "occurred_on": "2024-05-20"}
ROUTES: dict[str, dict[str, Any]] = {
    "estimate": ESTIMATE,
    "atb": NO_GO,
    "submission": SUBMISSION,
    "outcome": WON,
}
INVALID = [
    ("estimate", {"cost": "-1"}, "body.cost"),
    ("estimate", {"revenue": "1.001"}, "body.revenue"),
    ("estimate", {"solution": ""}, "body.solution"),
    ("atb", {"decision": "maybe"}, "body.decision"),
    ("atb", {"no_bid_reason": "too busy"}, "body.no_bid_reason"),
    ("atb", {"actor": {"id": "x", "role": "king"}}, "body.actor.role"),
    ("submission", {"price": "free"}, "body.price"),
    ("outcome", {"award_value": "-10"}, "body.award_value"),
    ("outcome", {"occurred_on": None}, "body.occurred_on"),
]


SPONSOR = {"X-Actor": "sofia", "X-Actor-Role": "sponsor", "X-Actor-Level": "4"}


async def post(
    client: httpx.AsyncClient, path: str, body: dict[str, Any], **headers: str
) -> httpx.Response:
    return await client.post(path, json=body, headers=SPONSOR | headers)


async def run(client: httpx.AsyncClient, bid: str, *steps: str) -> None:
    bodies = {"estimate": ESTIMATE, "atb": GO, "submission": SUBMISSION}
    for step in steps:
        answer = await post(client, f"{bid}/{step}", bodies[step])
        assert answer.status_code == 200, answer.text


async def assert_unchanged(
    client: httpx.AsyncClient, parts: ServiceParts, bid: str, version: int
) -> None:
    assert (await client.get(bid)).headers["ETag"] == f'"{version}"'
    assert parts.store.recorder.max_notification_id() == version


async def test_a_bid_is_read_with_its_version(
    client: httpx.AsyncClient, opened: str
) -> None:
    answer = await client.get(opened)

    assert answer.status_code == 200
    assert answer.headers["ETag"] == '"1"'
    view = answer.json()
    assert (view["status"], view["estimate"], view["currency"]) == ("open", None, "USD")


async def test_an_unknown_bid_is_not_found(client: httpx.AsyncClient) -> None:
    answer = await client.get(f"/bids/{uuid4()}")

    assert answer.status_code == 404
    assert answer.json()["status"] == 404


async def test_the_estimate_is_answered_with_its_margin(
    client: httpx.AsyncClient, opened: str
) -> None:
    answer = await post(client, f"{opened}/estimate", ESTIMATE, **{"If-Match": '"1"'})

    assert answer.status_code == 200, answer.text
    assert answer.headers["ETag"] == '"2"'
    assert answer.json()["estimate"] == {
        "revenue": "120000.00",
        "cost": "84000.00",
        "margin": "36000.00",
        "solution": "GTX Pro cluster, three sites",
        "version": 1,
    }


async def test_a_bid_goes_from_estimate_to_award(
    client: httpx.AsyncClient, opened: str
) -> None:
    await run(client, opened, "estimate", "atb", "submission")

    answer = await post(client, f"{opened}/outcome", WON)

    assert answer.status_code == 200, answer.text
    view = answer.json()
    assert (view["status"], view["decision"]) == ("won", "bid")
    assert (view["price"], view["award_value"]) == ("118000.00", "115000.00")
    assert answer.headers["ETag"] == '"5"'


async def test_a_lost_bid_records_why(client: httpx.AsyncClient, opened: str) -> None:
    await run(client, opened, "estimate", "atb", "submission")

    answer = await post(client, f"{opened}/outcome", LOST)

    assert answer.status_code == 200, answer.text
    assert (answer.json()["status"], answer.json()["loss_reason"]) == ("lost", "price")


@pytest.mark.parametrize("route", ROUTES)
async def test_a_command_on_an_unknown_bid_is_not_found(
    client: httpx.AsyncClient, route: str
) -> None:
    answer = await post(client, f"/bids/{uuid4()}/{route}", ROUTES[route])

    assert answer.status_code == 404


@pytest.mark.parametrize("route", ROUTES)
async def test_a_command_on_a_stale_version_is_refused(
    client: httpx.AsyncClient, opened: str, parts: ServiceParts, route: str
) -> None:
    answer = await post(client, f"{opened}/{route}", ROUTES[route], **{"If-Match": "0"})

    assert answer.status_code == 412
    assert answer.json()["rule"] == "optimistic-concurrency"
    await assert_unchanged(client, parts, opened, 1)


@pytest.mark.parametrize(("route", "change", "field"), INVALID)
async def test_an_invalid_command_names_the_field(
    client: httpx.AsyncClient,
    opened: str,
    route: str,
    change: dict[str, Any],
    field: str,
) -> None:
    answer = await post(client, f"{opened}/{route}", ROUTES[route] | change)

    assert answer.status_code == 422
    assert field in [e["field"] for e in answer.json()["errors"]]


@pytest.mark.parametrize(
    ("done", "route", "body", "rule"),
    [
        ((), "estimate", ESTIMATE | {"currency": "EUR"}, "estimate-in-bid-currency"),
        ((), "atb", GO, "atb-needs-estimate"),
        (("estimate",), "atb", NO_GO | {"reason": None}, "no-bid-needs-reason"),
        (("estimate", "atb"), "atb", NO_GO, "atb-decided-once"),
        (("estimate",), "submission", SUBMISSION, "submission-needs-atb-bid"),
        (("estimate", "atb"), "outcome", WON, "outcome-needs-submission"),
        (("estimate", "atb", "submission"), "outcome", LOST | {"reason": None},
         "loss-needs-reason"),
        (("estimate", "atb", "submission"), "outcome", WON | {"award_value": None},
         "won-needs-award-value"),
        (("estimate",), "atb", GO | {"occurred_on": "2024-04-01"},
         "business-dates-in-order"),
    ],
)  # fmt: skip
async def test_a_refused_command_stores_nothing(
    client: httpx.AsyncClient,
    opened: str,
    parts: ServiceParts,
    done: tuple[str, ...],
    route: str,
    body: dict[str, Any],
    rule: str,
) -> None:
    await run(client, opened, *done)

    answer = await post(client, f"{opened}/{route}", body)

    assert answer.status_code == 409
    assert answer.json()["rule"] == rule
    await assert_unchanged(client, parts, opened, 1 + len(done))


async def test_the_outcome_is_recorded_once(
    client: httpx.AsyncClient, opened: str, parts: ServiceParts
) -> None:
    await run(client, opened, "estimate", "atb", "submission")
    await post(client, f"{opened}/outcome", LOST)

    answer = await post(client, f"{opened}/outcome", WON)

    assert answer.status_code == 409
    assert answer.json()["rule"] == "outcome-decided-once"
    await assert_unchanged(client, parts, opened, 5)
