"""lead-svc's REST API: thin routes over the lead use cases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel

from lead_svc import application as use
from lead_svc.collecting import open_duplicates
from lead_svc.domain import Lead
from lead_svc.schemas import (
    AssessMaturity,
    AssignLead,
    CaptureLead,
    DistributeLead,
    DropLead,
    GenerateLead,
    GradeLead,
    LeadView,
    MergeLead,
    NurtureLead,
    QualifyLead,
    RecordCoreElements,
    RecordKeyPerson,
    VerifyLead,
)
from lead_svc.views import RegisterEntry
from ltc_shared.commands import UnitOfWork, batch_router
from ltc_shared.committer import perform
from ltc_shared.problems import problem_responses
from ltc_shared.web import ExpectedVersion, set_version

router = APIRouter(prefix="/leads", tags=["leads"])
COMMAND_ERRORS = problem_responses(404, 409, 412, 422)
C = TypeVar("C", bound=BaseModel)


def store_of(request: Request) -> use.LeadStore:
    found = request.app.state.store
    assert isinstance(found, use.LeadStore)
    return found


async def store(request: Request) -> use.LeadStore:
    return store_of(request)


Leads = Annotated[use.LeadStore, Depends(store)]


async def _answer(
    leads: use.LeadStore,
    run: Callable[[C, UnitOfWork], Lead],
    command: C,
    response: Response,
) -> LeadView:
    lead, created = await perform(leads, run, command)
    response.status_code = 201 if created else 200
    set_version(response, lead.version)
    return LeadView.of(lead)


@router.post(
    "", status_code=201, response_model=LeadView, responses=problem_responses(409, 422)
)
async def capture_lead(body: CaptureLead, leads: Leads, response: Response) -> LeadView:
    """Capture a lead; the same `external_ref` again returns the same lead."""
    view = await _answer(leads, use.capture, body, response)
    response.headers["Location"] = f"/leads/{view.id}"
    return view


@router.get("/{lead_id}", response_model=LeadView, responses=problem_responses(404))
def get_lead(lead_id: UUID, leads: Leads, response: Response) -> LeadView:
    lead = leads.load(Lead, lead_id, "lead")
    set_version(response, lead.version)
    return LeadView.of(lead)


@router.post("/{lead_id}/assignment", response_model=LeadView, responses=COMMAND_ERRORS)
async def assign_lead(
    lead_id: UUID, body: AssignLead, leads: Leads, v: ExpectedVersion, r: Response
) -> LeadView:
    command = use.AssignLeadCommand(
        lead_id=lead_id, expected_version=v, **body.model_dump()
    )
    return await _answer(leads, use.assign, command, r)


@router.post("/{lead_id}/grade", response_model=LeadView, responses=COMMAND_ERRORS)
async def grade_lead(
    lead_id: UUID, body: GradeLead, leads: Leads, v: ExpectedVersion, r: Response
) -> LeadView:
    command = use.GradeLeadCommand(
        lead_id=lead_id, expected_version=v, **body.model_dump()
    )
    return await _answer(leads, use.grade, command, r)


@router.post("/{lead_id}/touches", response_model=LeadView, responses=COMMAND_ERRORS)
async def nurture_lead(
    lead_id: UUID, body: NurtureLead, leads: Leads, v: ExpectedVersion, r: Response
) -> LeadView:
    command = use.NurtureLeadCommand(
        lead_id=lead_id, expected_version=v, **body.model_dump()
    )
    return await _answer(leads, use.nurture, command, r)


@router.post(
    "/{lead_id}/qualification", response_model=LeadView, responses=COMMAND_ERRORS
)
async def qualify_lead(
    lead_id: UUID, body: QualifyLead, leads: Leads, v: ExpectedVersion, r: Response
) -> LeadView:
    command = use.QualifyLeadCommand(
        lead_id=lead_id, expected_version=v, **body.model_dump()
    )
    return await _answer(leads, use.qualify, command, r)


@router.post("/{lead_id}/drop", response_model=LeadView, responses=COMMAND_ERRORS)
async def drop_lead(
    lead_id: UUID, body: DropLead, leads: Leads, v: ExpectedVersion, r: Response
) -> LeadView:
    command = use.DropLeadCommand(
        lead_id=lead_id, expected_version=v, **body.model_dump()
    )
    return await _answer(leads, use.drop, command, r)


@router.get(
    "/{lead_id}/register-entry",
    response_model=RegisterEntry,
    responses=problem_responses(404),
)
def get_register_entry(
    lead_id: UUID, leads: Leads, response: Response
) -> RegisterEntry:
    """All the lead register shows for one lead; the register's list of leads
    is served by the reporting service."""
    lead = leads.load(Lead, lead_id, "lead")
    set_version(response, lead.version)
    return RegisterEntry.of(lead, open_duplicates(lead, UnitOfWork(leads).find))


@router.post("/{lead_id}/merge", response_model=LeadView, responses=COMMAND_ERRORS)
async def merge_lead(
    lead_id: UUID, body: MergeLead, leads: Leads, v: ExpectedVersion, r: Response
) -> LeadView:
    """Fold this lead into the lead it duplicates; it closes as merged."""
    command = use.MergeLeadCommand(
        lead_id=lead_id, expected_version=v, **body.model_dump()
    )
    return await _answer(leads, use.merge, command, r)


@router.post("/{lead_id}/generation", response_model=LeadView, responses=COMMAND_ERRORS)
async def generate_lead(
    lead_id: UUID, body: GenerateLead, leads: Leads, v: ExpectedVersion, r: Response
) -> LeadView:
    command = use.GenerateLeadCommand(
        lead_id=lead_id, expected_version=v, **body.model_dump()
    )
    return await _answer(leads, use.generate, command, r)


@router.post(
    "/{lead_id}/verification", response_model=LeadView, responses=COMMAND_ERRORS
)
async def verify_lead(
    lead_id: UUID, body: VerifyLead, leads: Leads, v: ExpectedVersion, r: Response
) -> LeadView:
    """Check the lead criteria; refused (rule `lead-criteria`) unless all hold."""
    command = use.VerifyLeadCommand(
        lead_id=lead_id, expected_version=v, **body.model_dump()
    )
    return await _answer(leads, use.verify, command, r)


@router.post(
    "/{lead_id}/distribution", response_model=LeadView, responses=COMMAND_ERRORS
)
async def distribute_lead(
    lead_id: UUID, body: DistributeLead, leads: Leads, v: ExpectedVersion, r: Response
) -> LeadView:
    """Assign the lead to the least loaded candidate who covers its region and
    industry and has capacity left (rule `no-owner-fits` when nobody does)."""
    command = use.DistributeLeadCommand(
        lead_id=lead_id, expected_version=v, **body.model_dump()
    )
    return await _answer(leads, use.distribute, command, r)


@router.post(
    "/{lead_id}/maturity-assessment", response_model=LeadView, responses=COMMAND_ERRORS
)
async def assess_maturity(
    lead_id: UUID, body: AssessMaturity, leads: Leads, v: ExpectedVersion, r: Response
) -> LeadView:
    """Grade the lead from the source's signals; the grade names its treatment."""
    command = use.AssessMaturityCommand(
        lead_id=lead_id, expected_version=v, **body.model_dump()
    )
    return await _answer(leads, use.assess, command, r)


@router.post(
    "/{lead_id}/core-elements", response_model=LeadView, responses=COMMAND_ERRORS
)
async def record_core_elements(
    lead_id: UUID,
    body: RecordCoreElements,
    leads: Leads,
    v: ExpectedVersion,
    r: Response,
) -> LeadView:
    command = use.RecordCoreElementsCommand(
        lead_id=lead_id, expected_version=v, **body.model_dump()
    )
    return await _answer(leads, use.describe, command, r)


@router.post("/{lead_id}/key-people", response_model=LeadView, responses=COMMAND_ERRORS)
async def record_key_person(
    lead_id: UUID, body: RecordKeyPerson, leads: Leads, v: ExpectedVersion, r: Response
) -> LeadView:
    command = use.RecordKeyPersonCommand(
        lead_id=lead_id, expected_version=v, **body.model_dump()
    )
    return await _answer(leads, use.record_person, command, r)


batch = batch_router("/leads", "leads", use.HANDLERS, store_of)
