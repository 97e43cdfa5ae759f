"""The opportunity aggregate: a verified chance to sell, from its opening
through evaluation to the ATI decision that initiates a sales project."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal
from uuid import UUID

from eventsourcing.domain import event

from ltc_shared.aggregate import Trace, TracedAggregate, require, require_not_before
from ltc_shared.ids import derived_id, natural_id

Origin = Literal["lead", "sudden"]
Status = Literal["open", "initiation_requested", "initiated", "rejected", "lost"]
IronTriangle = dict[str, str]
"""The three roles that run a sales project: AR, SR and FR, by name."""

TRIANGLE_ROLES = ("ar", "sr", "fr")
UNDECIDED: tuple[Status, ...] = ("open", "initiation_requested")


class Opportunity(TracedAggregate):
    @staticmethod
    def create_id(opportunity_id: UUID) -> UUID:
        return opportunity_id

    @event("OpportunityOpened")
    def __init__(
        self,
        opportunity_id: UUID,
        origin: Origin,
        lead_id: UUID | None,
        external_ref: str | None,
        customer: str,
        channel: str,
        business_unit: str,
        owner: str,
        product: str,
        region: str,
        expected_value: Decimal,
        currency: str,
        occurred_on: date,
        trace: Trace,
    ) -> None:
        self.trace = trace
        self.origin = origin
        self.lead_id = lead_id
        self.external_ref = external_ref
        self.customer = customer
        self.channel = channel
        self.business_unit = business_unit
        self.owner = owner
        self.product = product
        self.region = region
        self.opened_value = expected_value
        self.expected_value = expected_value
        self.currency = currency
        self.opened_on = occurred_on
        self.last_step_on = occurred_on
        self.status: Status = "open"
        self.win_probability: Decimal | None = None
        self.evaluations = 0
        self.requested_by: str | None = None
        self.decided_by: str | None = None
        self.sponsor: str | None = None
        self.iron_triangle: IronTriangle | None = None
        self.rejection_reason: str | None = None
        self.loss_reason: str | None = None

    @classmethod
    def from_lead(
        cls,
        lead_id: UUID,
        lead_trace: Trace,
        *,
        customer: str,
        channel: str,
        business_unit: str,
        owner: str,
        product: str,
        region: str,
        expected_value: Decimal,
        currency: str,
        occurred_on: date,
    ) -> Opportunity:
        """The opportunity a qualified lead becomes."""
        opportunity_id = derived_id("opportunity", lead_id)
        trace = lead_trace | {
            "lead_id": str(lead_id),
            "opportunity_id": str(opportunity_id),
        }
        return cls(
            opportunity_id=opportunity_id,
            origin="lead",
            lead_id=lead_id,
            external_ref=None,
            customer=customer,
            channel=channel,
            business_unit=business_unit,
            owner=owner,
            product=product,
            region=region,
            expected_value=expected_value,
            currency=currency,
            occurred_on=occurred_on,
            trace=trace,
        )

    @classmethod
    def sudden(
        cls,
        external_ref: str,
        *,
        customer: str,
        channel: str,
        business_unit: str,
        owner: str,
        product: str,
        region: str,
        expected_value: Decimal,
        currency: str,
        occurred_on: date,
    ) -> Opportunity:
        """An opportunity that skipped the lead stage, named by its source."""
        opportunity_id = natural_id("opportunity", external_ref)
        return cls(
            opportunity_id=opportunity_id,
            origin="sudden",
            lead_id=None,
            external_ref=external_ref,
            customer=customer,
            channel=channel,
            business_unit=business_unit,
            owner=owner,
            product=product,
            region=region,
            expected_value=expected_value,
            currency=currency,
            occurred_on=occurred_on,
            trace={"opportunity_id": str(opportunity_id)},
        )

    def _require_undecided(self, action: str) -> None:
        require(
            self.status in UNDECIDED,
            "opportunity-must-be-open",
            f"cannot {action} an opportunity that is {self.status}",
        )

    def evaluate(
        self,
        win_probability: Decimal,
        expected_value: Decimal,
        notes: str,
        occurred_on: date,
    ) -> None:
        self._require_undecided("evaluate")
        require(
            Decimal(0) <= win_probability <= Decimal(1),
            "win-probability-is-a-share",
            f"a win probability lies between 0 and 1, not {win_probability}",
        )
        require_not_before(occurred_on, self.last_step_on, "evaluation")
        self._evaluated(
            win_probability=win_probability,
            expected_value=expected_value,
            notes=notes,
            occurred_on=occurred_on,
        )

    @event("OpportunityEvaluated")
    def _evaluated(
        self,
        win_probability: Decimal,
        expected_value: Decimal,
        notes: str,
        occurred_on: date,
    ) -> None:
        self.win_probability = win_probability
        self.expected_value = expected_value
        self.evaluations += 1
        self.last_step_on = occurred_on

    def request_initiation(self, requested_by: str, occurred_on: date) -> None:
        require(
            self.status != "initiation_requested",
            "initiation-requested-once",
            "initiation was already requested; the sponsor's ATI decision is due",
        )
        self._require_undecided("request initiation for")
        require_not_before(occurred_on, self.last_step_on, "initiation request")
        self._initiation_requested(requested_by=requested_by, occurred_on=occurred_on)

    @event("InitiationRequested")
    def _initiation_requested(self, requested_by: str, occurred_on: date) -> None:
        self.status = "initiation_requested"
        self.requested_by = requested_by
        self.last_step_on = occurred_on

    def approve_initiation(
        self,
        decided_by: str,
        sponsor: str | None,
        iron_triangle: IronTriangle | None,
        occurred_on: date,
    ) -> None:
        """ATI approved: the sales project is set up under its sponsor."""
        self._require_no_ati_yet()
        require(
            self.status == "initiation_requested",
            "ati-needs-initiation-request",
            "the sponsor decides ATI on an initiation request; none was made",
        )
        require(
            bool(sponsor),
            "project-needs-sponsor",
            "an initiated project names the sponsor who authorises its team",
        )
        team = _named_triangle(iron_triangle)
        require_not_before(occurred_on, self.last_step_on, "ATI decision")
        self._initiated(
            decided_by=decided_by,
            sponsor=sponsor or "",
            iron_triangle=team,
            origin=self.origin,
            customer=self.customer,
            channel=self.channel,
            business_unit=self.business_unit,
            owner=self.owner,
            product=self.product,
            region=self.region,
            expected_value=self.expected_value,
            currency=self.currency,
            occurred_on=occurred_on,
        )

    @event("ProjectInitiated")
    def _initiated(
        self,
        decided_by: str,
        sponsor: str,
        iron_triangle: IronTriangle,
        origin: Origin,
        customer: str,
        channel: str,
        business_unit: str,
        owner: str,
        product: str,
        region: str,
        expected_value: Decimal,
        currency: str,
        occurred_on: date,
    ) -> None:
        self.status = "initiated"
        self.decided_by = decided_by
        self.sponsor = sponsor
        self.iron_triangle = iron_triangle
        self.last_step_on = occurred_on

    def reject_initiation(
        self, decided_by: str, reason: str | None, occurred_on: date
    ) -> None:
        """ATI not approved: the opportunity ends here."""
        self._require_no_ati_yet()
        require(
            bool(reason),
            "rejection-needs-reason",
            "an ATI that is not approved says why",
        )
        require_not_before(occurred_on, self.last_step_on, "ATI decision")
        self._rejected(
            decided_by=decided_by, reason=reason or "", occurred_on=occurred_on
        )

    @event("InitiationRejected")
    def _rejected(self, decided_by: str, reason: str, occurred_on: date) -> None:
        self.status = "rejected"
        self.decided_by = decided_by
        self.rejection_reason = reason
        self.last_step_on = occurred_on

    def _require_no_ati_yet(self) -> None:
        require(
            self.status not in ("initiated", "rejected"),
            "ati-decided-once",
            f"the ATI decision was already taken: the opportunity is {self.status}",
        )
        self._require_undecided("decide ATI on")

    def lose(self, reason: str, occurred_on: date) -> None:
        require(
            self.status != "initiated",
            "lost-only-before-initiation",
            "once the project is initiated, its outcome is settled by the bid",
        )
        self._require_undecided("lose")
        require_not_before(occurred_on, self.last_step_on, "loss")
        self._lost(reason=reason, occurred_on=occurred_on)

    @event("OpportunityLost")
    def _lost(self, reason: str, occurred_on: date) -> None:
        self.status = "lost"
        self.loss_reason = reason
        self.last_step_on = occurred_on


def _named_triangle(found: IronTriangle | None) -> IronTriangle:
    team = {role: (found or {}).get(role, "") for role in TRIANGLE_ROLES}
    require(
        all(team.values()),
        "project-needs-iron-triangle",
        "an initiated project names its AR, SR and FR",
    )
    return team
