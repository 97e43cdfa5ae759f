"""After submission: the bid feedback form, during the opening or after the
outcome; after the outcome: trying to recover a lost deal, revisiting the
customer, and the SR's post-bid review, kept as a lesson for later projects."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from eventsourcing.domain import event

from bid_svc.domain.state import (
    BidFeedback,
    BidState,
    LossRecovery,
    PostBidReview,
    Revisit,
    Status,
)
from ltc_shared.aggregate import require, require_not_before
from ltc_shared.authority import POST_BID_REVIEW, Actor


class Aftermath(BidState):
    if TYPE_CHECKING:
        recoveries: list[LossRecovery]
        revisits: list[Revisit]
        post_bid_reviews: list[PostBidReview]
        feedback: list[BidFeedback]

    def record_feedback(
        self,
        customer_contact: str,
        price: str | None,
        solution: str | None,
        relationship: str | None,
        lessons: str | None,
        occurred_on: date,
    ) -> None:
        """Fill in the bid feedback form with what the customer said, once the
        bid was submitted: during the opening or after the outcome."""
        require(
            self.status in ("submitted", "won", "lost"),
            "feedback-after-submission",
            "the bid feedback form follows the submission; the bid is "
            f"{self.status.replace('_', ' ')}",
        )
        require(
            any(part is not None for part in (price, solution, relationship)),
            "feedback-says-something",
            "the customer's feedback covers the price, the solution or the "
            "relationship",
        )
        require_not_before(occurred_on, self.last_step_on, "bid feedback")
        self._feedback_recorded(
            customer_contact=customer_contact,
            price=price,
            solution=solution,
            relationship=relationship,
            lessons=lessons,
            stage=self.status,
            occurred_on=occurred_on,
        )

    @event("BidFeedbackRecorded")
    def _feedback_recorded(
        self,
        customer_contact: str,
        price: str | None,
        solution: str | None,
        relationship: str | None,
        lessons: str | None,
        stage: Status,
        occurred_on: date,
    ) -> None:
        entry = BidFeedback(
            customer_contact,
            price,
            solution,
            relationship,
            lessons,
            stage,
            occurred_on,
        )
        self.feedback = [*self.feedback, entry]
        self.last_step_on = occurred_on

    def attempt_loss_recovery(
        self, action: str, result: str, occurred_on: date
    ) -> None:
        """Try to win back a lost deal, and say how it went."""
        require(
            self.status == "lost",
            "recovery-needs-loss",
            f"only a lost bid is recovered; the bid is {self.status.replace('_', ' ')}",
        )
        require_not_before(occurred_on, self.last_step_on, "loss recovery")
        self._recovery_attempted(action=action, result=result, occurred_on=occurred_on)

    @event("LossRecoveryAttempted")
    def _recovery_attempted(self, action: str, result: str, occurred_on: date) -> None:
        self.recoveries = [*self.recoveries, LossRecovery(action, result, occurred_on)]
        self.last_step_on = occurred_on

    def revisit_customer(self, notes: str, occurred_on: date) -> None:
        self._require_after_outcome("a customer revisit", "revisit-after-outcome")
        require_not_before(occurred_on, self.last_step_on, "customer revisit")
        self._customer_revisited(notes=notes, occurred_on=occurred_on)

    @event("CustomerRevisited")
    def _customer_revisited(self, notes: str, occurred_on: date) -> None:
        self.revisits = [*self.revisits, Revisit(notes, occurred_on)]
        self.last_step_on = occurred_on

    def write_post_bid_review(
        self, lessons: str, actor: Actor | None, occurred_on: date
    ) -> None:
        """The project's SR writes down what later projects should learn."""
        sr = POST_BID_REVIEW.check(actor, self.tier, self.team)
        self._require_after_outcome("the post-bid review", "review-after-outcome")
        require_not_before(occurred_on, self.last_step_on, "post-bid review")
        self._post_bid_review_written(
            lessons=lessons, by=sr.id, occurred_on=occurred_on
        )

    @event("PostBidReviewWritten")
    def _post_bid_review_written(
        self, lessons: str, by: str, occurred_on: date
    ) -> None:
        entry = PostBidReview(lessons, by, occurred_on)
        self.post_bid_reviews = [*self.post_bid_reviews, entry]
        self.last_step_on = occurred_on
