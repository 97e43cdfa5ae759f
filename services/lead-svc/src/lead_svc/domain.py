"""The lead aggregate: a customer's potential intent to buy, until it is
qualified as an opportunity or dropped."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal
from uuid import UUID

from eventsourcing.domain import event

from ltc_shared.aggregate import Trace, TracedAggregate, require, require_not_before

Maturity = Literal["low", "medium", "high"]
Status = Literal["open", "qualified", "dropped"]

OPPORTUNITY_CRITERIA = {
    "in_purchasing_process": "the customer has entered its purchasing process",
    "has_investment_plan": "the customer has an explicit investment plan and budget",
    "can_take_part": "we can take part",
}


class Lead(TracedAggregate):
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
    ) -> None:
        self.trace = trace
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
        )

    def _require_open(self, action: str) -> None:
        require(
            self.status == "open",
            "lead-must-be-open",
            f"cannot {action} a lead that is {self.status}",
        )

    def assign(self, owner: str, occurred_on: date) -> None:
        self._require_open("assign")
        require_not_before(occurred_on, self.first_contact_on, "assignment")
        self._assigned(owner=owner, occurred_on=occurred_on)

    @event("LeadAssigned")
    def _assigned(self, owner: str, occurred_on: date) -> None:
        self.owner = owner
        self.last_step_on = max(self.last_step_on, occurred_on)

    def grade(self, maturity: Maturity, occurred_on: date) -> None:
        self._require_open("grade")
        require_not_before(occurred_on, self.first_contact_on, "grading")
        self._graded(maturity=maturity, occurred_on=occurred_on)

    @event("LeadGraded")
    def _graded(self, maturity: Maturity, occurred_on: date) -> None:
        self.maturity = maturity
        self.last_step_on = max(self.last_step_on, occurred_on)

    def nurture(self, note: str, next_step: str | None, occurred_on: date) -> None:
        self._require_open("nurture")
        require_not_before(occurred_on, self.first_contact_on, "nurturing touch")
        self._nurtured(note=note, next_step=next_step, occurred_on=occurred_on)

    @event("LeadNurtured")
    def _nurtured(self, note: str, next_step: str | None, occurred_on: date) -> None:
        self.touches += 1
        self.last_step_on = max(self.last_step_on, occurred_on)

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
        unmet = [
            text for key, text in OPPORTUNITY_CRITERIA.items() if not criteria[key]
        ]
        require(
            not unmet,
            "opportunity-criteria",
            "the opportunity criteria are not met: " + "; ".join(unmet),
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
