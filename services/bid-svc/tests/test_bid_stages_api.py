"""The routes of the bid's sub-processes: solution, ATB authority, tender,
opening, aftermath and withdrawal; each answers, refuses by rule, names an
invalid field, and a refusal stores nothing."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import httpx
import pytest

from ltc_shared.service import ServiceParts

SPONSOR = {"X-Actor": "sofia", "X-Actor-Role": "sponsor", "X-Actor-Level": "4"}
SR = {"X-Actor": "Sam", "X-Actor-Role": "sr"}
AR = {"X-Actor": "Ana", "X-Actor-Role": "ar"}
# Who the project named for the work each route records, where it named one.
CALLERS = {"solution-strategy": SR, "post-bid-reviews": SR, "price": AR}
BODIES: dict[str, dict[str, Any]] = {
    "solution-strategy": {"summary": "managed service"},
    "estimate": {
        "revenue": "120000.00",
        "cost": "84000.00",
        "solution": "three sites",
    },
    "solution-reviews": {"reviewer": "Rita", "opinions": [], "verdict": "pass"},
    "deviations": {
        "kind": "technical",
        "clause": "3.1 racks",
        "deviation": "two racks, not three",
        "justification": "denser nodes",
    },
    "price": {"price": "118000.00", "strategy": "match"},
    "documents": {"document": "price list", "reference": "docs/prices.xlsx"},
    "atb": {"decision": "bid"},
    "submission": {},
    "clarifications": {"question": "which SLA?", "answer": "99.9 %"},
    "second-quotation": {"price": "112000.00"},
    "outcome": {"won": False, "reason": "price"},
    "loss-recoveries": {"action": "offer a pilot", "result": "declined"},
    "customer-revisits": {"notes": "next tender in Q3"},
    "post-bid-reviews": {"lessons": "price the service"},
    "withdrawal": {"reason": "tender cancelled"},
}
NEW_ROUTES = [
    "solution-strategy",
    "solution-reviews",
    "deviations",
    "price",
    "documents",
    "clarifications",
    "second-quotation",
    "loss-recoveries",
    "customer-revisits",
    "post-bid-reviews",
    "withdrawal",
]
DOCUMENTS = [
    "technical proposal",
    "commercial proposal",
    "price list",
    "qualification documents",
    "deviation table",
]


async def post(
    client: httpx.AsyncClient,
    bid: str,
    route: str,
    caller: dict[str, str] | None = None,
    /,
    **change: Any,
) -> httpx.Response:
    body = {"occurred_on": "2024-04-10"} | BODIES[route] | change
    headers = caller if caller is not None else CALLERS.get(route, SPONSOR)
    return await client.post(f"{bid}/{route}", json=body, headers=headers)


async def run(client: httpx.AsyncClient, bid: str, *routes: str) -> None:
    for route in routes:
        answer = await post(client, bid, route)
        assert answer.status_code == 200, answer.text


async def assert_unchanged(
    client: httpx.AsyncClient, parts: ServiceParts, bid: str, version: int
) -> None:
    assert (await client.get(bid)).headers["ETag"] == f'"{version}"'
    assert parts.store.recorder.max_notification_id() == version


async def test_a_major_bid_goes_through_every_stage(
    client: httpx.AsyncClient, opened_major: str
) -> None:
    await run(client, opened_major, "solution-strategy", "estimate")
    await run(client, opened_major, "solution-reviews", "deviations", "price")
    for name in DOCUMENTS:
        answer = await post(client, opened_major, "documents", document=name)
        assert answer.status_code == 200, answer.text
    await run(client, opened_major, "atb", "submission", "clarifications")
    await run(client, opened_major, "second-quotation", "outcome")

    await run(client, opened_major, "loss-recoveries", "customer-revisits")
    answer = await post(client, opened_major, "post-bid-reviews")

    assert answer.status_code == 200, answer.text
    view = answer.json()
    assert (view["status"], view["tier"], view["review_passed"]) == ("lost", 3, True)
    assert view["solution_strategy"] == {"summary": "managed service", "by": "Sam"}
    assert view["decider"] == {"id": "sofia", "role": "sponsor", "level": 4}
    assert view["decision_inputs"] == {"estimate_version": 1}
    assert (view["missing_documents"], view["second_quotation"]) == ([], "112000.00")
    assert view["set_price"]["price"] == "118000.00"
    assert view["price"] == "112000.00"
    assert [len(view[k]) for k in ("deviations", "clarifications")] == [1, 1]
    assert view["post_bid_reviews"][0]["lessons"] == "price the service"


async def test_a_pending_bid_is_withdrawn(
    client: httpx.AsyncClient, opened: str
) -> None:
    answer = await post(client, opened, "withdrawal")

    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "withdrawn"
    assert answer.json()["withdrawal_reason"] == "tender cancelled"


@pytest.mark.parametrize("route", NEW_ROUTES)
async def test_a_new_command_on_an_unknown_bid_is_not_found(
    client: httpx.AsyncClient, route: str
) -> None:
    answer = await post(client, f"/bids/{uuid4()}", route)

    assert answer.status_code == 404


@pytest.mark.parametrize(
    ("route", "change", "field"),
    [
        ("solution-strategy", {"summary": ""}, "body.summary"),
        ("solution-reviews", {"verdict": "maybe"}, "body.verdict"),
        ("deviations", {"kind": "legal"}, "body.kind"),
        ("price", {"price": "-1"}, "body.price"),
        ("documents", {"document": "brochure"}, "body.document"),
        ("clarifications", {"answer": None}, "body.answer"),
        ("second-quotation", {"price": "1.001"}, "body.price"),
        ("loss-recoveries", {"result": ""}, "body.result"),
        ("customer-revisits", {"notes": None}, "body.notes"),
        ("post-bid-reviews", {"by": ""}, "body.by"),
        ("withdrawal", {"occurred_on": "soon"}, "body.occurred_on"),
    ],
)
async def test_an_invalid_new_command_names_the_field(
    client: httpx.AsyncClient,
    opened: str,
    route: str,
    change: dict[str, Any],
    field: str,
) -> None:
    answer = await post(client, opened, route, **change)

    assert answer.status_code == 422
    assert field in [e["field"] for e in answer.json()["errors"]]


@pytest.mark.parametrize(
    ("done", "route", "rule"),
    [
        (("estimate", "atb"), "solution-strategy", "solution-before-atb"),
        ((), "solution-reviews", "review-needs-estimate"),
        (("estimate", "atb", "price", "submission"), "deviations",
         "deviation-before-submission"),
        (("estimate", "atb", "price", "submission"), "price",
         "price-before-submission"),
        (("estimate", "atb", "price", "submission"), "documents",
         "documents-before-submission"),
        (("estimate", "atb"), "clarifications", "clarification-during-opening"),
        (("estimate",), "second-quotation", "second-quotation-during-opening"),
        (("estimate", "atb", "price", "submission"), "loss-recoveries",
         "recovery-needs-loss"),
        (("estimate", "atb", "price", "submission"), "customer-revisits",
         "revisit-after-outcome"),
        (("estimate", "atb", "price", "submission"), "post-bid-reviews",
         "review-after-outcome"),
        (("withdrawal",), "withdrawal", "withdrawal-before-outcome"),
        (("estimate", "atb"), "submission", "submission-needs-price"),
    ],
)  # fmt: skip
async def test_a_refused_new_command_stores_nothing(
    client: httpx.AsyncClient,
    opened: str,
    parts: ServiceParts,
    done: tuple[str, ...],
    route: str,
    rule: str,
) -> None:
    await run(client, opened, *done)

    answer = await post(client, opened, route)

    assert answer.status_code == 409, answer.text
    assert answer.json()["rule"] == rule
    await assert_unchanged(client, parts, opened, 1 + len(done))


async def test_a_major_bid_is_submitted_with_all_its_documents(
    client: httpx.AsyncClient, opened_major: str, parts: ServiceParts
) -> None:
    await run(client, opened_major, "estimate", "solution-reviews", "atb", "price")
    await run(client, opened_major, "documents")

    answer = await post(client, opened_major, "submission")

    assert answer.status_code == 409
    assert answer.json()["rule"] == "bid-documents-incomplete"
    assert "technical proposal" in answer.json()["detail"]
    assert "price list" not in answer.json()["detail"]
    await assert_unchanged(client, parts, opened_major, 6)


async def test_a_major_bid_is_authorised_on_a_passed_review(
    client: httpx.AsyncClient, opened_major: str, parts: ServiceParts
) -> None:
    await run(client, opened_major, "estimate")

    answer = await post(client, opened_major, "atb")

    assert answer.status_code == 409
    assert answer.json()["rule"] == "atb-needs-passed-review"
    await assert_unchanged(client, parts, opened_major, 2)


@pytest.mark.parametrize(
    ("headers", "rule"),
    [
        ({}, "atb-needs-decider"),
        ({"X-Actor": "ana", "X-Actor-Role": "ar", "X-Actor-Level": "4"}, "atb-role"),
        (SPONSOR | {"X-Actor-Level": "2"}, "atb-level"),
    ],
)
async def test_the_atb_is_forbidden_to_the_wrong_decider(
    client: httpx.AsyncClient,
    opened_major: str,
    parts: ServiceParts,
    headers: dict[str, str],
    rule: str,
) -> None:
    await run(client, opened_major, "estimate", "solution-reviews")
    body = {"decision": "bid", "occurred_on": "2024-04-10"}

    answer = await client.post(f"{opened_major}/atb", json=body, headers=headers)

    assert answer.status_code == 403
    assert answer.json()["rule"] == rule
    await assert_unchanged(client, parts, opened_major, 3)


async def test_a_no_bid_names_a_known_reason(
    client: httpx.AsyncClient, opened: str
) -> None:
    body = {"decision": "no_bid", "no_bid_reason": "does not fit the sales strategy"}

    answer = await post(client, opened, "atb", **body)

    assert answer.status_code == 200, answer.text
    view = answer.json()
    assert (view["status"], view["no_bid_reason"]) == (
        "no_bid",
        "does not fit the sales strategy",
    )


async def test_a_no_bid_for_another_reason_needs_its_text(
    client: httpx.AsyncClient, opened: str, parts: ServiceParts
) -> None:
    answer = await post(client, opened, "atb", decision="no_bid", no_bid_reason="other")

    assert answer.status_code == 409
    assert answer.json()["rule"] == "no-bid-other-needs-text"
    await assert_unchanged(client, parts, opened, 1)


AFTER_OUTCOME = ("estimate", "atb", "price", "submission", "outcome")


@pytest.mark.parametrize(
    ("done", "route", "caller", "rule"),
    [
        ((), "solution-strategy", {"X-Actor": "Sid", "X-Actor-Role": "sr"},
         "solution-strategy-named-sr"),
        ((), "solution-strategy", AR, "solution-strategy-role"),
        ((), "solution-strategy", {}, "solution-strategy-needs-decider"),
        (AFTER_OUTCOME, "post-bid-reviews", {"X-Actor": "Sid", "X-Actor-Role": "sr"},
         "post-bid-review-named-sr"),
        (AFTER_OUTCOME, "post-bid-reviews", SPONSOR, "post-bid-review-role"),
        ((), "price", {"X-Actor": "Al", "X-Actor-Role": "ar"}, "pricing-named-ar"),
        ((), "price", SR, "pricing-role"),
    ],
)  # fmt: skip
async def test_work_reserved_for_a_named_person_is_refused_to_others(
    client: httpx.AsyncClient,
    opened: str,
    parts: ServiceParts,
    done: tuple[str, ...],
    route: str,
    caller: dict[str, str],
    rule: str,
) -> None:
    await run(client, opened, *done)

    answer = await post(client, opened, route, caller)

    assert answer.status_code == 403
    assert answer.json()["rule"] == rule
    await assert_unchanged(client, parts, opened, 1 + len(done))


async def test_a_name_in_the_body_neither_grants_nor_refuses_the_work(
    client: httpx.AsyncClient, opened: str, parts: ServiceParts
) -> None:
    claimed = await post(
        client, opened, "price", {"X-Actor": "Al", "X-Actor-Role": "ar"}, by="Ana"
    )
    assert claimed.status_code == 403
    await assert_unchanged(client, parts, opened, 1)

    answer = await post(client, opened, "price", by="Sam")

    assert answer.status_code == 200, answer.text
    assert answer.json()["set_price"]["by"] == "Ana"
