"""Tracking and nurturing a lead: touches with their next step and time window,
its maturity and the treatment it gets, its core elements and key people."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from eventsourcing.domain import event

from lead_svc.domain.rules import TREATMENT, Maturity, Signals, maturity_of
from ltc_shared.aggregate import TracedAggregate, require, require_not_before

Status = Literal["open", "qualified", "dropped", "merged"]
KeyRole = Literal["investment_owner", "decision_maker", "stakeholder"]


class LeadNurturing(TracedAggregate):
    """The part of a lead its tracking-and-nurturing owner works on."""

    # Set by Lead when captured; at run time, annotations here would be taken
    # for fields of the capture event.
    if TYPE_CHECKING:
        status: Status
        first_contact_on: date
        last_step_on: date
        maturity: Maturity | None
        treatment: str | None
        touches: int
        next_step: str | None
        next_step_on: date | None
        window_ends_on: date | None
        core_elements: dict[str, Any]
        key_people: dict[str, dict[str, str | None]]

    def _require_open(self, action: str) -> None:
        require(
            self.status == "open",
            "lead-must-be-open",
            f"cannot {action} a lead that is {self.status}",
        )

    def grade(self, maturity: Maturity, occurred_on: date) -> None:
        self._require_open("grade")
        require_not_before(occurred_on, self.first_contact_on, "grading")
        self._graded(
            maturity=maturity, occurred_on=occurred_on, treatment=TREATMENT[maturity]
        )

    @event("LeadGraded")
    def _graded(
        self,
        maturity: Maturity,
        occurred_on: date,
        treatment: str | None = None,
        signals: dict[str, Any] | None = None,
    ) -> None:
        self.maturity = maturity
        self.treatment = treatment
        self.last_step_on = max(self.last_step_on, occurred_on)

    def nurture(
        self,
        note: str,
        next_step: str | None,
        occurred_on: date,
        next_step_on: date | None = None,
        window_ends_on: date | None = None,
    ) -> None:
        self._require_open("nurture")
        require_not_before(occurred_on, self.first_contact_on, "nurturing touch")
        require(
            next_step_on is None or next_step_on >= occurred_on,
            "next-step-ahead",
            "the next step is planned on or after the touch",
        )
        require(
            window_ends_on is None or window_ends_on >= occurred_on,
            "window-ahead",
            "the lead's time window ends on or after the touch",
        )
        require(
            next_step_on is None
            or window_ends_on is None
            or next_step_on <= window_ends_on,
            "next-step-within-window",
            "the next step is planned before the lead's time window ends",
        )
        self._nurtured(
            note=note,
            next_step=next_step,
            occurred_on=occurred_on,
            next_step_on=next_step_on,
            window_ends_on=window_ends_on,
        )

    @event("LeadNurtured")
    def _nurtured(
        self,
        note: str,
        next_step: str | None,
        occurred_on: date,
        next_step_on: date | None = None,
        window_ends_on: date | None = None,
    ) -> None:
        self.touches += 1
        self.next_step = next_step
        self.next_step_on = next_step_on
        self.window_ends_on = window_ends_on or self.window_ends_on
        self.last_step_on = max(self.last_step_on, occurred_on)

    def assess_maturity(self, signals: Signals, occurred_on: date) -> None:
        self._require_open("grade")
        require_not_before(occurred_on, self.first_contact_on, "grading")
        maturity = maturity_of(signals)
        self._graded(
            maturity=maturity,
            occurred_on=occurred_on,
            treatment=TREATMENT[maturity],
            signals=asdict(signals),
        )

    def record_core_elements(self, elements: dict[str, Any], occurred_on: date) -> None:
        self._require_open("describe")
        given = {key: value for key, value in elements.items() if value is not None}
        require(
            bool(given),
            "core-element-needed",
            "name at least one core element: pain, solution, value or investment",
        )
        require_not_before(occurred_on, self.first_contact_on, "core elements")
        self._described(elements=given, occurred_on=occurred_on)

    @event("LeadCoreElementsRecorded")
    def _described(self, elements: dict[str, Any], occurred_on: date) -> None:
        self.core_elements = self.core_elements | elements
        self.last_step_on = max(self.last_step_on, occurred_on)

    def record_key_person(
        self, name: str, role: KeyRole, title: str | None, occurred_on: date
    ) -> None:
        self._require_open("describe")
        require_not_before(occurred_on, self.first_contact_on, "key person")
        self._person(name=name, role=role, title=title, occurred_on=occurred_on)

    @event("KeyPersonRecorded")
    def _person(
        self, name: str, role: KeyRole, title: str | None, occurred_on: date
    ) -> None:
        self.key_people[name] = {"role": role, "title": title}
        self.last_step_on = max(self.last_step_on, occurred_on)
