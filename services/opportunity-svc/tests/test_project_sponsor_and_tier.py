"""After ATI: the project's tier changes only by a sponsor who reaches both
tiers, another sponsor is appointed by one who reaches the tier, and every
change of the risk register carries the register's version."""

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
SOFIA = Actor(id="Sofia", role="sponsor", level=2)
BOSS = Actor(id="Bo", role="sponsor", level=4)
Given = Callable[..., Opportunity]


def initiated(o: Opportunity) -> None:
    o.set_project_type("large_group", "important", "solution", ON)
    o.verify("high", "reference", [], [], [], ON)
    o.request_initiation("Ana", ON)
    o.approve_initiation(SOFIA, "Sofia", {"ar": "Ana", "sr": "Sam", "fr": "Fei"}, ON)


def refused(run: Callable[[], object]) -> tuple[int, str]:
    with pytest.raises(DomainError) as caught:
        run()
    return caught.value.status, str(caught.value.rule)


def test_a_sponsor_reaching_both_tiers_raises_the_tier(given: Given) -> None:
    project = given(initiated)

    project.set_project_type("government", "major", "solution", ON, BOSS)

    [(kind, fields)] = new_events(project)
    assert kind == "ProjectTypeSet"
    assert (fields["previous_tier"], fields["tier"]) == (2, 3)
    assert fields["changed_by"] == {"id": "Bo", "role": "sponsor", "level": 4}
    assert project.tier == 3


@pytest.mark.parametrize(
    ("scale", "actor", "rule"),
    [
        ("major", SOFIA, "tier-change-level"),  # the new tier is above her
        ("ordinary", Actor(id="Al", role="sponsor", level=1), "tier-change-level"),
        ("major", Actor(id="Ana", role="ar", level=4), "tier-change-role"),
    ],
)
def test_a_tier_change_beyond_the_deciders_level_is_refused(
    given: Given, scale: Any, actor: Actor, rule: str
) -> None:
    project = given(initiated)

    assert refused(
        lambda: project.set_project_type("sme", scale, "solution", ON, actor)
    ) == (403, rule)
    assert new_events(project) == []


def test_the_named_sponsor_hands_the_project_over(given: Given) -> None:
    project = given(initiated)

    project.appoint_sponsor("Bo", SOFIA, ON)

    [(kind, fields)] = new_events(project)
    assert kind == "SponsorAppointed"
    assert (fields["previous_sponsor"], fields["sponsor"]) == ("Sofia", "Bo")
    assert project.sponsor == "Bo"


def test_another_sponsor_takes_the_project_only_once_its_tier_rose(
    given: Given,
) -> None:
    project = given(initiated)

    # Sofia, named at tier 2, still reaches it: nobody else takes her place.
    assert refused(lambda: project.appoint_sponsor("Bo", BOSS, ON)) == (
        403,
        "sponsor-appointment-named-sponsor",
    )
    assert new_events(project) == []

    project.set_project_type("government", "major", "solution", ON, BOSS)
    project.appoint_sponsor("Bo", BOSS, ON)

    assert project.sponsor == "Bo"
    # Bo, named at tier 3, is now the one others cannot replace.
    assert refused(
        lambda: project.appoint_sponsor(
            "Cy", Actor(id="Cy", role="sponsor", level=4), ON
        )
    ) == (403, "sponsor-appointment-named-sponsor")


def test_a_sponsor_is_appointed_only_to_an_initiated_project(given: Given) -> None:
    project = given()

    assert refused(lambda: project.appoint_sponsor("Bo", BOSS, ON)) == (
        409,
        "project-must-be-initiated",
    )


def test_each_risk_change_carries_the_register_version(given: Given) -> None:
    project = given(initiated)

    risk = project.raise_risk("late tender", "high", "medium", "", "Ana", ON)
    project.update_risk(risk, {"owner": "Sam"}, "mitigating", ON)
    project.close_risk(risk, ON)

    assert [f["register_version"] for _, f in new_events(project)] == [1, 2, 3]
    assert project.risk_register_version == 3


SPONSOR = {"X-Actor": "Sofia", "X-Actor-Role": "sponsor", "X-Actor-Level": "2"}
BOSS_HEADERS = {"X-Actor": "Bo", "X-Actor-Role": "sponsor", "X-Actor-Level": "4"}


async def test_tier_change_and_sponsor_through_the_api(
    client: httpx.AsyncClient, opened: str, parts: ServiceParts
) -> None:
    on = {"occurred_on": "2024-03-05"}
    important = {"customer_type": "sme", "scale": "important", "offering": "solution"}
    verification = {"strategy_fit": "high", "value": "v", "capability_gaps": [],
                    "first_risks": [], "resources": []}  # fmt: skip
    ati = {"approved": True, "sponsor": "Sofia",
           "iron_triangle": {"ar": "Ana", "sr": "Sam", "fr": "Fei"}}  # fmt: skip
    steps: list[tuple[str, dict[str, Any]]] = [
        ("project-type", important),
        ("verification", verification),
        ("initiation-request", {"requested_by": "Ana"}),
        ("ati", ati),
    ]
    for path, body in steps:
        answer = await client.post(f"{opened}/{path}", json=body | on, headers=SPONSOR)
        assert answer.status_code == 200, answer.text  # fmt: skip
    stored = parts.store.recorder.max_notification_id()

    major = important | {"scale": "major"} | on
    mine = await client.post(f"{opened}/project-type", json=major, headers=SPONSOR)
    assert (mine.status_code, mine.json()["rule"]) == (403, "tier-change-level")
    assert parts.store.recorder.max_notification_id() == stored

    raised = await client.post(
        f"{opened}/project-type", json=major, headers=BOSS_HEADERS
    )
    assert (raised.status_code, raised.json()["tier"]) == (200, 3)
    appointed = await client.post(
        f"{opened}/sponsor", json={"sponsor": "Bo"} | on, headers=BOSS_HEADERS
    )
    assert (appointed.status_code, appointed.json()["sponsor"]) == (200, "Bo")


def test_a_team_appointment_renames_the_iron_triangle(given: Given) -> None:
    project = given(initiated)

    members = [{"name": "Pat", "role": "project_manager"}, {"name": "Al", "role": "AR"}]
    project.appoint_team(members, "Pat", ON, SOFIA)

    [(_, fields)] = new_events(project)
    assert fields["iron_triangle"] == {"ar": "Al", "sr": "Sam", "fr": "Fei"}
    assert project.iron_triangle == {"ar": "Al", "sr": "Sam", "fr": "Fei"}


def test_the_team_is_appointed_by_the_project_s_sponsor_alone(given: Given) -> None:
    project = given(initiated)
    members = [{"name": "Mal", "role": "ar"}]

    assert refused(lambda: project.appoint_team(members, "Mal", ON, None)) == (
        403,
        "team-appointment-needs-decider",
    )
    assert refused(lambda: project.appoint_team(members, "Mal", ON, BOSS)) == (
        403,
        "team-appointment-named-sponsor",
    )
    assert new_events(project) == []
    assert project.iron_triangle == {"ar": "Ana", "sr": "Sam", "fr": "Fei"}


def test_the_triangle_has_one_person_per_role(given: Given) -> None:
    project = given(initiated)
    members = [{"name": "Al", "role": "ar"}, {"name": "Bo", "role": "ar"}]

    assert refused(lambda: project.appoint_team(members, "Al", ON, SOFIA)) == (
        409,
        "one-person-per-triangle-role",
    )
