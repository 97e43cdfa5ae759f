"""The contract aggregate: drafted when a bid is won, negotiated with a budget
until the signing decision (ATC) approves it, signed, executed, closed
(ATCC) and evaluated."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from contract_svc.domain.change_control import ChangeControl
from contract_svc.domain.project import Facts
from contract_svc.domain.values import SIGNATURE, Budget, Profile, decider
from ltc_shared.aggregate import Trace, require
from ltc_shared.authority import ATC, ATCC, Actor


class Contract(ChangeControl):
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
        tier: int = 1,
        project: Facts | None = None,
    ) -> None:
        self.trace = trace
        self._take_project(project)
        self.bid_id = bid_id
        self.opportunity_id = opportunity_id
        self.currency = currency
        self.profile = Profile(
            origin, customer, channel, business_unit, owner, product, region
        )
        self.drafted_on = occurred_on
        self._open_negotiation(value, tier, occurred_on)
        self._open_execution()
        self._open_amendments()
        self.revisions = 0
        self.revision_reason: str | None = None
        self.approved_by: str | None = None
        self.atc_inputs: dict[str, Any] = {}
        self.payment_days: int | None = None
        self.signed_by: str | None = None
        self.signed_on: date | None = None
        self.closed_on: date | None = None
        self.evaluation: dict[str, Any] | None = None

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
        tier: int = 1,
        project: Facts | None = None,
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
            tier=tier,
            project=project,
        )

    def _require_currency(self, currency: str) -> None:
        require(
            currency == self.currency,
            "contract-currency",
            f"the contract is in {self.currency}, not {currency}",
        )

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
        version = 1 if self.budget is None else self.budget.version + 1
        self._budget_set(
            revenue=revenue,
            cost=cost,
            currency=currency,
            occurred_on=occurred_on,
            budget_version=version,
        )

    @event("BudgetSet")
    def _budget_set(
        self,
        revenue: Decimal,
        cost: Decimal,
        currency: str,
        occurred_on: date,
        budget_version: int | None = None,
    ) -> None:
        version = budget_version or (
            1 if self.budget is None else self.budget.version + 1
        )
        self.budget = Budget(revenue, cost, occurred_on, version)
        self.awaits_atc = True
        self.last_step_on = occurred_on

    def decide(
        self,
        approved: bool,
        actor: Actor | None,
        reason: str | None,
        occurred_on: date,
    ) -> None:
        """The signing decision (ATC); not approved sends the contract back to
        revision, and a new budget or draft is then needed before the next."""
        who = ATC.check(actor, self.tier, self.named)
        self._require_negotiating("decide on")
        require(
            self.budget is not None and self.awaits_atc,
            "atc-needs-budget",
            "the signing decision needs a budget, and a budget or draft new "
            "since the last decision",
        )
        require(
            approved or bool(reason and reason.strip()),
            "atc-rejection-needs-reason",
            "a contract sent back to revision needs a reason",
        )
        require(
            not approved or self.review is None or self.review.verdict != "fail",
            "atc-review-failed",
            "the contract review failed; revise the draft before approving it",
        )
        self._require_in_order(occurred_on, "signing decision")
        fields: dict[str, Any] = {
            "decided_by": who.id,
            "decider": decider(who),
            "inputs": self._atc_inputs(),
            "occurred_on": occurred_on,
        }
        if approved:
            self._approved(**fields)
        else:
            self._revision_requested(reason=(reason or "").strip(), **fields)

    @event("ContractApproved")
    def _approved(
        self,
        decided_by: str,
        occurred_on: date,
        decider: dict[str, Any] | None = None,
        inputs: dict[str, Any] | None = None,
    ) -> None:
        self.status = "approved"
        self.approved_by = decided_by
        self.atc_inputs = inputs or {}
        self.awaits_atc = False
        self.last_step_on = occurred_on

    @event("ContractRevisionRequested")
    def _revision_requested(
        self,
        decided_by: str,
        reason: str,
        occurred_on: date,
        decider: dict[str, Any] | None = None,
        inputs: dict[str, Any] | None = None,
    ) -> None:
        self.status = "in_revision"
        self.atc_inputs = inputs or {}
        self.revisions += 1
        self.revision_reason = reason
        self.awaits_atc = False
        self.last_step_on = occurred_on

    def sign(
        self,
        value: Decimal,
        currency: str,
        payment_days: int,
        signed_by: str,
        occurred_on: date,
        actor: Actor | None,
    ) -> None:
        who = SIGNATURE.check(actor, self.tier, self.named)
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
            value <= self.value,
            "signature-within-approved-value",
            f"the signing decision approved {self.value}; signing for {value} "
            "needs a revision and a new decision",
        )
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
            signer=decider(who),
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
        signer: dict[str, Any] | None = None,
    ) -> None:
        self.status = "signed"
        self.value = value
        self.payment_days = payment_terms["days"]
        self.signed_by = signed_by
        self.signed_on = occurred_on
        self.last_step_on = occurred_on

    def close(self, occurred_on: date, actor: Actor | None) -> None:
        """The decision to close the contract (ATCC), once, after signature,
        with no dispute open and nothing left to collect."""
        who = ATCC.check(actor, self.tier, self.named)
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
        require(
            not self.open_disputes,
            "atcc-dispute-open",
            f"disputes still open: {', '.join(self.open_disputes)}",
        )
        unsigned = self.unsigned_change_agreements
        require(
            not unsigned,
            "atcc-change-agreement-unsigned",
            f"approved changes without a signed change agreement: "
            f"{', '.join(unsigned)}",
        )
        require(
            self.open_receivables <= 0,
            "atcc-invoice-unpaid",
            f"{self.open_receivables} {self.currency} invoiced is not yet collected",
        )
        self._require_in_order(occurred_on, "closure")
        self._closed(
            decided_by=who.id,
            decider=decider(who),
            inputs={
                "budget_version": None if self.budget is None else self.budget.version,
                "open_receivables": self.open_receivables,
                "risk_register_version": self.risk_register_version,
            },
            occurred_on=occurred_on,
        )

    @event("ContractClosed")
    def _closed(
        self,
        occurred_on: date,
        decided_by: str | None = None,
        decider: dict[str, Any] | None = None,
        inputs: dict[str, Any] | None = None,
    ) -> None:
        self.status = "closed"
        self.closed_on = occurred_on
        self.last_step_on = occurred_on

    def evaluate(self, score: int, lessons: list[str], occurred_on: date) -> None:
        """The evaluation and lessons learned, once the contract is closed."""
        require(
            self.status == "closed",
            "evaluation-needs-closure",
            "a contract is evaluated once it is closed",
        )
        require(
            self.evaluation is None,
            "contract-already-evaluated",
            "the contract was already evaluated",
        )
        self._require_in_order(occurred_on, "evaluation")
        self._evaluated(score=score, lessons=lessons, occurred_on=occurred_on)

    @event("ContractEvaluated")
    def _evaluated(self, score: int, lessons: list[str], occurred_on: date) -> None:
        self.evaluation = {"score": score, "lessons": lessons, "on": occurred_on}
        self.last_step_on = occurred_on
