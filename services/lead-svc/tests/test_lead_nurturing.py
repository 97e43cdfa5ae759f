"""Given events, when tracking, grading or describing a lead, then the new
events (or the rule that refused the command)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import uuid4

import pytest

from lead_svc.domain import Lead, Signals, maturity_of
from ltc_shared.errors import RuleViolated
from ltc_shared.testing import event_types, new_events

DAY = date(2018, 2, 1)


def captured() -> Lead:
    lead = Lead.capture(
        uuid4(), "ACME", "social", "bu", "cloud", "north", [], date(2018, 1, 10)
    )
    lead.collect_events()
    return lead


def test_a_touch_records_its_next_step_and_time_window() -> None:
    lead = captured()
    lead.nurture("call", "demo", DAY, date(2018, 2, 8), date(2018, 6, 30))
    [(name, fields)] = new_events(lead)
    assert name == "LeadNurtured"
    assert (fields["next_step_on"], fields["window_ends_on"]) == (
        date(2018, 2, 8),
        date(2018, 6, 30),
    )
    assert (lead.next_step, lead.next_step_on) == ("demo", date(2018, 2, 8))


@pytest.mark.parametrize(
    ("next_step_on", "window_ends_on", "rule"),
    [
        (date(2018, 1, 31), None, "next-step-ahead"),
        (None, date(2018, 1, 31), "window-ahead"),
        (date(2018, 7, 1), date(2018, 6, 30), "next-step-within-window"),
    ],
)
def test_a_touch_planned_out_of_order_is_refused(
    next_step_on: date | None, window_ends_on: date | None, rule: str
) -> None:
    lead = captured()
    with pytest.raises(RuleViolated) as refused:
        lead.nurture("call", "demo", DAY, next_step_on, window_ends_on)
    assert refused.value.rule == rule
    assert event_types(lead) == []


@pytest.mark.parametrize(
    ("signals", "maturity"),
    [
        (Signals("low", "none", "divided", 12), "low"),
        (Signals("some", "none", "divided", 4), "low"),
        (Signals("some", "converging", "discussing", 4), "medium"),
        (Signals("urgent", "mature", "discussing", 6), "medium"),
        (Signals("urgent", "mature", "agreed", 4), "high"),
        (Signals("urgent", "mature", "agreed", 0), "high"),
    ],
)
def test_maturity_follows_the_signals(signals: Signals, maturity: str) -> None:
    assert maturity_of(signals) == maturity


def test_assessing_maturity_grades_the_lead_with_its_treatment() -> None:
    lead = captured()
    lead.assess_maturity(Signals("some", "converging", "discussing", 4), DAY)
    [(name, fields)] = new_events(lead)
    assert name == "LeadGraded"
    assert (fields["maturity"], fields["treatment"]) == ("medium", "nurture harder")
    assert fields["signals"] == {
        "urgency": "some",
        "solution_maturity": "converging",
        "customer_consensus": "discussing",
        "months_to_procurement": 4,
    }


def test_an_explicit_grade_also_names_its_treatment() -> None:
    lead = captured()
    lead.grade("high", DAY)
    [(_, fields)] = new_events(lead)
    assert (fields["maturity"], fields["treatment"]) == ("high", "convert now")


def test_assessing_a_dropped_lead_is_refused() -> None:
    lead = captured()
    lead.drop("gone", DAY)
    lead.collect_events()
    with pytest.raises(RuleViolated) as refused:
        lead.assess_maturity(Signals("low", "none", "divided", 12), DAY)
    assert refused.value.rule == "lead-must-be-open"


def test_core_elements_are_recorded_as_given_and_kept_together() -> None:
    lead = captured()
    pain: dict[str, Any] = {"pain_points": ["slow"], "impact": "lost orders"}
    lead.record_core_elements({"pain": pain, "value": None}, DAY)
    investment = {"plan": "2019 capex", "budget": Decimal("5000.00")}
    lead.record_core_elements({"investment": investment}, DAY)
    events = new_events(lead)
    assert [name for name, _ in events] == ["LeadCoreElementsRecorded"] * 2
    assert events[0][1]["elements"] == {"pain": pain}
    assert lead.core_elements == {"pain": pain, "investment": investment}


def test_core_elements_without_any_element_are_refused() -> None:
    lead = captured()
    with pytest.raises(RuleViolated) as refused:
        lead.record_core_elements({"pain": None}, DAY)
    assert refused.value.rule == "core-element-needed"
    assert event_types(lead) == []


def test_key_people_are_recorded_by_role() -> None:
    lead = captured()
    lead.record_key_person("Li", "decision_maker", "CIO", DAY)
    [(name, fields)] = new_events(lead)
    assert (name, fields["name"], fields["role"]) == (
        "KeyPersonRecorded",
        "Li",
        "decision_maker",
    )
    assert lead.key_people == {"Li": {"role": "decision_maker", "title": "CIO"}}


def test_describing_a_dropped_lead_is_refused() -> None:
    lead = captured()
    lead.drop("gone", DAY)
    lead.collect_events()
    with pytest.raises(RuleViolated) as refused:
        lead.record_key_person("Li", "stakeholder", None, DAY)
    assert refused.value.rule == "lead-must-be-open"
    with pytest.raises(RuleViolated):
        lead.record_core_elements({"value": {"benefit": "x"}}, DAY)
    assert event_types(lead) == []
