"""The contract aggregate: drafted when a bid is won, negotiated with a budget
until the signing decision (ATC) approves it, then signed and finally closed
(ATCC)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import Literal
from uuid import UUID

from eventsourcing.domain import event

from ltc_shared.aggregate import Trace, TracedAggregate, require, require_not_before

Status = Literal["draft", "in_revision", "approved", "signed", "closed"]
NEGOTIATING: tuple[Status, ...] = ("draft", "in_revision")


@dataclass(frozen=True)
class Profile:
    """Who and what the contract is about, as far as the won bid told us."""

    origin: str | None = None
    customer: str | None = None
    channel: str | None = None
    business_unit: str | None = None
    owner: str | None = None
    product: str | None = None
    region: str | None = None


@dataclass(frozen=True)
class Budget:
    """How much the project may earn and spend: the second of the four
    calculations, made with the contract draft."""

    revenue: Decimal
    cost: Decimal
    set_on: date

    @property
    def margin(self) -> Decimal:
        return self.revenue - self.cost


class Contract(TracedAggregate):
    @staticmethod
    def create_id(contract_id: UUID) -> UUID:
        return contract_id

    @event("ContractDrafted")
    def __init__(
        self,
        contract_id: UUID,
        bid_id: UUID,
        opportunity_id: UUID,
        value: Decimal,
        currency: str,
        origin: str | None,
        customer: str | None,
        channel: str | None,
        business_unit: str | None,
        owner: str | None,
        product: str | None,
        region: str | None,
        occurred_on: date,
        trace: Trace,
    ) -> None:
        self.trace = trace
        self.bid_id = bid_id
        self.opportunity_id = opportunity_id
        self.award_value = value
        self.value = value
        self.currency = currency
        self.profile = Profile(
            origin, customer, channel, business_unit, owner, product, region
        )
        self.drafted_on = occurred_on
        self.last_step_on = occurred_on
        self.status: Status = "draft"
        self.budget: Budget | None = None
        self.budget_awaits_atc = False
        self.revisions = 0
        self.revision_reason: str | None = None
        self.approved_by: str | None = None
        self.payment_days: int | None = None
        self.signed_by: str | None = None
        self.signed_on: date | None = None
        self.closed_on: date | None = None

    @classmethod
    def draft(
        cls,
        contract_id: UUID,
        bid_id: UUID,
        opportunity_id: UUID,
        value: Decimal,
        currency: str,
        profile: Profile,
        won_on: date,
        trace: Trace,
    ) -> Contract:
        return cls(
            contract_id=contract_id,
            bid_id=bid_id,
            opportunity_id=opportunity_id,
            value=value,
            currency=currency,
            **asdict(profile),
            occurred_on=won_on,
            trace=trace | {"contract_id": str(contract_id)},
        )

    def _require_negotiating(self, action: str) -> None:
        require(
            self.status in NEGOTIATING,
            "contract-in-negotiation",
            f"cannot {action} a contract that is {self.status}; "
            "this happens before the signing decision approves it",
        )

    def _require_currency(self, currency: str) -> None:
        require(
            currency == self.currency,
            "contract-currency",
            f"the contract is in {self.currency}, not {currency}",
        )

    def _require_in_order(self, occurred_on: date, what: str) -> None:
        require_not_before(occurred_on, self.last_step_on, what)

    def set_budget(
        self, revenue: Decimal, cost: Decimal, currency: str, occurred_on: date
    ) -> None:
        self._require_negotiating("set the budget of")
        require(
            revenue >= 0 and cost >= 0,
            "budget-not-negative",
            "budget revenue and cost are zero or more",
        )
        self._require_currency(currency)
        self._require_in_order(occurred_on, "budget")
        self._budget_set(
            revenue=revenue, cost=cost, currency=currency, occurred_on=occurred_on
        )

    @event("BudgetSet")
    def _budget_set(
        self, revenue: Decimal, cost: Decimal, currency: str, occurred_on: date
    ) -> None:
        self.budget = Budget(revenue, cost, occurred_on)
        self.budget_awaits_atc = True
        self.last_step_on = occurred_on

    def decide(
        self, approved: bool, decided_by: str, reason: str | None, occurred_on: date
    ) -> None:
        """The signing decision (ATC); not approved sends the contract back to
        revision, and a new budget is then needed before the next decision."""
        self._require_negotiating("decide on")
        require(
            self.budget_awaits_atc,
            "atc-needs-budget",
            "the signing decision needs a budget set since the last decision",
        )
        require(
            approved or bool(reason and reason.strip()),
            "atc-rejection-needs-reason",
            "a contract sent back to revision needs a reason",
        )
        self._require_in_order(occurred_on, "signing decision")
        if approved:
            self._approved(decided_by=decided_by, occurred_on=occurred_on)
        else:
            self._revision_requested(
                decided_by=decided_by,
                reason=(reason or "").strip(),
                occurred_on=occurred_on,
            )

    @event("ContractApproved")
    def _approved(self, decided_by: str, occurred_on: date) -> None:
        self.status = "approved"
        self.approved_by = decided_by
        self.budget_awaits_atc = False
        self.last_step_on = occurred_on

    @event("ContractRevisionRequested")
    def _revision_requested(
        self, decided_by: str, reason: str, occurred_on: date
    ) -> None:
        self.status = "in_revision"
        self.revisions += 1
        self.revision_reason = reason
        self.budget_awaits_atc = False
        self.last_step_on = occurred_on

    def sign(
        self,
        value: Decimal,
        currency: str,
        payment_days: int,
        signed_by: str,
        occurred_on: date,
    ) -> None:
        require(
            self.status not in ("signed", "closed"),
            "contract-already-signed",
            f"the contract was signed on {self.signed_on}",
        )
        require(
            self.status == "approved",
            "atc-approval-required",
            "a contract is signed only after the signing decision (ATC) approves it",
        )
        require(value > 0, "contract-value-positive", "the signed value is above 0")
        require(
            payment_days >= 0,
            "payment-terms-valid",
            "payment terms are zero or more days",
        )
        self._require_currency(currency)
        self._require_in_order(occurred_on, "signature")
        profile = self.profile
        self._signed(
            value=value,
            currency=currency,
            payment_terms={"days": payment_days},
            signed_by=signed_by,
            customer=profile.customer,
            channel=profile.channel,
            business_unit=profile.business_unit,
            owner=profile.owner,
            product=profile.product,
            region=profile.region,
            occurred_on=occurred_on,
        )

    @event("ContractSigned")
    def _signed(
        self,
        value: Decimal,
        currency: str,
        payment_terms: dict[str, int],
        signed_by: str,
        customer: str | None,
        channel: str | None,
        business_unit: str | None,
        owner: str | None,
        product: str | None,
        region: str | None,
        occurred_on: date,
    ) -> None:
        self.status = "signed"
        self.value = value
        self.payment_days = payment_terms["days"]
        self.signed_by = signed_by
        self.signed_on = occurred_on
        self.last_step_on = occurred_on

    def close(self, occurred_on: date) -> None:
        """The decision to close the contract (ATCC), once, after signature."""
        require(
            self.status != "closed",
            "contract-already-closed",
            f"the contract was closed on {self.closed_on}",
        )
        require(
            self.status == "signed",
            "closure-needs-signature",
            "only a signed contract can be closed",
        )
        self._require_in_order(occurred_on, "closure")
        self._closed(occurred_on=occurred_on)

    @event("ContractClosed")
    def _closed(self, occurred_on: date) -> None:
        self.status = "closed"
        self.closed_on = occurred_on
        self.last_step_on = occurred_on
