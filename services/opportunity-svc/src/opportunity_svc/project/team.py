"""After an approved ATI: the team appointment letter and the project charter."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from eventsourcing.domain import event

from ltc_shared.aggregate import require
from ltc_shared.authority import TEAM_APPOINTMENT, Actor
from opportunity_svc.project.part import ProjectPart

Member = dict[str, str]
"""A team member: `name` and `role` (AR, SR, FR, or another role)."""
Milestone = dict[str, str]
"""A milestone: `name` and `due_on` (an ISO date)."""


TRIANGLE_ROLES = ("ar", "sr", "fr")


class Team(ProjectPart):
    if TYPE_CHECKING:
        iron_triangle: dict[str, str] | None
        team: list[Member]
        project_manager: str | None
        charter: dict[str, object] | None
        charter_issues: int

    def appoint_team(
        self,
        members: list[Member],
        project_manager: str,
        occurred_on: date,
        actor: Actor | None,
    ) -> None:
        """The appointment letter, by the project's sponsor; a later one
        replaces the team. A member appointed as AR, SR or FR takes that place
        in the iron triangle, and the bid and contract follow."""
        TEAM_APPOINTMENT.check(actor, self.tier, {"sponsor": self.sponsor})
        self._require_initiated("appointing the team")
        require(
            project_manager in {m["name"] for m in members},
            "project-manager-in-team",
            f"the project manager {project_manager} is one of the team's members",
        )
        self._step(occurred_on, "team appointment")
        self._appointed(
            members=[dict(m) for m in members],
            project_manager=project_manager,
            occurred_on=occurred_on,
            iron_triangle=self._triangle_of(members),
        )

    def _triangle_of(self, members: list[Member]) -> dict[str, str]:
        named: dict[str, list[str]] = {role: [] for role in TRIANGLE_ROLES}
        for member in members:
            if member["role"].lower() in named:
                named[member["role"].lower()].append(member["name"])
        twice = [role.upper() for role, names in named.items() if len(names) > 1]
        require(
            not twice,
            "one-person-per-triangle-role",
            f"the iron triangle has one {' and one '.join(twice)}",
        )
        given = {role: names[0] for role, names in named.items() if names}
        return dict(self.iron_triangle or {}) | given

    @event("TeamAppointed")
    def _appointed(
        self,
        members: list[Member],
        project_manager: str,
        occurred_on: date,
        iron_triangle: dict[str, str] | None = None,
    ) -> None:
        self.team = members
        self.project_manager = project_manager
        if iron_triangle is not None:
            self.iron_triangle = iron_triangle
        self.last_step_on = occurred_on

    def issue_charter(
        self,
        preliminary_budget: Decimal,
        budget_use: str,
        communication: str,
        communication_frequency: str,
        milestones: list[Milestone],
        first_risk_assessment: str,
        bonus_plan: str,
        goals: str,
        success_criteria: str,
        occurred_on: date,
    ) -> None:
        """The charter of the appointed team; a later issue revises it."""
        self._require_initiated("issuing the charter")
        require(
            self.project_manager is not None,
            "charter-needs-team",
            "the charter names the appointed team; appoint the team first",
        )
        self._step(occurred_on, "charter")
        self._chartered(
            team=[dict(m) for m in self.team],
            project_manager=self.project_manager or "",
            preliminary_budget=preliminary_budget,
            currency=self.currency,
            budget_use=budget_use,
            communication=communication,
            communication_frequency=communication_frequency,
            milestones=[dict(m) for m in milestones],
            first_risk_assessment=first_risk_assessment,
            bonus_plan=bonus_plan,
            goals=goals,
            success_criteria=success_criteria,
            occurred_on=occurred_on,
        )

    @event("CharterIssued")
    def _chartered(
        self,
        team: list[Member],
        project_manager: str,
        preliminary_budget: Decimal,
        currency: str,
        budget_use: str,
        communication: str,
        communication_frequency: str,
        milestones: list[Milestone],
        first_risk_assessment: str,
        bonus_plan: str,
        goals: str,
        success_criteria: str,
        occurred_on: date,
    ) -> None:
        self.charter = {
            "team": team,
            "project_manager": project_manager,
            "preliminary_budget": preliminary_budget,
            "currency": currency,
            "budget_use": budget_use,
            "communication": communication,
            "communication_frequency": communication_frequency,
            "milestones": milestones,
            "first_risk_assessment": first_risk_assessment,
            "bonus_plan": bonus_plan,
            "goals": goals,
            "success_criteria": success_criteria,
            "issued_on": occurred_on,
        }
        self.charter_issues += 1
        self.last_step_on = occurred_on
