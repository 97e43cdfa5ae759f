"""The lead aggregate: a customer's potential intent to buy, until it is
qualified as an opportunity, dropped, or merged into the lead it duplicates."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from lead_svc.domain.rules import (
    OPPORTUNITY_CRITERIA,
    TREATMENT,
    Candidate,
    Maturity,
    Signals,
    maturity_of,
    pick_owner,
    unmet,
)
from lead_svc.domain.screening import LeadScreening, Status
from ltc_shared.aggregate import Trace, require, require_not_before


class Lead(LeadScreening):
    @staticmethod
    def create_id(lead_id: UUID) -> UUID:
        return lead_id

    @event("LeadCaptured")
    def __init__(
        self,
        lead_id: UUID,
        customer: str,
        channel: str,
        business_unit: str,
        product: str,
        region: str,
        pain_points: list[str],
        first_contact_on: date,
        occurred_on: date,
        trace: Trace,
        need: str | None = None,
        industry: str | None = None,
        found_in_contract: str | None = None,
    ) -> None:
        self.trace = trace
        self.need = need
        self.industry = industry
        self.found_in_contract = found_in_contract
        self.customer = customer
        self.channel = channel
        self.business_unit = business_unit
        self.product = product
        self.region = region
        self.pain_points = pain_points
        self.first_contact_on = first_contact_on
        self.last_step_on = occurred_on
        self.status: Status = "open"
        self.owner: str | None = None
        self.maturity: Maturity | None = None
        self.touches = 0
        self.drop_reason: str | None = None
        self.assignment_reason: str | None = None
        self.treatment: str | None = None
        self.next_step: str | None = None
        self.next_step_on: date | None = None
        self.window_ends_on: date | None = None
        self.duplicate_of: str | None = None
        self.merged_into: str | None = None
        self.merged_leads: list[str] = []
        self.generated_by: str | None = None
        self.verified_by: str | None = None
        self.core_elements: dict[str, Any] = {}
        self.key_people: dict[str, dict[str, str | None]] = {}

    @classmethod
    def capture(
        cls,
        lead_id: UUID,
        customer: str,
        channel: str,
        business_unit: str,
        product: str,
        region: str,
        pain_points: list[str],
        first_contact_on: date,
        need: str | None = None,
        industry: str | None = None,
        found_in_contract: str | None = None,
    ) -> Lead:
        return cls(
            lead_id=lead_id,
            customer=customer,
            channel=channel,
            business_unit=business_unit,
            product=product,
            region=region,
            pain_points=pain_points,
            first_contact_on=first_contact_on,
            occurred_on=first_contact_on,
            trace={"lead_id": str(lead_id)},
            need=need,
            industry=industry,
            found_in_contract=found_in_contract,
        )

    def assign(self, owner: str, occurred_on: date) -> None:
        self._require_open("assign")
        require_not_before(occurred_on, self.first_contact_on, "assignment")
        self._assigned(owner=owner, occurred_on=occurred_on)

    @event("LeadAssigned")
    def _assigned(
        self, owner: str, occurred_on: date, reason: str | None = None
    ) -> None:
        self.owner = owner
        self.assignment_reason = reason
        self.last_step_on = max(self.last_step_on, occurred_on)

    def distribute(self, candidates: list[Candidate], occurred_on: date) -> None:
        self._require_open("distribute")
        require(
            self.verified_by is not None,
            "lead-must-be-verified",
            "a lead is verified before it is distributed to an owner",
        )
        picked = pick_owner(candidates, self.region, self.industry)
        require(
            picked is not None,
            "no-owner-fits",
            "no candidate covers the lead's region and industry with capacity left",
        )
        assert picked is not None
        require_not_before(occurred_on, self.first_contact_on, "distribution")
        owner, reason = picked
        self._assigned(owner=owner.name, occurred_on=occurred_on, reason=reason)

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

    def qualify(
        self,
        criteria: dict[str, bool],
        expected_value: Decimal,
        currency: str,
        occurred_on: date,
    ) -> None:
        self._require_open("qualify")
        owner = self.owner
        require(
            owner is not None,
            "lead-needs-owner",
            "a lead is assigned to an owner before it is qualified",
        )
        assert owner is not None
        missing = unmet(criteria, OPPORTUNITY_CRITERIA)
        require(
            not missing,
            "opportunity-criteria",
            "the opportunity criteria are not met: " + "; ".join(missing),
        )
        require_not_before(occurred_on, self.first_contact_on, "qualification")
        self._qualified(
            owner=owner,
            customer=self.customer,
            channel=self.channel,
            business_unit=self.business_unit,
            product=self.product,
            region=self.region,
            first_contact_on=self.first_contact_on,
            expected_value=expected_value,
            currency=currency,
            occurred_on=occurred_on,
        )

    @event("LeadQualified")
    def _qualified(
        self,
        owner: str,
        customer: str,
        channel: str,
        business_unit: str,
        product: str,
        region: str,
        first_contact_on: date,
        expected_value: Decimal,
        currency: str,
        occurred_on: date,
    ) -> None:
        self.status = "qualified"
        self.last_step_on = occurred_on

    def drop(self, reason: str, occurred_on: date) -> None:
        self._require_open("drop")
        require_not_before(occurred_on, self.first_contact_on, "drop")
        self._dropped(reason=reason, occurred_on=occurred_on)

    @event("LeadDropped")
    def _dropped(self, reason: str, occurred_on: date) -> None:
        self.status = "dropped"
        self.drop_reason = reason
        self.last_step_on = occurred_on
