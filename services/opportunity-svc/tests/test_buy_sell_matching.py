"""The buy/sell point matching table of guiding the customer: buy points and
sell points as items, which sell point answers which buy point and how
strongly, and the gaps left; after ATI only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import httpx
import pytest

from ltc_shared.authority import Actor
from ltc_shared.errors import DomainError
from ltc_shared.service import ServiceParts
from ltc_shared.testing import new_events
from opportunity_svc.domain import Opportunity

ON = date(2024, 3, 10)
Given = Callable[..., Opportunity]


def initiated(o: Opportunity) -> None:
    o.request_initiation("Ana", ON)
    sponsor = Actor(id="Sofia", role="sponsor", level=1)
    o.approve_initiation(sponsor, "Sofia", {"ar": "Ana", "sr": "Sam", "fr": "Fei"}, ON)


def table(o: Opportunity) -> None:
    o.record_buy_point("backups within the night", "high", "CIO", ON)
    o.record_buy_point("one bill", "low", None, ON)
    o.record_buy_point("local support", "medium", None, ON)
    o.record_sell_point("incremental snapshots", True, "reference at Beta", ON)
    o.record_sell_point("24x7 hotline", False, None, ON)
    o.record_sell_point("green data centre", True, None, ON)


def refused(run: Callable[[], object]) -> str:
    with pytest.raises(DomainError) as caught:
        run()
    return str(caught.value.rule)


def test_points_are_recorded_as_numbered_items(given: Given) -> None:
    project = given(initiated)

    table(project)

    kinds = [kind for kind, _ in new_events(project)]
    assert kinds == ["BuyPointRecorded"] * 3 + ["SellPointRecorded"] * 3
    assert list(project.buy_points) == ["B1", "B2", "B3"]
    assert project.sell_points["S1"] == {
        "offer": "incremental snapshots",
        "differentiator": True,
        "proof": "reference at Beta",
    }


def test_matching_leaves_the_unanswered_buy_points_as_gaps(given: Given) -> None:
    project = given(initiated, table)

    project.match_points("B1", "S1", "strong", "snapshots end by 2 am", ON)
    project.match_points("B3", "S2", "weak", "hotline, not on site", ON)

    [(_, first), _] = new_events(project)
    assert (first["buy_point"], first["sell_point"], first["strength"]) == (
        "B1", "S1", "strong")  # fmt: skip
    gaps = project.matching_gaps
    assert [(g["buy_point"], g["best_strength"]) for g in gaps] == [
        ("B3", "weak"),  # medium importance before low
        ("B2", None),
    ]
    assert project.unused_sell_points == ["S3"]


def test_a_later_match_of_the_same_pair_replaces_it(given: Given) -> None:
    project = given(initiated, table)
    project.match_points("B3", "S2", "weak", "hotline only", ON)

    project.match_points("B3", "S2", "partial", "hotline and a local partner", ON)

    assert [m["strength"] for m in project.matches.values()] == ["partial"]
    assert [g["buy_point"] for g in project.matching_gaps] == ["B1", "B2"]


@pytest.mark.parametrize(
    ("buy", "sell", "rule"),
    [("B9", "S1", "buy-point-known"), ("B1", "S9", "sell-point-known")],
)
def test_only_known_points_are_matched(
    given: Given, buy: str, sell: str, rule: str
) -> None:
    project = given(initiated, table)

    assert refused(lambda: project.match_points(buy, sell, "strong", "x", ON)) == rule
    assert new_events(project) == []


def test_the_table_is_kept_after_ati_only(given: Given) -> None:
    project = given()

    assert (
        refused(lambda: project.record_buy_point("x", "high", None, ON))
        == "project-must-be-initiated"
    )


BUY = {"need": "backups within the night", "importance": "high"}
SELL = {"offer": "incremental snapshots", "differentiator": True}
SPONSOR = {"X-Actor": "Sofia", "X-Actor-Role": "sponsor", "X-Actor-Level": "1"}


async def test_the_table_through_the_api(
    client: httpx.AsyncClient, opened: str, parts: ServiceParts
) -> None:
    on = {"occurred_on": "2024-03-05"}
    ati = {"approved": True, "sponsor": "Sofia",
           "iron_triangle": {"ar": "Ana", "sr": "Sam", "fr": "Fei"}}  # fmt: skip
    steps: list[tuple[str, dict[str, Any]]] = [
        ("initiation-request", {"requested_by": "Ana"}),
        ("ati", ati),
        ("buy-points", BUY),
        ("buy-points", {"need": "one bill", "importance": "low"}),
        ("sell-points", SELL),
    ]
    for path, body in steps:
        answer = await client.post(f"{opened}/{path}", json=body | on, headers=SPONSOR)
        assert answer.status_code == 200, answer.text
    match = {"buy_point": "B1", "sell_point": "S1", "strength": "strong",
             "argument": "snapshots end by 2 am"} | on  # fmt: skip

    matched = await client.post(f"{opened}/matches", json=match)

    assert matched.status_code == 200, matched.text
    table = matched.json()["matching"]
    assert [m["sell_point"] for m in table["matches"]] == ["S1"]
    assert table["gaps"] == [
        {"buy_point": "B2", "need": "one bill", "importance": "low",
         "raised_by": None, "best_strength": None}
    ]  # fmt: skip
    assert table["unused_sell_points"] == []
    stored = parts.store.recorder.max_notification_id()
    unknown = await client.post(f"{opened}/matches", json=match | {"buy_point": "B7"})
    assert (unknown.status_code, unknown.json()["rule"]) == (409, "buy-point-known")
    bad = await client.post(f"{opened}/matches", json=match | {"strength": "huge"})
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (
        422, "body.strength")  # fmt: skip
    assert parts.store.recorder.max_notification_id() == stored
