"""The opportunity aggregate: a verified chance to sell, from its opening
through evaluation to the ATI decision that initiates a sales project.

What the sales project does after ATI lives in the parts under
`opportunity_svc.project`; the events of this module keep their names.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from eventsourcing.domain import event

from ltc_shared.aggregate import Trace, require, require_not_before
from ltc_shared.authority import Actor
from ltc_shared.ids import derived_id, natural_id
from opportunity_svc.project.bids import BidWatch
from opportunity_svc.project.competition import Competition
from opportunity_svc.project.guidance import Guidance
from opportunity_svc.project.initiation import (
    Initiation,
    IronTriangle,
    Sponsorship,
    named_triangle,
)
from opportunity_svc.project.matching import Matching
from opportunity_svc.project.part import UNDECIDED, Origin, Status
from opportunity_svc.project.risks import RiskRegister
from opportunity_svc.project.scoring import Grades, scored_evaluation
from opportunity_svc.project.team import Team
from opportunity_svc.project.verification import Verification

__all__ = ["UNDECIDED", "IronTriangle", "Opportunity", "Origin", "Status"]

Record = dict[str, object]


class Opportunity(
    Initiation,
    Sponsorship,
    Verification,
    Team,
    RiskRegister,
    Guidance,
    Matching,
    Competition,
    BidWatch,
):
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
        self.tier = 1
        self.scores: Record | None = None
        self.requester: Record | None = None
        self.decider: Record | None = None
        self.verification = None
        self.verifications = 0
        self.project_type = None
        self.team = []
        self.project_manager = None
        self.charter = None
        self.charter_issues = 0
        self.risks = {}
        self.risk_register_version = 0
        self.guidance = {}
        self.meetings = []
        self.buy_points = {}
        self.sell_points = {}
        self.matches = {}
        self.competitors = {}
        self.selection_criteria = {}
        self.bids = {}

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

    def evaluate(
        self,
        win_probability: Decimal | None,
        expected_value: Decimal,
        notes: str,
        occurred_on: date,
        success_factors: Grades | None = None,
        payment_factors: Grades | None = None,
    ) -> None:
        """Evaluate the chance to win, given or scored with the success model,
        and optionally the customer's payment capability."""
        self._require_undecided("evaluate")
        scored = scored_evaluation(win_probability, success_factors, payment_factors)
        require_not_before(occurred_on, self.last_step_on, "evaluation")
        self._evaluated(
            win_probability=scored.win_probability,
            expected_value=expected_value,
            notes=notes,
            occurred_on=occurred_on,
            success_factors=success_factors,
            payment_factors=payment_factors,
            payment_capability=scored.payment_capability,
        )

    @event("OpportunityEvaluated")
    def _evaluated(
        self,
        win_probability: Decimal,
        expected_value: Decimal,
        notes: str,
        occurred_on: date,
        success_factors: Grades | None = None,
        payment_factors: Grades | None = None,
        payment_capability: Decimal | None = None,
    ) -> None:
        self.win_probability = win_probability
        self.expected_value = expected_value
        self.evaluations += 1
        self.last_step_on = occurred_on
        self.scores = {
            "success_factors": success_factors,
            "payment_factors": payment_factors,
            "payment_capability": payment_capability,
        }

    def request_initiation(
        self, requested_by: str, occurred_on: date, requester: Actor | None = None
    ) -> None:
        require(
            self.status != "initiation_requested",
            "initiation-requested-once",
            "initiation was already requested; the sponsor's ATI decision is due",
        )
        self._require_undecided("request initiation for")
        require_not_before(occurred_on, self.last_step_on, "initiation request")
        self._initiation_requested(
            requested_by=requested_by,
            occurred_on=occurred_on,
            requester=None if requester is None else requester.model_dump(),
        )

    @event("InitiationRequested")
    def _initiation_requested(
        self, requested_by: str, occurred_on: date, requester: Record | None = None
    ) -> None:
        self.status = "initiation_requested"
        self.requested_by = requested_by
        self.requester = requester
        self.last_step_on = occurred_on

    def approve_initiation(
        self,
        actor: Actor | None,
        sponsor: str | None,
        iron_triangle: IronTriangle | None,
        occurred_on: date,
    ) -> None:
        """ATI approved: the sales project is set up under its sponsor, decided
        by a sponsor whose level reaches the project's tier."""
        decider = self._ati_decider(actor)
        require(
            self.status == "initiation_requested",
            "ati-needs-initiation-request",
            "the sponsor decides ATI on an initiation request; none was made",
        )
        self._require_verified()
        require(
            bool(sponsor),
            "project-needs-sponsor",
            "an initiated project names the sponsor who authorises its team",
        )
        team = named_triangle(iron_triangle)
        require_not_before(occurred_on, self.last_step_on, "ATI decision")
        self._initiated(
            decided_by=decider.id,
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
            tier=self.tier,
            decider=decider.model_dump(),
            inputs=self._ati_inputs(),
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
        tier: int = 1,
        decider: Record | None = None,
        inputs: Record | None = None,
    ) -> None:
        self.status = "initiated"
        self.decided_by = decided_by
        self.decider = decider
        self.sponsor = sponsor
        self.sponsor_tier = tier
        self.iron_triangle = iron_triangle
        self.last_step_on = occurred_on

    def reject_initiation(
        self, actor: Actor | None, reason: str | None, occurred_on: date
    ) -> None:
        """ATI not approved: the opportunity ends here."""
        decider = self._ati_decider(actor)
        require(
            bool(reason),
            "rejection-needs-reason",
            "an ATI that is not approved says why",
        )
        require_not_before(occurred_on, self.last_step_on, "ATI decision")
        self._rejected(
            decided_by=decider.id,
            reason=reason or "",
            occurred_on=occurred_on,
            decider=decider.model_dump(),
            inputs=self._ati_inputs(),
        )

    @event("InitiationRejected")
    def _rejected(
        self,
        decided_by: str,
        reason: str,
        occurred_on: date,
        decider: Record | None = None,
        inputs: Record | None = None,
    ) -> None:
        self.status = "rejected"
        self.decided_by = decided_by
        self.decider = decider
        self.rejection_reason = reason
        self.last_step_on = occurred_on

    def lose(self, reason: str, occurred_on: date) -> None:
        """Give the opportunity up: before ATI, or after it while no bid of
        the project is pending (a pending bid is withdrawn first)."""
        require(
            not self.pending_bids,
            "no-loss-while-bid-pending",
            f"bid {', '.join(self.pending_bids)} is pending; withdraw it first",
        )
        require(
            "won" not in self.bids.values(),
            "no-loss-after-a-won-bid",
            "the project's bid was won; the contract settles what follows",
        )
        require(
            self.status in (*UNDECIDED, "initiated"),
            "opportunity-must-be-open",
            f"cannot lose an opportunity that is {self.status}",
        )
        require_not_before(occurred_on, self.last_step_on, "loss")
        self._lost(reason=reason, occurred_on=occurred_on)

    @event("OpportunityLost")
    def _lost(self, reason: str, occurred_on: date) -> None:
        self.status = "lost"
        self.loss_reason = reason
        self.last_step_on = occurred_on
