"""The competition and the customer's selection criteria while the customer
is guided: competitors as items with their strengths, weaknesses and our
counter-strategy; criteria with their weights and our influence on them;
after ATI only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import pytest

from ltc_shared.authority import Actor
from ltc_shared.errors import DomainError
from ltc_shared.service import ServiceParts
from ltc_shared.testing import new_events
from opportunity_svc.domain import Opportunity

ON = date(2024, 3, 10)
D = Decimal
Given = Callable[..., Opportunity]


def initiated(o: Opportunity) -> None:
    o.request_initiation("Ana", ON)
    sponsor = Actor(id="Sofia", role="sponsor", level=1)
    o.approve_initiation(sponsor, "Sofia", {"ar": "Ana", "sr": "Sam", "fr": "Fei"}, ON)


def criteria(o: Opportunity) -> None:
    o.record_selection_criterion("price", D("40"), False, None, ON)
    o.record_selection_criterion(
        "recovery time", D("35"), True, "asked for a tested 4-hour restore", ON
    )


def refused(run: Callable[[], object]) -> str:
    with pytest.raises(DomainError) as caught:
        run()
    return str(caught.value.rule)


def test_a_competitor_is_analysed_with_our_counter_strategy(given: Given) -> None:
    project = given(initiated)

    project.analyse_competitor(
        "Beta", ["cheap tapes"], ["slow restores"], "demo a restore", ON
    )

    [(kind, fields)] = new_events(project)
    assert kind == "CompetitorAnalysed"
    assert (fields["name"], fields["weaknesses"]) == ("Beta", ["slow restores"])
    assert project.competitors["Beta"]["counter_strategy"] == "demo a restore"


def test_a_competitor_analysed_again_is_replaced(given: Given) -> None:
    project = given(initiated)
    project.analyse_competitor("Beta", [], ["slow restores"], "demo a restore", ON)

    project.analyse_competitor("Beta", ["a new price"], ["no SLA"], "sell the SLA", ON)

    assert list(project.competitors) == ["Beta"]
    assert project.competitors["Beta"]["weaknesses"] == ["no SLA"]


def test_a_competitor_without_weaknesses_gives_no_strategy(given: Given) -> None:
    project = given(initiated)

    rule = refused(lambda: project.analyse_competitor("Beta", ["all"], [], "x", ON))

    assert rule == "competitor-weaknesses-named"
    assert new_events(project) == []


def test_criteria_record_their_weight_and_our_influence(given: Given) -> None:
    project = given(initiated)

    criteria(project)

    kinds = [kind for kind, _ in new_events(project)]
    assert kinds == ["SelectionCriterionRecorded"] * 2
    assert project.influenced_weight == D("35")
    assert project.selection_criteria["recovery time"]["influence"] == (
        "asked for a tested 4-hour restore"
    )


@pytest.mark.parametrize(
    ("criterion", "weight", "influenced", "influence", "rule"),
    [
        ("support", "25.01", False, None, "criteria-weights-within-whole"),
        ("support", "10", True, None, "criterion-influence-described"),
        (
            "support",
            "10",
            False,
            "a word with the CIO",
            "criterion-influence-described",
        ),
    ],
)
def test_a_criterion_beyond_the_whole_or_unexplained_is_refused(
    given: Given,
    criterion: str,
    weight: str,
    influenced: bool,
    influence: str | None,
    rule: str,
) -> None:
    project = given(initiated, criteria)

    assert refused(lambda: project.record_selection_criterion(
        criterion, D(weight), influenced, influence, ON)) == rule  # fmt: skip
    assert new_events(project) == []


def test_a_criterion_recorded_again_replaces_its_weight(given: Given) -> None:
    project = given(initiated, criteria)

    project.record_selection_criterion("price", D("65"), False, None, ON)

    assert project.selection_criteria["price"]["weight"] == D("65")


def lost(o: Opportunity) -> None:
    o.lose("customer chose Beta", ON)


@pytest.mark.parametrize("steps", [(), (initiated, lost)])
def test_the_competition_is_kept_after_ati_and_while_alive(
    given: Given, steps: tuple[Callable[[Opportunity], None], ...]
) -> None:
    project = given(*steps)

    rule = refused(lambda: project.analyse_competitor("Beta", [], ["x"], "y", ON))

    assert rule == "project-must-be-initiated"
    assert refused(lambda: criteria(project)) == "project-must-be-initiated"


SPONSOR = {"X-Actor": "Sofia", "X-Actor-Role": "sponsor", "X-Actor-Level": "1"}
COMPETITOR = {
    "name": "Beta",
    "strengths": ["cheap tapes"],
    "weaknesses": ["slow restores"],
    "counter_strategy": "demo a restore",
}


async def test_the_competition_through_the_api(
    client: httpx.AsyncClient, opened: str, parts: ServiceParts
) -> None:
    on = {"occurred_on": "2024-03-05"}
    ati = {"approved": True, "sponsor": "Sofia",
           "iron_triangle": {"ar": "Ana", "sr": "Sam", "fr": "Fei"}}  # fmt: skip
    steps: list[tuple[str, dict[str, Any]]] = [
        ("initiation-request", {"requested_by": "Ana"}),
        ("ati", ati),
        ("competitors", COMPETITOR),
        ("selection-criteria", {"criterion": "price", "weight": "40",
                                "influenced": False}),
    ]  # fmt: skip
    for path, body in steps:
        answer = await client.post(f"{opened}/{path}", json=body | on, headers=SPONSOR)
        assert answer.status_code == 200, answer.text
    criterion = {"criterion": "recovery time", "weight": "35.50", "influenced": True,
                 "influence": "asked for a tested restore"} | on  # fmt: skip

    answer = await client.post(f"{opened}/selection-criteria", json=criterion)

    assert answer.status_code == 200, answer.text
    competition = answer.json()["competition"]
    assert [c["name"] for c in competition["competitors"]] == ["Beta"]
    assert [c["criterion"] for c in competition["selection_criteria"]] == [
        "price", "recovery time"]  # fmt: skip
    assert (competition["criteria_weight"], competition["influenced_weight"]) == (
        "75.50", "35.50")  # fmt: skip
    stored = parts.store.recorder.max_notification_id()
    too_heavy = criterion | {"criterion": "support", "weight": "25"}
    answer = await client.post(f"{opened}/selection-criteria", json=too_heavy)
    assert (answer.status_code, answer.json()["rule"]) == (
        409, "criteria-weights-within-whole")  # fmt: skip
    bad = await client.post(f"{opened}/competitors", json=COMPETITOR | on
                            | {"weaknesses": []})  # fmt: skip
    assert (bad.status_code, bad.json()["rule"]) == (
        409, "competitor-weaknesses-named")  # fmt: skip
    invalid = await client.post(f"{opened}/selection-criteria",
                                json=criterion | {"weight": "0"})  # fmt: skip
    assert (invalid.status_code, invalid.json()["errors"][0]["field"]) == (
        422, "body.weight")  # fmt: skip
    assert parts.store.recorder.max_notification_id() == stored
