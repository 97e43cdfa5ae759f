"""The solution side of a bid: the SR's strategy and the solution review that
precedes the ATB decision."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from eventsourcing.domain import event

from bid_svc.domain.state import BidState, NoBidReason, SolutionReview, Verdict
from ltc_shared.aggregate import require, require_not_before
from ltc_shared.authority import SOLUTION_STRATEGY, Actor


class SolutionWork(BidState):
    if TYPE_CHECKING:
        strategy: str | None
        strategy_by: str | None
        reviews: list[SolutionReview]

    @property
    def passed_review(self) -> SolutionReview | None:
        """The latest review, if it passed the current estimate."""
        latest = self.reviews[-1] if self.reviews else None
        if latest is None or latest.verdict != "pass":
            return None
        return latest if latest.estimate_version == self.estimates else None

    def _require_before_atb(self, what: str) -> None:
        self._require_open(what)
        require(
            self.decision is None,
            "solution-before-atb",
            f"cannot {what} once the ATB decision is taken",
        )

    def _require_bid_grounds(self, no_bid_reason: NoBidReason | None) -> None:
        require(
            no_bid_reason is None,
            "no-bid-reason-for-no-bid-only",
            "a decision to bid gives no no-bid reason",
        )
        require(
            self.estimates > 0,
            "atb-needs-estimate",
            "a bid is authorised on an estimate; none was prepared",
        )
        # Ordinary (tier 1) projects may go to the ATB without a formal review.
        require(
            self.tier == 1 or self.passed_review is not None,
            "atb-needs-passed-review",
            f"a tier {self.tier} bid is authorised on a solution review that "
            "passed its current estimate",
        )

    def set_strategy(
        self, summary: str, actor: Actor | None, occurred_on: date
    ) -> None:
        """The project's SR sets the overall solution strategy, or revises it."""
        sr = SOLUTION_STRATEGY.check(actor, self.tier, self.team)
        self._require_before_atb("set the solution strategy of")
        require_not_before(occurred_on, self.last_step_on, "solution strategy")
        self._strategy_set(summary=summary, by=sr.id, occurred_on=occurred_on)

    @event("SolutionStrategySet")
    def _strategy_set(self, summary: str, by: str, occurred_on: date) -> None:
        self.strategy = summary
        self.strategy_by = by
        self.last_step_on = occurred_on

    def review_solution(
        self,
        reviewer: str,
        opinions: list[str],
        verdict: Verdict,
        occurred_on: date,
    ) -> None:
        """Review the solution and its estimate: pass, or send back to revise."""
        self._require_before_atb("review the solution of")
        require(
            self.estimates > 0,
            "review-needs-estimate",
            "the solution is reviewed with its estimate; none was prepared",
        )
        require(
            verdict == "pass" or bool(opinions),
            "revise-needs-opinions",
            "a review that sends the solution back says what to revise",
        )
        require_not_before(occurred_on, self.last_step_on, "solution review")
        self._reviewed(
            reviewer=reviewer,
            opinions=list(opinions),
            verdict=verdict,
            estimate_version=self.estimates,
            occurred_on=occurred_on,
        )

    @event("SolutionReviewed")
    def _reviewed(
        self,
        reviewer: str,
        opinions: list[str],
        verdict: Verdict,
        estimate_version: int,
        occurred_on: date,
    ) -> None:
        review = SolutionReview(
            reviewer, tuple(opinions), verdict, estimate_version, occurred_on
        )
        self.reviews = [*self.reviews, review]
        self.last_step_on = occurred_on
