"""Guiding the customer after ATI, and the project meetings that are its
formal channel."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal

from eventsourcing.domain import event

from opportunity_svc.project.part import ProjectPart

Aspect = Literal[
    "pain_points",
    "buy_sell_matching",
    "competitive_strategy",
    "value_proposition",
    "selection_criteria",
    "relationship_map",
]
"""What guiding the customer produces: the customer's pain points and
concerns, the buying points matched to our selling points, competitors and
the competitive strategy, the value proposition, the influence on the
selection criteria, and the relationship map."""
MeetingKind = Literal["kick_off", "weekly", "analysis", "decision"]


class Guidance(ProjectPart):
    if TYPE_CHECKING:
        guidance: dict[str, dict[str, str]]
        meetings: list[dict[str, object]]

    def record_guidance(self, aspect: Aspect, content: str, occurred_on: date) -> None:
        """The latest word on one aspect; it replaces the one before."""
        self._require_initiated("guiding the customer")
        self._step(occurred_on, "guidance")
        self._guided(aspect=aspect, content=content, occurred_on=occurred_on)

    @event("GuidanceRecorded")
    def _guided(self, aspect: Aspect, content: str, occurred_on: date) -> None:
        self.guidance[aspect] = {
            "content": content,
            "recorded_on": occurred_on.isoformat(),
        }
        self.last_step_on = occurred_on

    def hold_meeting(
        self,
        kind: MeetingKind,
        attendees: list[str],
        decisions: list[str],
        held_on: date,
    ) -> None:
        self._require_initiated("a project meeting")
        self._step(held_on, "meeting")
        self._met(
            kind=kind,
            held_on=held_on,
            attendees=list(attendees),
            decisions=list(decisions),
            occurred_on=held_on,
        )

    @event("MeetingHeld")
    def _met(
        self,
        kind: MeetingKind,
        held_on: date,
        attendees: list[str],
        decisions: list[str],
        occurred_on: date,
    ) -> None:
        self.meetings.append(
            {
                "kind": kind,
                "held_on": held_on,
                "attendees": attendees,
                "decisions": decisions,
            }
        )
        self.last_step_on = occurred_on
