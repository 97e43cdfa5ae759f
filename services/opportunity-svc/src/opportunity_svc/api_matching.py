"""opportunity-svc's routes for the buy/sell point matching table, kept
while the customer is guided after ATI."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from ltc_shared.web import ExpectedVersion
from opportunity_svc import application_project as use
from opportunity_svc.api import COMMAND_ERRORS, Opportunities, answer
from opportunity_svc.schemas import OpportunityView
from opportunity_svc.schemas_matching import (
    MatchPoints,
    RecordBuyPoint,
    RecordSellPoint,
)

router = APIRouter(
    prefix="/opportunities/{opportunity_id}", tags=["buy/sell point matching"]
)


@router.post("/buy-points", responses=COMMAND_ERRORS)
def record_buy_point(
    opportunity_id: UUID,
    body: RecordBuyPoint,
    opportunities: Opportunities,
    v: ExpectedVersion,
    r: Response,
) -> OpportunityView:
    """Enter what the customer values, under the next id (B1, B2, ...)."""
    command = use.RecordBuyPointCommand(
        opportunity_id=opportunity_id, expected_version=v, **body.model_dump()
    )
    return answer(opportunities, use.record_buy_point, command, r)


@router.post("/sell-points", responses=COMMAND_ERRORS)
def record_sell_point(
    opportunity_id: UUID,
    body: RecordSellPoint,
    opportunities: Opportunities,
    v: ExpectedVersion,
    r: Response,
) -> OpportunityView:
    """Enter what our offer provides, under the next id (S1, S2, ...)."""
    command = use.RecordSellPointCommand(
        opportunity_id=opportunity_id, expected_version=v, **body.model_dump()
    )
    return answer(opportunities, use.record_sell_point, command, r)


@router.post("/matches", responses=COMMAND_ERRORS)
def match_points(
    opportunity_id: UUID,
    body: MatchPoints,
    opportunities: Opportunities,
    v: ExpectedVersion,
    r: Response,
) -> OpportunityView:
    """Say how well a sell point answers a buy point; the answer's
    `matching.gaps` lists the buy points still not answered."""
    command = use.MatchPointsCommand(
        opportunity_id=opportunity_id, expected_version=v, **body.model_dump()
    )
    return answer(opportunities, use.match_points, command, r)
