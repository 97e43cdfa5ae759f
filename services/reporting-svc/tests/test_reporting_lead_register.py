"""The lead register carries what the lead events tell of each lead; a
refund of the customer's credit takes it out of what was collected."""

from __future__ import annotations

from decimal import Decimal

from reporting_svc.chains import collected
from reporting_svc.reports import lead_register
from reporting_svc.schemas import LeadFilters
from reporting_svc.testing import Story, d, project


def test_the_register_shows_screening_grading_and_the_core_elements() -> None:
    story = Story()
    lead = story.capture("r1", "2024-01-10", "web")
    story.emit("lead", "LeadGenerated", lead, "2024-01-11", generated_by="lena")
    story.emit(
        "lead", "LeadVerified", lead, "2024-01-12", verified_by="eva",
        criteria={"specific_customer": True},
    )  # fmt: skip
    story.emit(
        "lead", "LeadAssigned", lead, "2024-01-13", owner="ana",
        reason="covers north, load 1 of 5",
    )  # fmt: skip
    signals = {
        "urgency": "some",
        "solution_maturity": "converging",
        "customer_consensus": "discussing",
        "months_to_procurement": 4,
    }
    story.emit(
        "lead", "LeadGraded", lead, "2024-01-14", maturity="medium",
        treatment="nurture harder", signals=signals,
    )  # fmt: skip
    story.emit(
        "lead", "LeadCoreElementsRecorded", lead, "2024-01-15",
        elements={"investment": {"plan": "2024", "budget": Decimal("900.00")}},
    )  # fmt: skip
    story.emit(
        "lead", "LeadCoreElementsRecorded", lead, "2024-01-16",
        elements={"value": {"benefit": "a day saved a week"}},
    )  # fmt: skip
    story.emit(
        "lead", "KeyPersonRecorded", lead, "2024-01-17", name="mo",
        role="decision_maker", title="CIO",
    )  # fmt: skip
    twin = story.capture("r2", "2024-01-18", "web")
    story.emit("lead", "LeadFlaggedAsDuplicate", twin, "2024-01-18",
               duplicate_of=str(lead))  # fmt: skip
    story.emit("lead", "LeadsMerged", twin, "2024-01-19", into=str(lead))
    story.emit("lead", "DuplicateLeadAbsorbed", lead, "2024-01-19",
               merged=str(twin), pain_points=["audits"])  # fmt: skip

    page = lead_register(project([e for _, e in story.envelopes]), LeadFilters())

    first, merged = page.items
    assert (first.generated_by, first.verified_by) == ("lena", "eva")
    assert (first.owner, first.assignment_reason) == (
        "ana",
        "covers north, load 1 of 5",
    )
    assert (first.maturity, first.treatment) == ("medium", "nurture harder")
    assert first.maturity_signals == signals
    assert first.core_elements == {
        "investment": {"plan": "2024", "budget": "900.00"},
        "value": {"benefit": "a day saved a week"},
    }
    assert [(p.name, p.role, p.title) for p in first.key_people] == [
        ("mo", "decision_maker", "CIO")
    ]
    assert first.merged_leads == [twin]
    assert first.pain_points == ["slow backups", "audits"]
    assert (merged.status, merged.duplicate_of, merged.merged_into) == (
        "merged", lead, lead)  # fmt: skip
    assert d("2024-01-18") == merged.first_contact_on


def test_a_lead_assigned_by_hand_has_no_distribution_reason() -> None:
    story = Story()
    lead = story.capture("r3", "2024-02-01", "web")
    story.assign(lead, "bo", "2024-02-02")

    (row,) = lead_register(
        project([e for _, e in story.envelopes]), LeadFilters()
    ).items

    assert (row.owner, row.assignment_reason, row.maturity_signals) == (
        "bo",
        None,
        None,
    )
    assert (row.core_elements, row.key_people, row.merged_leads) == ({}, [], [])


def test_a_refunded_credit_is_collected_no_more() -> None:
    story = Story()
    opportunity = story.sudden("rf", "2024-01-02", "1000.00", "cy")
    bid = story.initiate(opportunity, "2024-01-05")
    story.submit(bid, "2024-01-08", "1000.00")
    ledger = story.sign(
        story.win(bid, "2024-01-10", "1000.00"), "2024-01-12", "1000.00"
    )
    story.emit(
        "ledger", "CustomerCreditRecorded", ledger, "2024-01-20",
        payment_ref="BANK-1", amount=Decimal("300.00"),
    )  # fmt: skip
    story.emit(
        "ledger", "CreditRefunded", ledger, "2024-01-25",
        refund_ref="RF-1", amount=Decimal("120.00"), credit_left=Decimal("180.00"),
    )  # fmt: skip

    (doc,) = project([e for _, e in story.envelopes])["ledger"]

    assert collected(doc) == Decimal("180.00")
    assert collected(doc, until=d("2024-01-22")) == Decimal("300.00")
