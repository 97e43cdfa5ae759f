"""Lead use cases: each command loads a lead, runs one method, and returns it.

The route or batch that called it stores the events (see ltc_shared.commands).
"""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from lead_svc.domain import Lead
from lead_svc.schemas import (
    AssignLead,
    CaptureLead,
    DropLead,
    GradeLead,
    NurtureLead,
    QualifyLead,
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
    )
    return unit.create(lead, "lead", _identity)


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
    lead.nurture(command.note, command.next_step, command.occurred_on)
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


HANDLERS: dict[str, Handler[Any]] = {
    "CaptureLead": Handler(CaptureLeadCommand, capture),
    "AssignLead": Handler(AssignLeadCommand, assign),
    "GradeLead": Handler(GradeLeadCommand, grade),
    "NurtureLead": Handler(NurtureLeadCommand, nurture),
    "QualifyLead": Handler(QualifyLeadCommand, qualify),
    "DropLead": Handler(DropLeadCommand, drop),
}
