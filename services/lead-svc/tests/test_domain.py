"""Given events, when a command, then new events (or the rule that refused it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest

from lead_svc.domain import Lead
from ltc_shared.errors import RuleViolated
from ltc_shared.testing import event_types, new_events

ALL_MET = {
    "in_purchasing_process": True,
    "has_investment_plan": True,
    "can_take_part": True,
}


def captured() -> Lead:
    lead = Lead.capture(
        uuid4(),
        "ACME",
        "social",
        "bu",
        "cloud",
        "north",
        ["slow billing"],
        date(2018, 1, 10),
    )
    lead.collect_events()
    return lead


def assigned() -> Lead:
    lead = captured()
    lead.assign("ann", date(2018, 1, 11))
    lead.collect_events()
    return lead


def test_capturing_records_the_first_contact_as_business_date() -> None:
    lead = Lead.capture(
        uuid4(), "ACME", "social", "bu", "cloud", "north", [], date(2018, 1, 10)
    )
    [(name, fields)] = new_events(lead)
    assert name == "LeadCaptured"
    assert fields["occurred_on"] == date(2018, 1, 10)
    assert fields["trace"] == {"lead_id": str(lead.id)}


def test_assigning_names_the_owner() -> None:
    lead = captured()
    lead.assign("ann", date(2018, 1, 11))
    assert new_events(lead) == [
        (
            "LeadAssigned",
            {
                "trace": {"lead_id": str(lead.id)},
                "owner": "ann",
                "occurred_on": date(2018, 1, 11),
                "reason": None,
            },
        )
    ]


def test_grading_and_nurturing_record_their_events() -> None:
    lead = captured()
    lead.grade("medium", date(2018, 1, 12))
    lead.nurture("call", "demo", date(2018, 1, 13))
    assert event_types(lead) == ["LeadGraded", "LeadNurtured"]
    assert lead.maturity == "medium"
    assert lead.touches == 1


def test_qualifying_an_assigned_lead_meeting_the_criteria() -> None:
    lead = assigned()
    lead.qualify(ALL_MET, Decimal("120.50"), "USD", date(2018, 2, 1))
    [(name, fields)] = new_events(lead)
    assert name == "LeadQualified"
    assert fields["owner"] == "ann"
    assert fields["expected_value"] == Decimal("120.50")
    assert fields["first_contact_on"] == date(2018, 1, 10)
    assert lead.status == "qualified"


def test_qualifying_without_an_owner_is_refused() -> None:
    lead = captured()
    with pytest.raises(RuleViolated) as refused:
        lead.qualify(ALL_MET, Decimal(1), "USD", date(2018, 2, 1))
    assert refused.value.rule == "lead-needs-owner"
    assert event_types(lead) == []


def test_qualifying_with_an_unmet_criterion_names_it() -> None:
    lead = assigned()
    with pytest.raises(RuleViolated) as refused:
        lead.qualify(
            ALL_MET | {"has_investment_plan": False},
            Decimal(1),
            "USD",
            date(2018, 2, 1),
        )
    assert refused.value.rule == "opportunity-criteria"
    assert "investment plan" in refused.value.detail
    assert event_types(lead) == []


def test_a_step_dated_before_the_first_contact_is_refused() -> None:
    lead = captured()
    with pytest.raises(RuleViolated) as refused:
        lead.assign("ann", date(2018, 1, 9))
    assert refused.value.rule == "business-dates-in-order"
    assert event_types(lead) == []


def test_dropping_records_the_reason() -> None:
    lead = captured()
    lead.drop("no budget", date(2018, 3, 1))
    [(name, fields)] = new_events(lead)
    assert (name, fields["reason"]) == ("LeadDropped", "no budget")


@pytest.mark.parametrize(
    "command",
    [
        lambda lead: lead.qualify(ALL_MET, Decimal(1), "USD", date(2018, 4, 1)),
        lambda lead: lead.assign("bob", date(2018, 4, 1)),
        lambda lead: lead.drop("again", date(2018, 4, 1)),
    ],
)
def test_a_dropped_lead_takes_no_further_command(
    command: Callable[[Lead], None],
) -> None:
    lead = assigned()
    lead.drop("no budget", date(2018, 3, 1))
    lead.collect_events()
    with pytest.raises(RuleViolated) as refused:
        command(lead)
    assert refused.value.rule == "lead-must-be-open"
    assert event_types(lead) == []
