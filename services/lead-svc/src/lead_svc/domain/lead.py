"""The lead aggregate: a customer's potential intent to buy, until it is
qualified as an opportunity, dropped, or merged into the lead it duplicates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from lead_svc.domain.nurturing import LeadNurturing, Status
from lead_svc.domain.rules import (
    LEAD_CRITERIA,
    OPPORTUNITY_CRITERIA,
    Candidate,
    Maturity,
    normalised,
    pick_owner,
    unmet,
)
from ltc_shared.aggregate import Trace, require, require_not_before


class Lead(LeadNurturing):
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

    # collect, generate, verify and distribute

    def flag_duplicate(self, original: UUID, occurred_on: date) -> None:
        self._flagged(duplicate_of=str(original), occurred_on=occurred_on)

    @event("LeadFlaggedAsDuplicate")
    def _flagged(self, duplicate_of: str, occurred_on: date) -> None:
        self.duplicate_of = duplicate_of

    def merge_into(self, original: Lead, occurred_on: date) -> None:
        """Fold this lead into `original`: it closes as merged, its pain points
        join the original's."""
        self._require_open("merge")
        require(
            original.id != self.id,
            "merge-into-another-lead",
            "a lead is merged into another lead",
        )
        require(
            original.status == "open",
            "merge-target-must-be-open",
            f"cannot merge into a lead that is {original.status}",
        )
        require(
            normalised(original.customer) == normalised(self.customer),
            "merge-same-customer",
            "only leads of the same customer are merged",
        )
        require_not_before(occurred_on, self.last_step_on, "merge")
        require_not_before(occurred_on, original.first_contact_on, "merge")
        self._merged(into=str(original.id), occurred_on=occurred_on)
        added = [p for p in self.pain_points if p not in original.pain_points]
        original._absorbed(
            merged=str(self.id), pain_points=added, occurred_on=occurred_on
        )

    @event("LeadsMerged")
    def _merged(self, into: str, occurred_on: date) -> None:
        self.status = "merged"
        self.merged_into = into
        self.last_step_on = occurred_on

    @event("DuplicateLeadAbsorbed")
    def _absorbed(self, merged: str, pain_points: list[str], occurred_on: date) -> None:
        self.merged_leads.append(merged)
        self.pain_points = [*self.pain_points, *pain_points]
        self.last_step_on = max(self.last_step_on, occurred_on)

    def generate(self, generated_by: str, occurred_on: date) -> None:
        self._require_open("generate")
        require(
            self.generated_by is None,
            "lead-generated-once",
            f"the lead was generated by {self.generated_by} already",
        )
        require_not_before(occurred_on, self.first_contact_on, "generation")
        self._generated(generated_by=generated_by, occurred_on=occurred_on)

    @event("LeadGenerated")
    def _generated(self, generated_by: str, occurred_on: date) -> None:
        self.generated_by = generated_by
        self.last_step_on = max(self.last_step_on, occurred_on)

    def verify(
        self, criteria: dict[str, bool], verified_by: str, occurred_on: date
    ) -> None:
        self._require_open("verify")
        require(
            self.generated_by is not None,
            "lead-must-be-generated",
            "the lead management owner generates a lead before it is verified",
        )
        require(
            self.verified_by is None,
            "lead-verified-once",
            f"the lead was verified by {self.verified_by} already",
        )
        missing = unmet(criteria, LEAD_CRITERIA)
        require(
            not missing,
            "lead-criteria",
            "the lead criteria are not met: " + "; ".join(missing),
        )
        require_not_before(occurred_on, self.first_contact_on, "verification")
        self._verified(
            criteria=criteria, verified_by=verified_by, occurred_on=occurred_on
        )

    @event("LeadVerified")
    def _verified(
        self, criteria: dict[str, bool], verified_by: str, occurred_on: date
    ) -> None:
        self.verified_by = verified_by
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
