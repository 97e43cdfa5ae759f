"""The bid aggregate: an initiated project's way to a tender, from the
estimate through the ATB decision and submission to the outcome."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal
from uuid import UUID

from eventsourcing.domain import event

from ltc_shared.aggregate import Trace, TracedAggregate, require, require_not_before
from ltc_shared.ids import derived_id

Decision = Literal["bid", "no_bid"]
Status = Literal["open", "bidding", "no_bid", "submitted", "won", "lost"]
ENDED: tuple[Status, ...] = ("no_bid", "won", "lost")


class Bid(TracedAggregate):
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
    ) -> None:
        self.trace = trace
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
        self.price: Decimal | None = None
        self.submissions = 0
        self.award_value: Decimal | None = None
        self.loss_reason: str | None = None

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
        )

    def _require_open(self, action: str) -> None:
        require(
            self.status not in ENDED,
            "bid-must-be-open",
            f"cannot {action} a bid that is {self.status.replace('_', ' ')}",
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
        )

    @event("EstimatePrepared")
    def _estimated(
        self,
        revenue: Decimal,
        cost: Decimal,
        currency: str,
        solution: str,
        occurred_on: date,
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
        decided_by: str,
        occurred_on: date,
    ) -> None:
        """Take the ATB decision: bid, or not."""
        require(
            self.decision is None,
            "atb-decided-once",
            f"the ATB decision was already taken: {self.decision}",
        )
        if decision == "bid":
            require(
                self.estimates > 0,
                "atb-needs-estimate",
                "a bid is authorised on an estimate; none was prepared",
            )
        else:
            require(
                bool(reason),
                "no-bid-needs-reason",
                "a no-bid decision says why",
            )
        require_not_before(occurred_on, self.last_step_on, "ATB decision")
        self._decided(
            decision=decision,
            reason=reason,
            decided_by=decided_by,
            occurred_on=occurred_on,
        )

    @event("BidDecided")
    def _decided(
        self,
        decision: Decision,
        reason: str | None,
        decided_by: str,
        occurred_on: date,
    ) -> None:
        self.status = "bidding" if decision == "bid" else "no_bid"
        self.decision = decision
        self.decision_reason = reason
        self.decided_by = decided_by
        self.last_step_on = occurred_on

    def submit(self, price: Decimal, occurred_on: date) -> None:
        """Submit the bid documents; a second quotation is submitted again."""
        require(
            self.decision == "bid",
            "submission-needs-atb-bid",
            "a bid is submitted only after an ATB decision to bid",
        )
        self._require_open("submit")
        require_not_before(occurred_on, self.last_step_on, "submission")
        self._submitted(price=price, occurred_on=occurred_on)

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
        )

    @event("BidWon")
    def _won(self, award_value: Decimal, currency: str, occurred_on: date) -> None:
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
