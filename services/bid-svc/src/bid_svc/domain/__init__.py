"""The bid aggregate: an initiated project's way to a tender, from the
estimate through the ATB decision and submission to the outcome."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from bid_svc.domain.aftermath import Aftermath
from bid_svc.domain.project import ProjectFacts, ProjectFollowing
from bid_svc.domain.solution import SolutionWork
from bid_svc.domain.state import (
    ENDED,
    REQUIRED_DOCUMENTS,
    BidDocument,
    BidFeedback,
    Clarification,
    Decision,
    Deviation,
    DeviationKind,
    LossRecovery,
    NoBidReason,
    PostBidReview,
    Revisit,
    SolutionReview,
    Status,
    Verdict,
)
from bid_svc.domain.tender import TenderWork
from ltc_shared.aggregate import Trace, require, require_not_before
from ltc_shared.authority import ATB, Actor
from ltc_shared.ids import derived_id

__all__ = [
    "REQUIRED_DOCUMENTS",
    "Bid",
    "BidDocument",
    "BidFeedback",
    "Clarification",
    "Decision",
    "Deviation",
    "DeviationKind",
    "LossRecovery",
    "NoBidReason",
    "PostBidReview",
    "Revisit",
    "SolutionReview",
    "Status",
    "Verdict",
]


class Bid(SolutionWork, TenderWork, Aftermath, ProjectFollowing):
    @staticmethod
    def create_id(bid_id: UUID) -> UUID:
        return bid_id

    @event("BidOpened")
    def __init__(
        self,
        bid_id: UUID,
        opportunity_id: UUID,
        origin: str,
        customer: str,
        channel: str,
        business_unit: str,
        owner: str,
        product: str,
        region: str,
        currency: str,
        occurred_on: date,
        trace: Trace,
        tier: int = 1,
        sr: str | None = None,
        project: ProjectFacts | None = None,
    ) -> None:
        self.trace = trace
        self.tier = tier
        self.sr = sr
        self._take_project(project)
        self.opportunity_id = opportunity_id
        self.origin = origin
        self.customer = customer
        self.channel = channel
        self.business_unit = business_unit
        self.owner = owner
        self.product = product
        self.region = region
        self.currency = currency
        self.opened_on = occurred_on
        self.last_step_on = occurred_on
        self.status: Status = "open"
        self.revenue: Decimal | None = None
        self.cost: Decimal | None = None
        self.solution: str | None = None
        self.estimates = 0
        self.decision: Decision | None = None
        self.decision_reason: str | None = None
        self.decided_by: str | None = None
        self.decider: dict[str, Any] | None = None
        self.no_bid_reason: NoBidReason | None = None
        self.decision_inputs: dict[str, int] = {}
        self.price: Decimal | None = None
        self.submissions = 0
        self.award_value: Decimal | None = None
        self.loss_reason: str | None = None
        self.withdrawal_reason: str | None = None
        self.strategy: str | None = None
        self.strategy_by: str | None = None
        self.reviews: list[SolutionReview] = []
        self.deviations: list[Deviation] = []
        self.priced_at: Decimal | None = None
        self.price_strategy: str | None = None
        self.priced_by: str | None = None
        self.documents: dict[str, str] = {}
        self.clarifications: list[Clarification] = []
        self.second_quotation: Decimal | None = None
        self.recoveries: list[LossRecovery] = []
        self.revisits: list[Revisit] = []
        self.post_bid_reviews: list[PostBidReview] = []
        self.feedback: list[BidFeedback] = []

    @classmethod
    def for_project(
        cls,
        opportunity_id: UUID,
        project_trace: Trace,
        *,
        origin: str,
        customer: str,
        channel: str,
        business_unit: str,
        owner: str,
        product: str,
        region: str,
        currency: str,
        occurred_on: date,
        tier: int = 1,
        sr: str | None = None,
        project: ProjectFacts | None = None,
    ) -> Bid:
        """The bid an initiated sales project works towards."""
        bid_id = derived_id("bid", opportunity_id)
        trace = project_trace | {
            "opportunity_id": str(opportunity_id),
            "bid_id": str(bid_id),
        }
        return cls(
            bid_id=bid_id,
            opportunity_id=opportunity_id,
            origin=origin,
            customer=customer,
            channel=channel,
            business_unit=business_unit,
            owner=owner,
            product=product,
            region=region,
            currency=currency,
            occurred_on=occurred_on,
            trace=trace,
            tier=tier,
            sr=sr,
            project=project,
        )

    def prepare_estimate(
        self,
        revenue: Decimal,
        cost: Decimal,
        currency: str,
        solution: str,
        occurred_on: date,
    ) -> None:
        """Prepare the estimate with the solution, or revise it."""
        self._require_open("estimate")
        require(
            currency == self.currency,
            "estimate-in-bid-currency",
            f"the bid is in {self.currency}; an estimate in {currency} would not "
            "add up with it",
        )
        require_not_before(occurred_on, self.last_step_on, "estimate")
        self._estimated(
            revenue=revenue,
            cost=cost,
            currency=currency,
            solution=solution,
            occurred_on=occurred_on,
            estimate_version=self.estimates + 1,
        )

    @event("EstimatePrepared")
    def _estimated(
        self,
        revenue: Decimal,
        cost: Decimal,
        currency: str,
        solution: str,
        occurred_on: date,
        estimate_version: int | None = None,
    ) -> None:
        self.revenue = revenue
        self.cost = cost
        self.solution = solution
        self.estimates += 1
        self.last_step_on = occurred_on

    def decide(
        self,
        decision: Decision,
        reason: str | None,
        actor: Actor | None,
        occurred_on: date,
        no_bid_reason: NoBidReason | None = None,
        estimate_version: int | None = None,
    ) -> None:
        """Take the ATB decision: bid, or not, on the estimate the decider saw."""
        decider = ATB.check(actor, self.tier, self.named)
        require(
            self.decision is None,
            "atb-decided-once",
            f"the ATB decision was already taken: {self.decision}",
        )
        if decision == "bid":
            self._require_bid_grounds(no_bid_reason)
        else:
            no_bid_reason = self._no_bid_reason(reason, no_bid_reason)
        require(
            estimate_version in (None, self.estimates),
            "atb-on-current-estimate",
            f"the decision saw estimate version {estimate_version}; the current "
            f"one is {self.estimates}",
        )
        require_not_before(occurred_on, self.last_step_on, "ATB decision")
        inputs = {"estimate_version": self.estimates} if self.estimates else {}
        if self.risk_register_version is not None:
            inputs["risk_register_version"] = self.risk_register_version
        self._decided(
            decision=decision,
            reason=reason or no_bid_reason,
            decided_by=decider.id,
            decider=decider.model_dump(),
            no_bid_reason=no_bid_reason,
            inputs=inputs,
            occurred_on=occurred_on,
        )

    @staticmethod
    def _no_bid_reason(
        reason: str | None, no_bid_reason: NoBidReason | None
    ) -> NoBidReason:
        require(
            bool(reason) or no_bid_reason is not None,
            "no-bid-needs-reason",
            "a no-bid decision says why",
        )
        require(
            no_bid_reason != "other" or bool(reason),
            "no-bid-other-needs-text",
            "a no-bid for another reason says which, in the reason text",
        )
        # Free text alone, as older clients send it, is filed under "other".
        return no_bid_reason or "other"

    @event("BidDecided")
    def _decided(
        self,
        decision: Decision,
        reason: str | None,
        decided_by: str,
        occurred_on: date,
        decider: dict[str, Any] | None = None,
        no_bid_reason: NoBidReason | None = None,
        inputs: dict[str, int] | None = None,
    ) -> None:
        self.status = "bidding" if decision == "bid" else "no_bid"
        self.decision = decision
        self.decision_reason = reason
        self.decided_by = decided_by
        self.decider = decider
        self.no_bid_reason = no_bid_reason
        self.decision_inputs = inputs or {}
        self.last_step_on = occurred_on

    def submit(self, price: Decimal | None, occurred_on: date) -> None:
        """Submit the bid documents, at the set price unless another is given."""
        require(
            self.decision == "bid",
            "submission-needs-atb-bid",
            "a bid is submitted only after an ATB decision to bid",
        )
        self._require_open("submit")
        quoted = self.priced_at if price is None else price
        require(
            quoted is not None,
            "submission-needs-price",
            "a bid is submitted at a price: give one, or set it first",
        )
        missing = self.missing_documents
        # Ordinary (tier 1) projects submit without the documents checklist.
        require(
            self.tier == 1 or not missing,
            "bid-documents-incomplete",
            "the bid documents lack: " + ", ".join(missing),
        )
        require_not_before(occurred_on, self.last_step_on, "submission")
        self._submitted(
            price=Decimal(0) if quoted is None else quoted, occurred_on=occurred_on
        )

    @event("BidSubmitted")
    def _submitted(self, price: Decimal, occurred_on: date) -> None:
        self.status = "submitted"
        self.price = price
        self.submissions += 1
        self.last_step_on = occurred_on

    def _require_outcome_due(self) -> None:
        require(
            self.status not in ("won", "lost"),
            "outcome-decided-once",
            f"the outcome is known: the bid was {self.status}",
        )
        require(
            self.status == "submitted",
            "outcome-needs-submission",
            "a bid is won or lost only after it was submitted",
        )

    def win(self, award_value: Decimal | None, occurred_on: date) -> None:
        self._require_outcome_due()
        require(
            award_value is not None,
            "won-needs-award-value",
            "a won bid says what it was awarded",
        )
        require_not_before(occurred_on, self.last_step_on, "award")
        self._won(
            award_value=Decimal(0) if award_value is None else award_value,
            currency=self.currency,
            occurred_on=occurred_on,
            tier=self.tier,
            project=self._project_facts(),
        )

    def _project_facts(self) -> ProjectFacts:
        """What the contract takes over of the project, as the bid knows it."""
        return {
            "sponsor": self.sponsor,
            "iron_triangle": {"ar": self.ar, "sr": self.sr, "fr": self.fr},
            "risk_register_version": self.risk_register_version,
            "estimate_version": self.estimates,
            "project_version": self.project_version,
        }

    @event("BidWon")
    def _won(
        self,
        award_value: Decimal,
        currency: str,
        occurred_on: date,
        tier: int = 1,
        project: ProjectFacts | None = None,
    ) -> None:
        self.status = "won"
        self.award_value = award_value
        self.last_step_on = occurred_on

    def lose(self, reason: str | None, occurred_on: date) -> None:
        self._require_outcome_due()
        require(bool(reason), "loss-needs-reason", "a lost bid says why")
        require_not_before(occurred_on, self.last_step_on, "loss")
        self._lost(reason=reason or "", occurred_on=occurred_on)

    @event("BidLost")
    def _lost(self, reason: str, occurred_on: date) -> None:
        self.status = "lost"
        self.loss_reason = reason
        self.last_step_on = occurred_on

    def withdraw(self, reason: str, occurred_on: date) -> None:
        """Give the bid up before its outcome is known."""
        require(
            self.status not in ENDED,
            "withdrawal-before-outcome",
            f"only a pending bid is withdrawn; the bid is "
            f"{self.status.replace('_', ' ')}",
        )
        require_not_before(occurred_on, self.last_step_on, "withdrawal")
        self._withdrawn(reason=reason, occurred_on=occurred_on)

    @event("BidWithdrawn")
    def _withdrawn(self, reason: str, occurred_on: date) -> None:
        self.status = "withdrawn"
        self.withdrawal_reason = reason
        self.last_step_on = occurred_on
