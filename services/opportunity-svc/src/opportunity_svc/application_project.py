"""Sales project use cases: verification and project type before ATI; team,
charter, guidance and meetings after it; the risk register throughout."""

from __future__ import annotations

from typing import Any, Literal

from ltc_shared.commands import Handler, UnitOfWork
from opportunity_svc.application import OnOpportunity, load_opportunity
from opportunity_svc.domain import Opportunity
from opportunity_svc.schemas_competition import (
    AnalyseCompetitor,
    RecordSelectionCriterion,
)
from opportunity_svc.schemas_matching import (
    MatchPoints,
    RecordBuyPoint,
    RecordSellPoint,
)
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


class VerifyOpportunityCommand(VerifyOpportunity, OnOpportunity):
    type: Literal["VerifyOpportunity"] = "VerifyOpportunity"


class SetProjectTypeCommand(SetProjectType, OnOpportunity):
    type: Literal["SetProjectType"] = "SetProjectType"


class AppointSponsorCommand(AppointSponsor, OnOpportunity):
    type: Literal["AppointSponsor"] = "AppointSponsor"


class AppointTeamCommand(AppointTeam, OnOpportunity):
    type: Literal["AppointTeam"] = "AppointTeam"


class IssueCharterCommand(IssueCharter, OnOpportunity):
    type: Literal["IssueCharter"] = "IssueCharter"


class RaiseRiskCommand(RaiseRisk, OnOpportunity):
    type: Literal["RaiseRisk"] = "RaiseRisk"


class UpdateRiskCommand(UpdateRisk, OnOpportunity):
    type: Literal["UpdateRisk"] = "UpdateRisk"
    risk_id: RiskId


class CloseRiskCommand(CloseRisk, OnOpportunity):
    type: Literal["CloseRisk"] = "CloseRisk"
    risk_id: RiskId


class RecordGuidanceCommand(RecordGuidance, OnOpportunity):
    type: Literal["RecordGuidance"] = "RecordGuidance"


class HoldMeetingCommand(HoldMeeting, OnOpportunity):
    type: Literal["HoldMeeting"] = "HoldMeeting"


class RecordBuyPointCommand(RecordBuyPoint, OnOpportunity):
    type: Literal["RecordBuyPoint"] = "RecordBuyPoint"


class RecordSellPointCommand(RecordSellPoint, OnOpportunity):
    type: Literal["RecordSellPoint"] = "RecordSellPoint"


class MatchPointsCommand(MatchPoints, OnOpportunity):
    type: Literal["MatchPoints"] = "MatchPoints"


class AnalyseCompetitorCommand(AnalyseCompetitor, OnOpportunity):
    type: Literal["AnalyseCompetitor"] = "AnalyseCompetitor"


class RecordSelectionCriterionCommand(RecordSelectionCriterion, OnOpportunity):
    type: Literal["RecordSelectionCriterion"] = "RecordSelectionCriterion"


def verify(command: VerifyOpportunityCommand, unit: UnitOfWork) -> Opportunity:
    opportunity = load_opportunity(command, unit)
    opportunity.verify(
        command.strategy_fit,
        command.value,
        command.capability_gaps,
        command.first_risks,
        command.resources,
        command.occurred_on,
    )
    return opportunity


def set_project_type(command: SetProjectTypeCommand, unit: UnitOfWork) -> Opportunity:
    opportunity = load_opportunity(command, unit)
    opportunity.set_project_type(
        command.customer_type,
        command.scale,
        command.offering,
        command.occurred_on,
        command.actor,
    )
    return opportunity


def appoint_sponsor(command: AppointSponsorCommand, unit: UnitOfWork) -> Opportunity:
    opportunity = load_opportunity(command, unit)
    opportunity.appoint_sponsor(command.sponsor, command.actor, command.occurred_on)
    return opportunity


def appoint_team(command: AppointTeamCommand, unit: UnitOfWork) -> Opportunity:
    opportunity = load_opportunity(command, unit)
    members = [member.model_dump() for member in command.members]
    opportunity.appoint_team(
        members, command.project_manager, command.occurred_on, command.actor
    )
    return opportunity


def issue_charter(command: IssueCharterCommand, unit: UnitOfWork) -> Opportunity:
    opportunity = load_opportunity(command, unit)
    opportunity.issue_charter(
        command.preliminary_budget,
        command.budget_use,
        command.communication,
        command.communication_frequency,
        [{"name": m.name, "due_on": m.due_on.isoformat()} for m in command.milestones],
        command.first_risk_assessment,
        command.bonus_plan,
        command.goals,
        command.success_criteria,
        command.occurred_on,
    )
    return opportunity


