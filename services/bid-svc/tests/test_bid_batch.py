"""The batch endpoint: many commands in order, refused ones store nothing."""

from __future__ import annotations

from typing import Any

import httpx

from ltc_shared.service import ServiceParts


def commands(bid: str, estimate_body: dict[str, Any]) -> list[dict[str, Any]]:
    target = {"bid_id": bid.rsplit("/", 1)[-1]}
    return [
        {"type": "PrepareEstimate"} | estimate_body | target,
        {"type": "DecideBid", "decision": "bid", "decided_by": "team"}
        | {"occurred_on": "2024-04-08"}
        | target,
        {"type": "SubmitBid", "price": "118000.00", "occurred_on": "2024-04-15"}
        | target,
        {"type": "RecordOutcome", "won": True, "award_value": "115000.00"}
        | {"occurred_on": "2024-05-20"}
        | target,
    ]


async def test_a_batch_takes_a_bid_from_estimate_to_award(
    client: httpx.AsyncClient,
    opened: str,
    estimate_body: dict[str, Any],
    sponsor: dict[str, str],
) -> None:
    answer = await client.post(
        "/bids/batch",
        json={"commands": commands(opened, estimate_body)},
        headers=sponsor,
    )

    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert (result["accepted"], result["refused"]) == (4, 0)
    assert [r["version"] for r in result["results"]] == [2, 3, 4, 5]
    assert (await client.get(opened)).json()["status"] == "won"


async def test_a_refused_item_stores_nothing_and_the_rest_go_on(
    client: httpx.AsyncClient,
    opened: str,
    estimate_body: dict[str, Any],
    parts: ServiceParts,
    sponsor: dict[str, str],
) -> None:
    estimate, decide, submit, _ = commands(opened, estimate_body)
    items = [decide, estimate, submit, decide | {"decision": "later"}, decide]

    answer = await client.post("/bids/batch", json={"commands": items}, headers=sponsor)

    result = answer.json()
    assert (result["accepted"], result["refused"]) == (2, 3)
    statuses = [r["status"] for r in result["results"]]
    assert statuses == [409, 200, 409, 422, 200]
    rules = [r["problem"].get("rule") for r in result["results"] if r["problem"]]
    assert rules == ["atb-needs-estimate", "submission-needs-atb-bid", None]
    assert result["results"][3]["problem"]["errors"][0]["field"] == (
        "commands.3.decision"
    )
    view = (await client.get(opened)).json()
    assert (view["status"], view["version"]) == ("bidding", 3)
    assert parts.store.recorder.max_notification_id() == 3


async def test_a_batch_sets_the_price_only_as_the_ar(
    client: httpx.AsyncClient,
    opened: str,
    parts: ServiceParts,
    sponsor: dict[str, str],
) -> None:
    target = {"bid_id": opened.rsplit("/", 1)[-1], "occurred_on": "2024-04-10"}
    price = {"type": "SetPrice", "price": "118000.00", "strategy": "match",
             "by": "Ana"} | target  # fmt: skip
    before = parts.store.recorder.max_notification_id()

    as_sponsor = await client.post(
        "/bids/batch", json={"commands": [price]}, headers=sponsor
    )
    ar = {"X-Actor": "Ana", "X-Actor-Role": "ar"}
    as_ar = await client.post("/bids/batch", json={"commands": [price]}, headers=ar)

    refused = as_sponsor.json()["results"][0]
    assert (refused["status"], refused["problem"]["rule"]) == (403, "pricing-role")
    assert as_ar.json()["results"][0]["status"] == 200
    assert (await client.get(opened)).json()["set_price"]["by"] == "Ana"
    assert parts.store.recorder.max_notification_id() == (before or 0) + 1
