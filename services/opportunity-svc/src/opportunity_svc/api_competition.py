"""opportunity-svc's routes for the competition and the customer's
selection criteria, kept while the customer is guided after ATI."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from ltc_shared.web import ExpectedVersion
from opportunity_svc import application_project as use
from opportunity_svc.api import COMMAND_ERRORS, Opportunities, answer
from opportunity_svc.schemas import OpportunityView
from opportunity_svc.schemas_competition import (
    AnalyseCompetitor,
    RecordSelectionCriterion,
)

router = APIRouter(prefix="/opportunities/{opportunity_id}", tags=["competition"])


@router.post("/competitors", responses=COMMAND_ERRORS)
def analyse_competitor(
    opportunity_id: UUID,
    body: AnalyseCompetitor,
    opportunities: Opportunities,
    v: ExpectedVersion,
    r: Response,
) -> OpportunityView:
    """A competitor's strengths and weaknesses, and our strategy against it."""
    command = use.AnalyseCompetitorCommand(
        opportunity_id=opportunity_id, expected_version=v, **body.model_dump()
    )
    return answer(opportunities, use.analyse_competitor, command, r)


@router.post("/selection-criteria", responses=COMMAND_ERRORS)
def record_selection_criterion(
    opportunity_id: UUID,
    body: RecordSelectionCriterion,
    opportunities: Opportunities,
    v: ExpectedVersion,
    r: Response,
) -> OpportunityView:
    """A criterion of the customer's tender, its weight, and whether and how
    we influenced it; the weights add up to 100 % at most."""
    command = use.RecordSelectionCriterionCommand(
        opportunity_id=opportunity_id, expected_version=v, **body.model_dump()
    )
    return answer(opportunities, use.record_selection_criterion, command, r)