def raise_risk(command: RaiseRiskCommand, unit: UnitOfWork) -> Opportunity:
    opportunity = load_opportunity(command, unit)
    opportunity.raise_risk(
        command.title,
        command.probability,
        command.impact,
        command.mitigation,
        command.owner,
        command.occurred_on,
    )
    return opportunity


def update_risk(command: UpdateRiskCommand, unit: UnitOfWork) -> Opportunity:
    opportunity = load_opportunity(command, unit)
    given = command.model_dump(
        include={"title", "probability", "impact", "mitigation", "owner"},
        exclude_none=True,
    )
    opportunity.update_risk(command.risk_id, given, command.status, command.occurred_on)
    return opportunity


def close_risk(command: CloseRiskCommand, unit: UnitOfWork) -> Opportunity:
    opportunity = load_opportunity(command, unit)
    opportunity.close_risk(command.risk_id, command.occurred_on)
    return opportunity


def record_guidance(command: RecordGuidanceCommand, unit: UnitOfWork) -> Opportunity:
    opportunity = load_opportunity(command, unit)
    opportunity.record_guidance(command.aspect, command.content, command.occurred_on)
    return opportunity


def hold_meeting(command: HoldMeetingCommand, unit: UnitOfWork) -> Opportunity:
    opportunity = load_opportunity(command, unit)
    opportunity.hold_meeting(
        command.kind, command.attendees, command.decisions, command.held_on
    )
    return opportunity


def record_buy_point(command: RecordBuyPointCommand, unit: UnitOfWork) -> Opportunity:
    opportunity = load_opportunity(command, unit)
    opportunity.record_buy_point(
        command.need, command.importance, command.raised_by, command.occurred_on
    )
    return opportunity


def record_sell_point(command: RecordSellPointCommand, unit: UnitOfWork) -> Opportunity:
    opportunity = load_opportunity(command, unit)
    opportunity.record_sell_point(
        command.offer, command.differentiator, command.proof, command.occurred_on
    )
    return opportunity


def match_points(command: MatchPointsCommand, unit: UnitOfWork) -> Opportunity:
    opportunity = load_opportunity(command, unit)
    opportunity.match_points(
        command.buy_point,
        command.sell_point,
        command.strength,
        command.argument,
        command.occurred_on,
    )
    return opportunity


def analyse_competitor(
    command: AnalyseCompetitorCommand, unit: UnitOfWork
) -> Opportunity:
    opportunity = load_opportunity(command, unit)
    opportunity.analyse_competitor(
        command.name,
        command.strengths,
        command.weaknesses,
        command.counter_strategy,
        command.occurred_on,
    )
    return opportunity


def record_selection_criterion(
    command: RecordSelectionCriterionCommand, unit: UnitOfWork
) -> Opportunity:
    opportunity = load_opportunity(command, unit)
    opportunity.record_selection_criterion(
        command.criterion,
        command.weight,
        command.influenced,
        command.influence,
        command.occurred_on,
    )
    return opportunity


HANDLERS: dict[str, Handler[Any]] = {
    "VerifyOpportunity": Handler(VerifyOpportunityCommand, verify),
    "SetProjectType": Handler(SetProjectTypeCommand, set_project_type),
    "AppointSponsor": Handler(AppointSponsorCommand, appoint_sponsor),
    "AppointTeam": Handler(AppointTeamCommand, appoint_team),
    "IssueCharter": Handler(IssueCharterCommand, issue_charter),
    "RaiseRisk": Handler(RaiseRiskCommand, raise_risk),
    "UpdateRisk": Handler(UpdateRiskCommand, update_risk),
    "CloseRisk": Handler(CloseRiskCommand, close_risk),
    "RecordGuidance": Handler(RecordGuidanceCommand, record_guidance),
    "HoldMeeting": Handler(HoldMeetingCommand, hold_meeting),
    "RecordBuyPoint": Handler(RecordBuyPointCommand, record_buy_point),
    "RecordSellPoint": Handler(RecordSellPointCommand, record_sell_point),
    "MatchPoints": Handler(MatchPointsCommand, match_points),
    "AnalyseCompetitor": Handler(AnalyseCompetitorCommand, analyse_competitor),
    "RecordSelectionCriterion": Handler(
        RecordSelectionCriterionCommand, record_selection_criterion
    ),
}
