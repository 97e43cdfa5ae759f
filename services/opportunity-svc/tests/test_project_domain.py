"""The sales project's sub-processes: given events, when a command, then new
events (or the rule that refused it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from ltc_shared.authority import Actor
from ltc_shared.errors import DomainError, Forbidden
from ltc_shared.testing import event_types, new_events
from opportunity_svc.domain import Opportunity
from opportunity_svc.project.scoring import PAYMENT_MODEL, SUCCESS_MODEL

ON = date(2024, 3, 10)
TRIANGLE = {"ar": "Ana", "sr": "Sam", "fr": "Fei"}
SPONSOR = Actor(id="Sofia", role="sponsor", level=3)
BEST = {factor: grades[0] for factor, grades in SUCCESS_MODEL.items()}
WORST = {factor: grades[-1] for factor, grades in SUCCESS_MODEL.items()}
SOLVENT = {factor: grades[1] for factor, grades in PAYMENT_MODEL.items()}
Given = Callable[..., Opportunity]


def request(o: Opportunity) -> None:
    o.request_initiation("Ana", ON)


def verify(o: Opportunity) -> None:
    o.verify("high", "a reference customer", ["5G core"], ["late tender"], ["Ana"], ON)


def major(o: Opportunity) -> None:
    o.set_project_type("government", "major", "solution", ON)


def approve(o: Opportunity, actor: Actor | None = SPONSOR) -> None:
    o.approve_initiation(actor, "Sofia", dict(TRIANGLE), ON)


def team(o: Opportunity) -> None:
    o.appoint_team([{"name": "Pat", "role": "project_manager"}], "Pat", ON, SPONSOR)


def lose(o: Opportunity) -> None:
    o.lose("customer chose a rival", ON)


def bid_opened(o: Opportunity) -> None:
    o.note_bid_opened("bid-1", ON)


def refused(run: Callable[[], object]) -> str:
    with pytest.raises(DomainError) as caught:
        run()
    return str(caught.value.rule)


def test_the_success_model_sets_the_win_probability(given: Given) -> None:
    opportunity = given()
    grades = BEST | {"competitor_share": "40_to_70", "price_competitiveness": "poor"}

    opportunity.evaluate(
        None, Decimal("100000.00"), "", ON, grades, payment_factors=SOLVENT
    )

    [(kind, fields)] = new_events(opportunity)
    assert kind == "OpportunityEvaluated"
    assert fields["win_probability"] == Decimal("0.6875")
    assert fields["success_factors"] == grades
    assert fields["payment_capability"] == Decimal("0.7500")
    assert opportunity.win_probability == Decimal("0.6875")


@pytest.mark.parametrize(
    ("grades", "share"), [(BEST, Decimal("1")), (WORST, Decimal("0.25"))]
)
def test_a_grade_earns_four_points_down_to_one(
    given: Given, grades: dict[str, str], share: Decimal
) -> None:
    opportunity = given()

    opportunity.evaluate(None, Decimal(1), "", ON, grades)

    assert opportunity.win_probability == share


@pytest.mark.parametrize(
    ("probability", "grades", "rule"),
    [
        (None, None, "evaluation-needs-win-probability"),
        (Decimal("0.9"), BEST | WORST, "win-probability-follows-scoring"),
        (None, {"brand_recognition": "approves"}, "scoring-grades-every-factor"),
        (None, BEST | {"customer_maturity": "stranger"}, "scoring-grades-every-factor"),
    ],
)
def test_an_evaluation_scores_one_probability(
    given: Given, probability: Decimal | None, grades: dict[str, str] | None, rule: str
) -> None:
    opportunity = given()

    assert (
        refused(lambda: opportunity.evaluate(probability, Decimal(1), "", ON, grades))
        == rule
    )
    assert event_types(opportunity) == []


def test_the_verification_is_recorded(given: Given) -> None:
    opportunity = given()

    verify(opportunity)

    [(kind, fields)] = new_events(opportunity)
    assert kind == "OpportunityVerified"
    assert (fields["strategy_fit"], fields["capability_gaps"]) == ("high", ["5G core"])
    assert opportunity.verifications == 1


def test_the_project_type_sets_the_tier(given: Given) -> None:
    opportunity = given()

    major(opportunity)

    [(kind, fields)] = new_events(opportunity)
    assert kind == "ProjectTypeSet"
    assert (fields["scale"], fields["tier"]) == ("major", 3)
    assert opportunity.tier == 3


def test_verification_comes_before_ati(given: Given) -> None:
    opportunity = given(request, approve)

    assert refused(lambda: verify(opportunity)) == "opportunity-must-be-open"


def test_after_ati_the_type_changes_only_by_a_sponsor(given: Given) -> None:
    opportunity = given(request, approve)

    assert refused(lambda: major(opportunity)) == "tier-change-needs-decider"


def test_the_requester_is_recorded(given: Given) -> None:
    opportunity = given()
    ana = Actor(id="ana", role="ar", level=1)

    opportunity.request_initiation("Ana", ON, ana)

    [(_, fields)] = new_events(opportunity)
    assert fields["requester"] == {"id": "ana", "role": "ar", "level": 1}


def test_a_tiered_project_is_initiated_by_a_sponsor_of_its_level(
    given: Given,
) -> None:
    opportunity = given(
        major,
        verify,
        lambda o: o.raise_risk("late tender", "high", "medium", "", "Ana", ON),
        request,
    )

    approve(opportunity)

    [(kind, fields)] = new_events(opportunity)
    assert kind == "ProjectInitiated"
    assert fields["tier"] == 3
    assert fields["decided_by"] == "Sofia"
    assert fields["decider"] == {"id": "Sofia", "role": "sponsor", "level": 3}
    assert fields["inputs"]["risk_register_version"] == 1
    assert fields["inputs"]["verifications"] == 1


@pytest.mark.parametrize(
    ("actor", "rule"),
    [
        (None, "ati-needs-decider"),
        (Actor(id="ana", role="ar", level=4), "ati-role"),
        (Actor(id="bo", role="sponsor", level=2), "ati-level"),
    ],
)
def test_ati_is_refused_to_the_wrong_decider(
    given: Given, actor: Actor | None, rule: str
) -> None:
    opportunity = given(major, verify, request)

    with pytest.raises(Forbidden) as caught:
        approve(opportunity, actor)
    with pytest.raises(Forbidden):
        opportunity.reject_initiation(actor, "no fit", ON)

    assert caught.value.rule == rule
    assert event_types(opportunity) == []


def test_a_tiered_project_is_verified_before_ati(given: Given) -> None:
    opportunity = given(major, request)

    assert refused(lambda: approve(opportunity)) == "ati-needs-verification"
    assert event_types(opportunity) == []


@pytest.mark.parametrize(
    "step", [team, lambda o: o.record_guidance("pain_points", "y", ON)]
)
def test_the_project_steps_follow_an_approved_ati(
    given: Given, step: Callable[[Opportunity], None]
) -> None:
    opportunity = given(request)

    assert refused(lambda: step(opportunity)) == "project-must-be-initiated"


def test_the_team_is_appointed_with_its_project_manager(given: Given) -> None:
    opportunity = given(request, approve)

    team(opportunity)

    [(kind, fields)] = new_events(opportunity)
    assert kind == "TeamAppointed"
    assert fields["project_manager"] == "Pat"
    assert fields["members"] == [{"name": "Pat", "role": "project_manager"}]


def test_the_project_manager_is_a_member(given: Given) -> None:
    opportunity = given(request, approve)

    rule = refused(
        lambda: opportunity.appoint_team(
            [{"name": "Ana", "role": "ar"}], "Pat", ON, SPONSOR
        )
    )

    assert rule == "project-manager-in-team"


def charter(o: Opportunity) -> None:
    o.issue_charter(
        Decimal("5000.00"),
        "travel and demos",
        "project meetings",
        "weekly",
        [{"name": "tender", "due_on": "2024-05-01"}],
        "medium",
        "by contribution",
        "win the tender",
        "signed contract",
        ON,
    )


def test_the_charter_names_the_appointed_team(given: Given) -> None:
    opportunity = given(request, approve, team)

    charter(opportunity)

    [(kind, fields)] = new_events(opportunity)
    assert kind == "CharterIssued"
    assert fields["team"] == [{"name": "Pat", "role": "project_manager"}]
    assert (fields["preliminary_budget"], fields["currency"]) == (
        Decimal("5000.00"),
        "USD",
    )


def test_the_charter_follows_the_appointment(given: Given) -> None:
    opportunity = given(request, approve)

    assert refused(lambda: charter(opportunity)) == "charter-needs-team"
