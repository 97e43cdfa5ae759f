"""Negotiating the contract: strategy and plan, the team and its authority,
the drafts put to the customer, their review, and a deal lost at the table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from eventsourcing.domain import event

from contract_svc.domain.project import ProjectFollowing
from contract_svc.domain.values import (
    NEGOTIATING,
    Authorization,
    Budget,
    Review,
    Revision,
    Status,
    Verdict,
)
from ltc_shared.aggregate import require, require_not_before


class Negotiation(ProjectFollowing):
    """What the contract keeps while it is negotiated, up to the signing
    decision (ATC)."""

    def _open_negotiation(self, value: Decimal, tier: int, drafted_on: date) -> None:
        self.tier = tier
        self.award_value = value
        self.value = value
        self.budget: Budget | None = None
        self.status: Status = "draft"
        self.last_step_on = drafted_on
        self.strategy: str | None = None
        self.plan: str | None = None
        self.team: list[dict[str, str]] = []
        self.authorization: Authorization | None = None
        self.revision: Revision | None = None
        self.review: Review | None = None
        # Something the signing decision has not seen yet: a budget or a draft.
        self.awaits_atc = False
        self.loss_reason: str | None = None
        self.loss_analysis: str | None = None
        self.lost_on: date | None = None

    def _require_negotiating(self, action: str) -> None:
        require(
            self.status in NEGOTIATING,
            "contract-in-negotiation",
            f"cannot {action} a contract that is {self.status}; "
            "this happens before the signing decision approves it",
        )

    def _require_in_order(self, occurred_on: date, what: str) -> None:
        require_not_before(occurred_on, self.last_step_on, what)

    def set_strategy(self, strategy: str, plan: str, occurred_on: date) -> None:
        self._require_negotiating("set the negotiation strategy of")
        self._require_in_order(occurred_on, "negotiation strategy")
        self._strategy_set(strategy=strategy, plan=plan, occurred_on=occurred_on)

    @event("NegotiationStrategySet")
    def _strategy_set(self, strategy: str, plan: str, occurred_on: date) -> None:
        self.strategy = strategy
        self.plan = plan
        self.last_step_on = occurred_on

    def form_team(self, members: list[dict[str, str]], occurred_on: date) -> None:
        self._require_negotiating("form the negotiation team of")
        names = [member["name"] for member in members]
        require(
            bool(members) and len(set(names)) == len(names),
            "negotiation-team-members",
            "a negotiation team has members, each named once",
        )
        self._require_in_order(occurred_on, "negotiation team")
        self._team_formed(members=members, occurred_on=occurred_on)

    @event("NegotiationTeamFormed")
    def _team_formed(self, members: list[dict[str, str]], occurred_on: date) -> None:
        self.team = members
        self.last_step_on = occurred_on

    def grant_authorization(
        self,
        min_price: Decimal,
        max_discount_share: Decimal,
        terms_allowed: list[str],
        granted_by: str,
        occurred_on: date,
    ) -> None:
        """Confirm or update how far the team may go; the latest grant holds."""
        self._require_negotiating("authorize the negotiation of")
        require(
            Decimal(0) <= max_discount_share <= Decimal(1),
            "discount-share-range",
            "the largest discount is a share between 0 and 1 of the award",
        )
        self._require_in_order(occurred_on, "authorization")
        self._authorization_granted(
            min_price=min_price,
            max_discount_share=max_discount_share,
            terms_allowed=terms_allowed,
            granted_by=granted_by,
            occurred_on=occurred_on,
        )

    @event("AuthorizationGranted")
    def _authorization_granted(
        self,
        min_price: Decimal,
        max_discount_share: Decimal,
        terms_allowed: list[str],
        granted_by: str,
        occurred_on: date,
    ) -> None:
        self.authorization = Authorization(
            min_price, max_discount_share, tuple(terms_allowed), granted_by, occurred_on
        )
        self.last_step_on = occurred_on

    def revise(self, value: Decimal, terms: list[str], occurred_on: date) -> None:
        """A new draft for the customer, within the team's authority."""
        self._require_negotiating("revise")
        granted = self.authorization
        require(
            granted is not None,
            "revision-needs-authorization",
            "the negotiation team drafts within an authorization; grant one first",
        )
        assert granted is not None
        require(
            value >= granted.min_price
            and value >= self.award_value * (1 - granted.max_discount_share)
            and set(terms) <= set(granted.terms_allowed),
            "beyond-negotiation-authority",
            f"a draft at {value} with terms {sorted(terms)} goes beyond the "
            f"authorization (at least {granted.min_price}, discount up to "
            f"{granted.max_discount_share}, terms {list(granted.terms_allowed)}); "
            "ask for a new authorization",
        )
        self._require_in_order(occurred_on, "revision")
        number = 1 if self.revision is None else self.revision.number + 1
        self._revised(
            revision=number, value=value, terms=terms, occurred_on=occurred_on
        )

    @event("ContractRevised")
    def _revised(
        self, revision: int, value: Decimal, terms: list[str], occurred_on: date
    ) -> None:
        self.revision = Revision(revision, value, tuple(terms), occurred_on)
        self.value = value
        self.review = None
        self.awaits_atc = True
        self.last_step_on = occurred_on

    def record_review(
        self, reviewer: str, opinions: list[str], verdict: Verdict, occurred_on: date
    ) -> None:
        """The contract review; a failed one holds back ATC approval until a
        new draft is reviewed."""
        self._require_negotiating("review")
        require(
            verdict == "pass" or bool(opinions),
            "review-needs-opinions",
            "a review that does not simply pass states its opinions",
        )
        self._require_in_order(occurred_on, "review")
        self._reviewed(
            reviewer=reviewer,
            opinions=opinions,
            verdict=verdict,
            revision=None if self.revision is None else self.revision.number,
            occurred_on=occurred_on,
        )

    @event("ContractReviewed")
    def _reviewed(
        self,
        reviewer: str,
        opinions: list[str],
        verdict: Verdict,
        revision: int | None,
        occurred_on: date,
    ) -> None:
        self.review = Review(reviewer, tuple(opinions), verdict, occurred_on)
        self.last_step_on = occurred_on

    def record_loss(self, reason: str, analysis: str, occurred_on: date) -> None:
        """The deal is lost at the table: the win/loss analysis ends it."""
        require(
            self.status in (*NEGOTIATING, "approved"),
            "lost-before-signature",
            f"a contract that is {self.status} can no longer be lost in negotiation",
        )
        self._require_in_order(occurred_on, "loss")
        self._lost(reason=reason, analysis=analysis, occurred_on=occurred_on)

    @event("ContractLost")
    def _lost(self, reason: str, analysis: str, occurred_on: date) -> None:
        self.status = "lost"
        self.loss_reason = reason
        self.loss_analysis = analysis
        self.lost_on = occurred_on
        self.last_step_on = occurred_on

    def _atc_inputs(self) -> dict[str, Any]:
        """What a signing decision saw: the budget and draft it judged."""
        return {
            "budget_version": None if self.budget is None else self.budget.version,
            "revision": None if self.revision is None else self.revision.number,
            "review": None if self.review is None else self.review.verdict,
            "estimate_version": self.estimate_version,
            "risk_register_version": self.risk_register_version,
        }
