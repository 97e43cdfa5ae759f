"""The control points around a change: the review of the change proposal
before ATAC, and the contract/PO change agreement signed with the customer
after ATAC approved it. The approved change moves value, scope, dates and
budget at ATAC; the signed agreement is the quality and risk control point
the contract is not closed without."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from eventsourcing.domain import event

from contract_svc.domain.changes import Amendments
from contract_svc.domain.values import (
    Change,
    ChangeAgreement,
    ChangeReview,
    ChangeVerdict,
)
from ltc_shared.aggregate import require
from ltc_shared.authority import CHANGE_AGREEMENT, Actor


class ChangeControl(Amendments):
    def review_change(
        self,
        change_id: str,
        reviewer: str,
        opinions: list[str],
        verdict: ChangeVerdict,
        occurred_on: date,
    ) -> None:
        """Review a change proposal before ATAC; the latest review counts."""
        self._require_executing("review a change to")
        change = self._known_change(change_id)
        require(
            change.outcome == "pending",
            "change-review-before-atac",
            f"change {change_id} was already {change.outcome} by ATAC",
        )
        require(
            verdict == "accepted" or bool(opinions),
            "change-rejection-needs-opinions",
            "a review that rejects a change proposal says why",
        )
        self._require_in_order(occurred_on, "change review")
        self._change_reviewed(
            change_id=change_id,
            reviewer=reviewer,
            opinions=list(opinions),
            verdict=verdict,
            occurred_on=occurred_on,
        )

    @event("ChangeReviewed")
    def _change_reviewed(
        self,
        change_id: str,
        reviewer: str,
        opinions: list[str],
        verdict: ChangeVerdict,
        occurred_on: date,
    ) -> None:
        review = ChangeReview(reviewer, tuple(opinions), verdict, occurred_on)
        self.changes[change_id].reviews.append(review)
        self.last_step_on = occurred_on

    def sign_change_agreement(
        self,
        change_id: str,
        customer_signatory: str,
        actor: Actor | None,
        occurred_on: date,
    ) -> None:
        """Sign the contract/PO change agreement of an approved change, once;
        the project's AR signs it, as the contract."""
        who = CHANGE_AGREEMENT.check(actor, self.tier, self.named)
        self._require_executing("sign a change agreement on")
        change = self._known_change(change_id)
        require(
            change.outcome == "approved",
            "change-agreement-after-atac",
            f"a change agreement follows the approval (ATAC); change {change_id} "
            f"is {change.outcome}",
        )
        require(
            change.agreement is None,
            "change-agreement-signed-once",
            f"the agreement of change {change_id} was already signed",
        )
        self._require_in_order(occurred_on, "change agreement")
        self._change_agreement_signed(
            change_id=change_id,
            signed_by=who.id,
            customer_signatory=customer_signatory,
            occurred_on=occurred_on,
        )

    @event("ChangeAgreementSigned")
    def _change_agreement_signed(
        self,
        change_id: str,
        signed_by: str,
        customer_signatory: str,
        occurred_on: date,
    ) -> None:
        agreement = ChangeAgreement(signed_by, customer_signatory, occurred_on)
        change = self.changes[change_id]
        self.changes[change_id] = replace(change, agreement=agreement)
        self.last_step_on = occurred_on

    @property
    def unsigned_change_agreements(self) -> list[str]:
        """Approved changes whose agreement the customer has not signed yet."""
        return [
            c.change_id
            for c in self.changes.values()
            if c.outcome == "approved" and c.agreement is None
        ]

    def _known_change(self, change_id: str) -> Change:
        change = self.changes.get(change_id)
        require(
            change is not None,
            "change-unknown",
            f"change {change_id} was not requested",
        )
        assert change is not None
        return change
