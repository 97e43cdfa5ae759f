"""Given events, when a command, then new events (or the rule that refused it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest

from ltc_shared.authority import Actor
from ltc_shared.errors import RuleViolated
from ltc_shared.ids import derived_id, natural_id
from ltc_shared.testing import event_types, new_events
from opportunity_svc.domain import Opportunity

OPENED_ON = date(2024, 3, 1)
EVALUATED_ON = date(2024, 3, 4)
REQUESTED_ON = date(2024, 3, 6)
DECIDED_ON = date(2024, 3, 8)
TRIANGLE = {"ar": "Ana (AR)", "sr": "Sam (SR)", "fr": "Fei (FR)"}
SOFIA = Actor(id="Sofia", role="sponsor", level=2)


def request(o: Opportunity) -> None:
    o.request_initiation("Ana", REQUESTED_ON)


def approve(o: Opportunity) -> None:
    o.approve_initiation(SOFIA, "Sofia", dict(TRIANGLE), DECIDED_ON)


def reject(o: Opportunity) -> None:
    o.reject_initiation(SOFIA, "no budget this year", DECIDED_ON)


def lose(o: Opportunity) -> None:
    o.lose("customer chose a rival", DECIDED_ON)


Given = Callable[..., Opportunity]


def refused(run: Callable[[], None]) -> str:
    with pytest.raises(RuleViolated) as caught:
        run()
    return str(caught.value.rule)


def test_a_sudden_opportunity_is_named_by_its_external_reference(
    open_sudden: Callable[[str], Opportunity],
) -> None:
    opportunity = open_sudden("crm-42")

    [(kind, fields)] = new_events(opportunity)
    assert kind == "OpportunityOpened"
    assert opportunity.id == natural_id("opportunity", "crm-42")
    assert fields["origin"] == "sudden"
    assert fields["lead_id"] is None
    assert fields["external_ref"] == "crm-42"
    assert fields["expected_value"] == Decimal("125000.00")
    assert fields["occurred_on"] == OPENED_ON
    assert fields["trace"] == {"opportunity_id": str(opportunity.id)}


def test_a_qualified_lead_opens_an_opportunity_traced_to_the_lead() -> None:
    lead_id = uuid4()
    opportunity = Opportunity.from_lead(
        lead_id,
        {"lead_id": str(lead_id)},
        customer="Acme",
        channel="paid_search",
        business_unit="cloud",
        owner="Ana",
        product="GTX Pro",
        region="West",
        expected_value=Decimal("10.00"),
        currency="EUR",
        occurred_on=OPENED_ON,
    )

    [(kind, fields)] = new_events(opportunity)
    assert kind == "OpportunityOpened"
    assert opportunity.id == derived_id("opportunity", lead_id)
    assert (fields["origin"], fields["lead_id"]) == ("lead", lead_id)
    assert fields["external_ref"] is None
    assert fields["trace"] == {
        "lead_id": str(lead_id),
        "opportunity_id": str(opportunity.id),
    }


def test_evaluation_revises_the_expected_value(given: Given) -> None:
    opportunity = given()

    opportunity.evaluate(Decimal("0.35"), Decimal("90000.00"), "rival", EVALUATED_ON)

    [(kind, fields)] = new_events(opportunity)
    assert kind == "OpportunityEvaluated"
    assert fields["win_probability"] == Decimal("0.35")
    assert fields["expected_value"] == Decimal("90000.00")
    assert fields["trace"] == opportunity.trace
    assert opportunity.expected_value == Decimal("90000.00")


@pytest.mark.parametrize("share", [Decimal("-0.01"), Decimal("1.01")])
def test_a_win_probability_is_a_share(given: Given, share: Decimal) -> None:
    opportunity = given()

    rule = refused(lambda: opportunity.evaluate(share, Decimal(1), "", EVALUATED_ON))

    assert rule == "win-probability-is-a-share"
    assert event_types(opportunity) == []


@pytest.mark.parametrize("ended_by", [approve, reject, lose])
def test_an_ended_opportunity_is_not_evaluated(
    given: Given, ended_by: Callable[[Opportunity], None]
) -> None:
    steps = (request, ended_by) if ended_by is approve else (ended_by,)
    opportunity = given(*steps)

    rule = refused(
        lambda: opportunity.evaluate(Decimal("0.5"), Decimal(1), "", DECIDED_ON)
    )

    assert rule == "opportunity-must-be-open"


def test_business_dates_never_go_backwards(given: Given) -> None:
    opportunity = given(request)

    rule = refused(lambda: opportunity.lose("too late", date(2024, 3, 5)))

    assert rule == "business-dates-in-order"
    assert event_types(opportunity) == []


def test_initiation_is_requested(given: Given) -> None:
    opportunity = given()

    opportunity.request_initiation("Ana", REQUESTED_ON)

    [(kind, fields)] = new_events(opportunity)
    assert kind == "InitiationRequested"
    assert fields["requested_by"] == "Ana"
    assert opportunity.status == "initiation_requested"


def test_initiation_is_requested_once(given: Given) -> None:
    opportunity = given(request)

    rule = refused(lambda: opportunity.request_initiation("Ana", REQUESTED_ON))

    assert rule == "initiation-requested-once"


def test_a_lost_opportunity_is_not_put_to_ati(given: Given) -> None:
    opportunity = given(lose)

    assert refused(lambda: request(opportunity)) == "opportunity-must-be-open"
    assert refused(lambda: approve(opportunity)) == "opportunity-must-be-open"


def test_approved_ati_initiates_the_project_with_copies(given: Given) -> None:
    opportunity = given(request)

    opportunity.approve_initiation(SOFIA, "Sofia", dict(TRIANGLE), DECIDED_ON)

    [(kind, fields)] = new_events(opportunity)
    assert kind == "ProjectInitiated"
    assert fields["iron_triangle"] == TRIANGLE
    assert (fields["decided_by"], fields["sponsor"]) == ("Sofia", "Sofia")
    assert fields["decider"] == {"id": "Sofia", "role": "sponsor", "level": 2}
    assert fields["tier"] == 1
    assert fields["inputs"]["risk_register_version"] == 0
    assert fields["origin"] == "sudden"
    assert fields["customer"] == "Acme Telecom"
    assert fields["owner"] == "Ana"
    assert fields["expected_value"] == Decimal("125000.00")
    assert fields["currency"] == "USD"
    assert fields["occurred_on"] == DECIDED_ON
    assert opportunity.status == "initiated"


def test_the_initiated_project_carries_the_evaluated_value(given: Given) -> None:
    opportunity = given(
        lambda o: o.evaluate(Decimal("0.6"), Decimal("80000.00"), "", EVALUATED_ON),
        request,
    )

    approve(opportunity)

    [(_, fields)] = new_events(opportunity)
    assert fields["expected_value"] == Decimal("80000.00")


def test_approving_needs_an_initiation_request(given: Given) -> None:
    opportunity = given()

    assert refused(lambda: approve(opportunity)) == "ati-needs-initiation-request"
    assert event_types(opportunity) == []


@pytest.mark.parametrize("decided_by", [approve, reject])
def test_ati_is_decided_once(
    given: Given, decided_by: Callable[[Opportunity], None]
) -> None:
    opportunity = given(request, decided_by)

    assert refused(lambda: approve(opportunity)) == "ati-decided-once"
    assert refused(lambda: reject(opportunity)) == "ati-decided-once"


def test_an_initiated_project_names_its_sponsor(given: Given) -> None:
    opportunity = given(request)

    rule = refused(
        lambda: opportunity.approve_initiation(SOFIA, None, TRIANGLE, DECIDED_ON)
    )

    assert rule == "project-needs-sponsor"


@pytest.mark.parametrize(
    "triangle", [None, {"ar": "Ana", "sr": "Sam"}, {"ar": "Ana", "sr": "", "fr": "F"}]
)
def test_an_initiated_project_names_its_iron_triangle(
    given: Given, triangle: dict[str, str] | None
) -> None:
    opportunity = given(request)

    rule = refused(
        lambda: opportunity.approve_initiation(SOFIA, "Sofia", triangle, DECIDED_ON)
    )

    assert rule == "project-needs-iron-triangle"
    assert event_types(opportunity) == []


def test_a_rejected_ati_ends_the_opportunity(given: Given) -> None:
    opportunity = given(request)

    opportunity.reject_initiation(SOFIA, "no budget this year", DECIDED_ON)

    [(kind, fields)] = new_events(opportunity)
    assert kind == "InitiationRejected"
    assert fields["reason"] == "no budget this year"
    assert fields["decider"] == {"id": "Sofia", "role": "sponsor", "level": 2}
    assert opportunity.status == "rejected"


@pytest.mark.parametrize("reason", [None, ""])
def test_a_rejected_ati_says_why(given: Given, reason: str | None) -> None:
    opportunity = given(request)

    rule = refused(lambda: opportunity.reject_initiation(SOFIA, reason, DECIDED_ON))

    assert rule == "rejection-needs-reason"


def test_an_opportunity_is_lost_before_initiation(given: Given) -> None:
    opportunity = given(request)

    opportunity.lose("customer chose a rival", DECIDED_ON)

    [(kind, fields)] = new_events(opportunity)
    assert kind == "OpportunityLost"
    assert fields["reason"] == "customer chose a rival"
    assert opportunity.status == "lost"


def test_an_initiated_project_without_a_pending_bid_is_lost(given: Given) -> None:
    opportunity = given(request, approve)

    lose(opportunity)

    assert event_types(opportunity) == ["OpportunityLost"]
    assert opportunity.status == "lost"


@pytest.mark.parametrize("ended_by", [lose, reject])
def test_an_ended_opportunity_is_not_lost_again(
    given: Given, ended_by: Callable[[Opportunity], None]
) -> None:
    opportunity = given(ended_by)

    assert refused(lambda: lose(opportunity)) == "opportunity-must-be-open"
