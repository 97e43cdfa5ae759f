"""opportunity-svc's routes for the sales project: verification and project
type before ATI; team, charter, guidance and meetings after it; the risk
register for the project's whole life."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from ltc_shared.authority import CallingActor
from ltc_shared.web import ExpectedVersion
from opportunity_svc import application_project as use
from opportunity_svc.api import COMMAND_ERRORS, DECISION_ERRORS, Opportunities, answer
from opportunity_svc.schemas import OpportunityView
from opportunity_svc.schemas_project import (
    AppointSponsor,
    AppointTeam,
    CloseRisk,
    HoldMeeting,
    IssueCharter,
    RaiseRisk,
    RecordGuidance,
    RiskId,
    SetProjectType,
    UpdateRisk,
    VerifyOpportunity,
)

router = APIRouter(prefix="/opportunities/{opportunity_id}", tags=["sales project"])


@router.post("/verification", responses=COMMAND_ERRORS)
def verify_opportunity(
    opportunity_id: UUID,
    body: VerifyOpportunity,
    opportunities: Opportunities,
    v: ExpectedVersion,
    r: Response,
) -> OpportunityView:
    """Record the verification: strategy fit and value, capability gaps,
    first risks, resources. Projects of tier 2 and above need it for ATI."""
    command = use.VerifyOpportunityCommand(
        opportunity_id=opportunity_id, expected_version=v, **body.model_dump()
    )
    return answer(opportunities, use.verify, command, r)


@router.post("/project-type", responses=DECISION_ERRORS)
def set_project_type(
    opportunity_id: UUID,
    body: SetProjectType,
    opportunities: Opportunities,
    v: ExpectedVersion,
    r: Response,
    actor: CallingActor,
) -> OpportunityView:
    """Set the project type; its scale sets the tier, the level every
    decider on the project must reach. After ATI the caller changes it: a
    sponsor whose level reaches the old and the new tier (403 otherwise);
    the bid and contract stages follow the new tier."""
    command = use.SetProjectTypeCommand(
        opportunity_id=opportunity_id,
        expected_version=v,
        **body.model_dump(exclude={"actor"}),
        actor=actor,
    )
    return answer(opportunities, use.set_project_type, command, r)


@router.post("/sponsor", responses=DECISION_ERRORS)
def appoint_sponsor(
    opportunity_id: UUID,
    body: AppointSponsor,
    opportunities: Opportunities,
    v: ExpectedVersion,
    r: Response,
    actor: CallingActor,
) -> OpportunityView:
    """Appoint another sponsor to the initiated project; the caller is a
    sponsor whose level reaches the tier. Only the sponsor named decides
    ATB, ATC, ATAC and ATCC."""
    command = use.AppointSponsorCommand(
        opportunity_id=opportunity_id,
        expected_version=v,
        **body.model_dump(exclude={"actor"}),
        actor=actor,
    )
    return answer(opportunities, use.appoint_sponsor, command, r)


@router.post("/team", responses=DECISION_ERRORS)
def appoint_team(
    opportunity_id: UUID,
    body: AppointTeam,
    opportunities: Opportunities,
    v: ExpectedVersion,
    r: Response,
    actor: CallingActor,
) -> OpportunityView:
    """The team appointment letter, after an approved ATI, by the project's
    sponsor: it names the AR, SR and FR who then act for the project."""
    command = use.AppointTeamCommand(
        opportunity_id=opportunity_id,
        expected_version=v,
        **body.model_dump(exclude={"actor"}),
        actor=actor,
    )
    return answer(opportunities, use.appoint_team, command, r)


@router.post("/charter", responses=COMMAND_ERRORS)
def issue_charter(
    opportunity_id: UUID,
    body: IssueCharter,
    opportunities: Opportunities,
    v: ExpectedVersion,
    r: Response,
) -> OpportunityView:
    """The project charter of the appointed team; issuing again revises it."""
    command = use.IssueCharterCommand(
        opportunity_id=opportunity_id, expected_version=v, **body.model_dump()
    )
    return answer(opportunities, use.issue_charter, command, r)


@router.post("/risks", responses=COMMAND_ERRORS)
def raise_risk(
    opportunity_id: UUID,
    body: RaiseRisk,
    opportunities: Opportunities,
    v: ExpectedVersion,
    r: Response,
) -> OpportunityView:
    """Enter a risk in the register, under the next id (R1, R2, ...)."""
    command = use.RaiseRiskCommand(
        opportunity_id=opportunity_id, expected_version=v, **body.model_dump()
    )
    return answer(opportunities, use.raise_risk, command, r)


@router.post("/risks/{risk_id}", responses=COMMAND_ERRORS)
def update_risk(
    opportunity_id: UUID,
    risk_id: RiskId,
    body: UpdateRisk,
    opportunities: Opportunities,
    v: ExpectedVersion,
    r: Response,
) -> OpportunityView:
    command = use.UpdateRiskCommand(
        opportunity_id=opportunity_id,
        risk_id=risk_id,
        expected_version=v,
        **body.model_dump(),
    )
    return answer(opportunities, use.update_risk, command, r)


@router.post("/risks/{risk_id}/closure", responses=COMMAND_ERRORS)
def close_risk(
    opportunity_id: UUID,
    risk_id: RiskId,
    body: CloseRisk,
    opportunities: Opportunities,
    v: ExpectedVersion,
    r: Response,
) -> OpportunityView:
    command = use.CloseRiskCommand(
        opportunity_id=opportunity_id,
        risk_id=risk_id,
        expected_version=v,
        **body.model_dump(),
    )
    return answer(opportunities, use.close_risk, command, r)


@router.post("/guidance", responses=COMMAND_ERRORS)
def record_guidance(
    opportunity_id: UUID,
    body: RecordGuidance,
    opportunities: Opportunities,
    v: ExpectedVersion,
    r: Response,
) -> OpportunityView:
    """Guide the customer, one aspect at a time; the latest word counts."""
    command = use.RecordGuidanceCommand(
        opportunity_id=opportunity_id, expected_version=v, **body.model_dump()
    )
    return answer(opportunities, use.record_guidance, command, r)


@router.post("/meetings", responses=COMMAND_ERRORS)
def hold_meeting(
    opportunity_id: UUID,
    body: HoldMeeting,
    opportunities: Opportunities,
    v: ExpectedVersion,
    r: Response,
) -> OpportunityView:
    """A project meeting (kick-off, weekly, analysis, decision) and what it
    decided."""
    command = use.HoldMeetingCommand(
        opportunity_id=opportunity_id, expected_version=v, **body.model_dump()
    )
    return answer(opportunities, use.hold_meeting, command, r)
