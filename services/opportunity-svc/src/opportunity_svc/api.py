"""opportunity-svc's REST API: thin routes over the opportunity use cases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel

from ltc_shared.authority import CallingActor
from ltc_shared.commands import UnitOfWork, batch_router, execute
from ltc_shared.problems import problem_responses
from ltc_shared.web import ExpectedVersion, set_version
from opportunity_svc import application as use
from opportunity_svc import application_project as project
from opportunity_svc.domain import Opportunity
from opportunity_svc.schemas import (
    DecideInitiation,
    EvaluateOpportunity,
    LoseOpportunity,
    OpenOpportunity,
    OpportunityView,
    RequestInitiation,
)

router = APIRouter(prefix="/opportunities", tags=["opportunities"])
COMMAND_ERRORS = problem_responses(404, 409, 412, 422)
DECISION_ERRORS = problem_responses(403, 404, 409, 412, 422)
C = TypeVar("C", bound=BaseModel)


def store(request: Request) -> use.OpportunityStore:
    found = request.app.state.store
    assert isinstance(found, use.OpportunityStore)
    return found


Opportunities = Annotated[use.OpportunityStore, Depends(store)]


def answer(
    opportunities: use.OpportunityStore,
    run: Callable[[C, UnitOfWork], Opportunity],
    command: C,
    response: Response,
) -> OpportunityView:
    opportunity, created = execute(opportunities, run, command)
    response.status_code = 201 if created else 200
    set_version(response, opportunity.version)
    return OpportunityView.of(opportunity)


@router.post(
    "",
    status_code=201,
    response_model=OpportunityView,
    responses=problem_responses(409, 422),
)
def open_opportunity(
    body: OpenOpportunity, opportunities: Opportunities, response: Response
) -> OpportunityView:
    """Open a "sudden" opportunity, one that skipped the lead stage; the same
    `external_ref` again returns the same opportunity."""
    view = answer(opportunities, use.open_sudden, body, response)
    response.headers["Location"] = f"/opportunities/{view.id}"
    return view


@router.get(
    "/{opportunity_id}",
    response_model=OpportunityView,
    responses=problem_responses(404),
)
def get_opportunity(
    opportunity_id: UUID, opportunities: Opportunities, response: Response
) -> OpportunityView:
    opportunity = opportunities.load(Opportunity, opportunity_id, "opportunity")
    set_version(response, opportunity.version)
    return OpportunityView.of(opportunity)


@router.post(
    "/{opportunity_id}/evaluation",
    response_model=OpportunityView,
    responses=COMMAND_ERRORS,
)
def evaluate_opportunity(
    opportunity_id: UUID,
    body: EvaluateOpportunity,
    opportunities: Opportunities,
    v: ExpectedVersion,
    r: Response,
) -> OpportunityView:
    command = use.EvaluateOpportunityCommand(
        opportunity_id=opportunity_id, expected_version=v, **body.model_dump()
    )
    return answer(opportunities, use.evaluate, command, r)


@router.post(
    "/{opportunity_id}/initiation-request",
    response_model=OpportunityView,
    responses=COMMAND_ERRORS,
)
def request_initiation(
    opportunity_id: UUID,
    body: RequestInitiation,
    opportunities: Opportunities,
    v: ExpectedVersion,
    r: Response,
    actor: CallingActor,
) -> OpportunityView:
    """File the initiation request; the caller is recorded as the requester."""
    command = use.RequestInitiationCommand(
        opportunity_id=opportunity_id,
        expected_version=v,
        **body.model_dump(exclude={"actor"}),
        actor=actor,
    )
    return answer(opportunities, use.request_initiation, command, r)


@router.post(
    "/{opportunity_id}/ati",
    response_model=OpportunityView,
    responses=DECISION_ERRORS,
    summary="Decide ATI",
)
def decide_initiation(
    opportunity_id: UUID,
    body: DecideInitiation,
    opportunities: Opportunities,
    v: ExpectedVersion,
    r: Response,
    actor: CallingActor,
) -> OpportunityView:
    """The sponsor's ATI decision on the initiation request: approved, it
    initiates the sales project with its iron triangle; not approved, the
    opportunity ends. The caller decides: a sponsor whose level reaches the
    project's tier (403 otherwise); a tier 2 or higher project is verified
    first."""
    command = use.DecideInitiationCommand(
        opportunity_id=opportunity_id,
        expected_version=v,
        **body.model_dump(exclude={"actor"}),
        actor=actor,
    )
    return answer(opportunities, use.decide_initiation, command, r)


@router.post(
    "/{opportunity_id}/loss",
    response_model=OpportunityView,
    responses=COMMAND_ERRORS,
)
def lose_opportunity(
    opportunity_id: UUID,
    body: LoseOpportunity,
    opportunities: Opportunities,
    v: ExpectedVersion,
    r: Response,
) -> OpportunityView:
    """Give the opportunity up; after ATI only while none of the project's
    bids is pending (withdraw it first)."""
    command = use.LoseOpportunityCommand(
        opportunity_id=opportunity_id, expected_version=v, **body.model_dump()
    )
    return answer(opportunities, use.lose, command, r)


batch = batch_router(
    "/opportunities", "opportunities", use.HANDLERS | project.HANDLERS, store
)
