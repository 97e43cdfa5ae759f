"""lead-svc's REST API: thin routes over the lead use cases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel

from lead_svc import application as use
from lead_svc.domain import Lead
from lead_svc.schemas import (
    AssignLead,
    CaptureLead,
    DropLead,
    GradeLead,
    LeadView,
    NurtureLead,
    QualifyLead,
)
from ltc_shared.commands import UnitOfWork, batch_router, execute
from ltc_shared.problems import problem_responses
from ltc_shared.web import ExpectedVersion, set_version

router = APIRouter(prefix="/leads", tags=["leads"])
COMMAND_ERRORS = problem_responses(404, 409, 412, 422)
C = TypeVar("C", bound=BaseModel)


def store(request: Request) -> use.LeadStore:
    found = request.app.state.store
    assert isinstance(found, use.LeadStore)
    return found


Leads = Annotated[use.LeadStore, Depends(store)]


def _answer(
    leads: use.LeadStore,
    run: Callable[[C, UnitOfWork], Lead],
    command: C,
    response: Response,
) -> LeadView:
    lead, created = execute(leads, run, command)
    response.status_code = 201 if created else 200
    set_version(response, lead.version)
    return LeadView.of(lead)


@router.post(
    "", status_code=201, response_model=LeadView, responses=problem_responses(409, 422)
)
def capture_lead(body: CaptureLead, leads: Leads, response: Response) -> LeadView:
    """Capture a lead; the same `external_ref` again returns the same lead."""
    view = _answer(leads, use.capture, body, response)
    response.headers["Location"] = f"/leads/{view.id}"
    return view


@router.get("/{lead_id}", response_model=LeadView, responses=problem_responses(404))
def get_lead(lead_id: UUID, leads: Leads, response: Response) -> LeadView:
    lead = leads.load(Lead, lead_id, "lead")
    set_version(response, lead.version)
    return LeadView.of(lead)


@router.post("/{lead_id}/assignment", response_model=LeadView, responses=COMMAND_ERRORS)
def assign_lead(
    lead_id: UUID, body: AssignLead, leads: Leads, v: ExpectedVersion, r: Response
) -> LeadView:
    command = use.AssignLeadCommand(
        lead_id=lead_id, expected_version=v, **body.model_dump()
    )
    return _answer(leads, use.assign, command, r)


@router.post("/{lead_id}/grade", response_model=LeadView, responses=COMMAND_ERRORS)
def grade_lead(
    lead_id: UUID, body: GradeLead, leads: Leads, v: ExpectedVersion, r: Response
) -> LeadView:
    command = use.GradeLeadCommand(
        lead_id=lead_id, expected_version=v, **body.model_dump()
    )
    return _answer(leads, use.grade, command, r)


@router.post("/{lead_id}/touches", response_model=LeadView, responses=COMMAND_ERRORS)
def nurture_lead(
    lead_id: UUID, body: NurtureLead, leads: Leads, v: ExpectedVersion, r: Response
) -> LeadView:
    command = use.NurtureLeadCommand(
        lead_id=lead_id, expected_version=v, **body.model_dump()
    )
    return _answer(leads, use.nurture, command, r)


@router.post(
    "/{lead_id}/qualification", response_model=LeadView, responses=COMMAND_ERRORS
)
def qualify_lead(
    lead_id: UUID, body: QualifyLead, leads: Leads, v: ExpectedVersion, r: Response
) -> LeadView:
    command = use.QualifyLeadCommand(
        lead_id=lead_id, expected_version=v, **body.model_dump()
    )
    return _answer(leads, use.qualify, command, r)


@router.post("/{lead_id}/drop", response_model=LeadView, responses=COMMAND_ERRORS)
def drop_lead(
    lead_id: UUID, body: DropLead, leads: Leads, v: ExpectedVersion, r: Response
) -> LeadView:
    command = use.DropLeadCommand(
        lead_id=lead_id, expected_version=v, **body.model_dump()
    )
    return _answer(leads, use.drop, command, r)


batch = batch_router("/leads", "leads", use.HANDLERS, store)
