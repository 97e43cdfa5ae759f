"""Lead use cases: each command loads a lead, runs one method, and returns it.

The route or batch that called it stores the events (see ltc_shared.commands).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal
from uuid import UUID

from lead_svc.collecting import index_new_lead
from lead_svc.domain import Candidate, Lead, LeadIndex, Signals
from lead_svc.schemas import (
    AssessMaturity,
    AssignLead,
    CaptureLead,
    DistributeLead,
    DropLead,
    GenerateLead,
    GradeLead,
    MergeLead,
    NurtureLead,
    QualifyLead,
    RecordCoreElements,
    RecordKeyPerson,
    VerifyLead,
)
from ltc_shared.commands import Handler, Targeted, UnitOfWork
from ltc_shared.eventstore import ServiceApplication
from ltc_shared.ids import natural_id


class LeadStore(ServiceApplication):
    name = "lead"


class OnLead(Targeted):
    lead_id: UUID


class CaptureLeadCommand(CaptureLead):
    type: Literal["CaptureLead"] = "CaptureLead"


class AssignLeadCommand(AssignLead, OnLead):
    type: Literal["AssignLead"] = "AssignLead"


class GradeLeadCommand(GradeLead, OnLead):
    type: Literal["GradeLead"] = "GradeLead"


class NurtureLeadCommand(NurtureLead, OnLead):
    type: Literal["NurtureLead"] = "NurtureLead"


class QualifyLeadCommand(QualifyLead, OnLead):
    type: Literal["QualifyLead"] = "QualifyLead"


class DropLeadCommand(DropLead, OnLead):
    type: Literal["DropLead"] = "DropLead"


class MergeLeadCommand(MergeLead, OnLead):
    type: Literal["MergeLead"] = "MergeLead"


class GenerateLeadCommand(GenerateLead, OnLead):
    type: Literal["GenerateLead"] = "GenerateLead"


class VerifyLeadCommand(VerifyLead, OnLead):
    type: Literal["VerifyLead"] = "VerifyLead"


class DistributeLeadCommand(DistributeLead, OnLead):
    type: Literal["DistributeLead"] = "DistributeLead"


class AssessMaturityCommand(AssessMaturity, OnLead):
    type: Literal["AssessLeadMaturity"] = "AssessLeadMaturity"


class RecordCoreElementsCommand(RecordCoreElements, OnLead):
    type: Literal["RecordCoreElements"] = "RecordCoreElements"


class RecordKeyPersonCommand(RecordKeyPerson, OnLead):
    type: Literal["RecordKeyPerson"] = "RecordKeyPerson"


def _identity(lead: Lead) -> tuple[object, ...]:
    return (lead.customer, lead.channel, lead.business_unit, lead.first_contact_on)


def _lead(command: OnLead, unit: UnitOfWork) -> Lead:
    return unit.load(Lead, command.lead_id, "lead", command.expected_version)


def capture(command: CaptureLead, unit: UnitOfWork) -> Lead:
    lead = Lead.capture(
        natural_id("lead", command.external_ref),
        command.customer,
        command.channel,
        command.business_unit,
        command.product,
        command.region,
        command.pain_points,
        command.first_contact_on,
        need=command.need,
        industry=command.industry,
    )
    found = unit.create(lead, "lead", _identity)
    if found is lead:
        index_new_lead(lead, unit.find, _adder(unit))
    return found


def _adder(unit: UnitOfWork) -> Callable[[LeadIndex], LeadIndex]:
    return lambda index: unit.create(index, "lead key", lambda i: i.key)


def assign(command: AssignLeadCommand, unit: UnitOfWork) -> Lead:
    lead = _lead(command, unit)
    lead.assign(command.owner, command.occurred_on)
    return lead


def grade(command: GradeLeadCommand, unit: UnitOfWork) -> Lead:
    lead = _lead(command, unit)
    lead.grade(command.maturity, command.occurred_on)
    return lead


def nurture(command: NurtureLeadCommand, unit: UnitOfWork) -> Lead:
    lead = _lead(command, unit)
    lead.nurture(
        command.note,
        command.next_step,
        command.occurred_on,
        command.next_step_on,
        command.window_ends_on,
    )
    return lead


def qualify(command: QualifyLeadCommand, unit: UnitOfWork) -> Lead:
    lead = _lead(command, unit)
    lead.qualify(
        command.criteria.model_dump(),
        command.expected_value,
        command.currency,
        command.occurred_on,
    )
    return lead


def drop(command: DropLeadCommand, unit: UnitOfWork) -> Lead:
    lead = _lead(command, unit)
    lead.drop(command.reason, command.occurred_on)
    return lead


def merge(command: MergeLeadCommand, unit: UnitOfWork) -> Lead:
    lead = _lead(command, unit)
    original = unit.load(Lead, command.into, "lead")
    lead.merge_into(original, command.occurred_on)
    return lead


def generate(command: GenerateLeadCommand, unit: UnitOfWork) -> Lead:
    lead = _lead(command, unit)
    lead.generate(command.generated_by, command.occurred_on)
    return lead


def verify(command: VerifyLeadCommand, unit: UnitOfWork) -> Lead:
    lead = _lead(command, unit)
    lead.verify(command.criteria.model_dump(), command.verified_by, command.occurred_on)
    return lead


def distribute(command: DistributeLeadCommand, unit: UnitOfWork) -> Lead:
    lead = _lead(command, unit)
    candidates = [
        Candidate(
            name=c.name,
            regions=tuple(c.regions),
            industries=tuple(c.industries),
            capacity=c.capacity,
            current_load=c.current_load,
        )
        for c in command.candidates
    ]
    lead.distribute(candidates, command.occurred_on)
    return lead


def assess(command: AssessMaturityCommand, unit: UnitOfWork) -> Lead:
    lead = _lead(command, unit)
    lead.assess_maturity(Signals(**command.signals.model_dump()), command.occurred_on)
    return lead


def describe(command: RecordCoreElementsCommand, unit: UnitOfWork) -> Lead:
    lead = _lead(command, unit)
    elements = {
        name: getattr(command, name).model_dump() if getattr(command, name) else None
        for name in ("pain", "solution", "value", "investment")
    }
    lead.record_core_elements(elements, command.occurred_on)
    return lead


def record_person(command: RecordKeyPersonCommand, unit: UnitOfWork) -> Lead:
    lead = _lead(command, unit)
    lead.record_key_person(
        command.name, command.role, command.title, command.occurred_on
    )
    return lead


HANDLERS: dict[str, Handler[Any]] = {
    "CaptureLead": Handler(CaptureLeadCommand, capture),
    "AssignLead": Handler(AssignLeadCommand, assign),
    "GradeLead": Handler(GradeLeadCommand, grade),
    "NurtureLead": Handler(NurtureLeadCommand, nurture),
    "QualifyLead": Handler(QualifyLeadCommand, qualify),
    "DropLead": Handler(DropLeadCommand, drop),
    "MergeLead": Handler(MergeLeadCommand, merge),
    "GenerateLead": Handler(GenerateLeadCommand, generate),
    "VerifyLead": Handler(VerifyLeadCommand, verify),
    "DistributeLead": Handler(DistributeLeadCommand, distribute),
    "AssessLeadMaturity": Handler(AssessMaturityCommand, assess),
    "RecordCoreElements": Handler(RecordCoreElementsCommand, describe),
    "RecordKeyPerson": Handler(RecordKeyPersonCommand, record_person),
}
