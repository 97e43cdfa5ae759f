"""Given events, when generating, verifying or distributing a lead, then the
new events (or the rule that refused the command)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import uuid4

import pytest

from lead_svc.domain import Candidate, Lead, pick_owner
from ltc_shared.errors import RuleViolated
from ltc_shared.testing import event_types, new_events

LEAD_MET = {"specific_customer": True, "purchase_intent": True, "can_take_part": True}
DAY = date(2018, 1, 12)


def captured(industry: str | None = "telecom") -> Lead:
    lead = Lead.capture(
        uuid4(),
        "ACME",
        "social",
        "bu",
        "cloud",
        "North",
        [],
        date(2018, 1, 10),
        industry=industry,
    )
    lead.collect_events()
    return lead


def verified(industry: str | None = "telecom") -> Lead:
    lead = captured(industry)
    lead.generate("gina", date(2018, 1, 11))
    lead.verify(LEAD_MET, "panel", date(2018, 1, 11))
    lead.collect_events()
    return lead


def candidate(
    name: str,
    load: int,
    capacity: int = 5,
    regions: tuple[str, ...] = ("north",),
    industries: tuple[str, ...] = ("Telecom",),
) -> Candidate:
    return Candidate(name, regions, industries, capacity, load)


def test_generating_names_the_lead_management_owner() -> None:
    lead = captured()
    lead.generate("gina", DAY)
    assert new_events(lead) == [
        (
            "LeadGenerated",
            {
                "trace": {"lead_id": str(lead.id)},
                "generated_by": "gina",
                "occurred_on": DAY,
            },
        )
    ]


def test_a_lead_is_generated_once() -> None:
    lead = verified()
    with pytest.raises(RuleViolated) as refused:
        lead.generate("other", DAY)
    assert refused.value.rule == "lead-generated-once"
    assert event_types(lead) == []


def test_verifying_a_generated_lead_meeting_the_lead_criteria() -> None:
    lead = captured()
    lead.generate("gina", DAY)
    lead.collect_events()
    lead.verify(LEAD_MET, "panel", DAY)
    [(name, fields)] = new_events(lead)
    assert (name, fields["verified_by"], fields["criteria"]) == (
        "LeadVerified",
        "panel",
        LEAD_MET,
    )


def test_verifying_before_generation_is_refused() -> None:
    lead = captured()
    with pytest.raises(RuleViolated) as refused:
        lead.verify(LEAD_MET, "panel", DAY)
    assert refused.value.rule == "lead-must-be-generated"
    assert event_types(lead) == []


def test_verifying_with_an_unmet_lead_criterion_names_it() -> None:
    lead = captured()
    lead.generate("gina", DAY)
    lead.collect_events()
    with pytest.raises(RuleViolated) as refused:
        lead.verify(LEAD_MET | {"purchase_intent": False}, "panel", DAY)
    assert refused.value.rule == "lead-criteria"
    assert "purchase intent" in refused.value.detail
    assert event_types(lead) == []


def test_a_lead_is_verified_once() -> None:
    lead = verified()
    with pytest.raises(RuleViolated) as refused:
        lead.verify(LEAD_MET, "panel", DAY)
    assert refused.value.rule == "lead-verified-once"


def test_distributing_picks_the_least_loaded_fitting_owner_and_says_why() -> None:
    lead = verified()
    lead.distribute(
        [
            candidate("ann", 3),
            candidate("bob", 1, regions=("south",)),
            candidate("cid", 2),
            candidate("dan", 0, industries=("banking",)),
            candidate("eve", 4, capacity=4),
        ],
        DAY,
    )
    [(name, fields)] = new_events(lead)
    assert (name, fields["owner"]) == ("LeadAssigned", "cid")
    assert fields["reason"] == (
        "covers region North, industry telecom; load 2 of 5, "
        "the least of 2 fitting candidate(s)"
    )
    assert lead.owner == "cid"


def test_ties_in_load_go_to_the_first_name() -> None:
    chosen = pick_owner([candidate("zoe", 1), candidate("amy", 1)], "north", None)
    assert chosen is not None
    assert chosen[0].name == "amy"


def test_a_lead_without_industry_is_matched_on_region_alone() -> None:
    lead = verified(industry=None)
    lead.distribute([candidate("dan", 0, industries=("banking",))], DAY)
    assert lead.owner == "dan"


def test_distributing_when_nobody_fits_is_refused() -> None:
    lead = verified()
    with pytest.raises(RuleViolated) as refused:
        lead.distribute([candidate("eve", 4, capacity=4)], DAY)
    assert refused.value.rule == "no-owner-fits"
    assert event_types(lead) == []


def test_distributing_an_unverified_lead_is_refused() -> None:
    lead = captured()
    with pytest.raises(RuleViolated) as refused:
        lead.distribute([candidate("ann", 0)], DAY)
    assert refused.value.rule == "lead-must-be-verified"
    assert event_types(lead) == []


def test_evaluation_steps_on_a_closed_lead_are_refused() -> None:
    lead = verified()
    lead.drop("no budget", DAY)
    lead.collect_events()
    commands: list[Callable[[], None]] = [
        lambda: lead.generate("gina", DAY),
        lambda: lead.verify(LEAD_MET, "panel", DAY),
        lambda: lead.distribute([candidate("ann", 0)], DAY),
    ]
    for command in commands:
        with pytest.raises(RuleViolated) as refused:
            command()
        assert refused.value.rule == "lead-must-be-open"
    assert event_types(lead) == []


def test_an_evaluation_step_before_the_first_contact_is_refused() -> None:
    lead = captured()
    with pytest.raises(RuleViolated) as refused:
        lead.generate("gina", date(2018, 1, 1))
    assert refused.value.rule == "business-dates-in-order"
