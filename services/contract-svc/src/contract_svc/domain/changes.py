"""Changes to a signed contract, decided through ATAC, and the risks and
disputes that are managed until they close."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from eventsourcing.domain import event

from contract_svc.domain.execution import Delivery
from contract_svc.domain.values import Change, Dispute, decider
from ltc_shared.aggregate import require
from ltc_shared.authority import ATAC, Actor


class Amendments(Delivery):
    def _open_amendments(self) -> None:
        self.changes: dict[str, Change] = {}
        self.disputes: dict[str, Dispute] = {}
        self.end_on: date | None = None
        self.scope: str | None = None

    def request_change(
        self,
        change_id: str,
        value_delta: Decimal,
        budget_revenue_delta: Decimal,
        budget_cost_delta: Decimal,
        scope: str,
        new_end_on: date | None,
        occurred_on: date,
    ) -> None:
        self._require_executing("request a change to")
        require(
            change_id not in self.changes,
            "change-unique",
            f"change {change_id} was already requested",
        )
        self._require_in_order(occurred_on, "change request")
        self._change_requested(
            change_id=change_id,
            value_delta=value_delta,
            budget_revenue_delta=budget_revenue_delta,
            budget_cost_delta=budget_cost_delta,
            scope=scope,
            new_end_on=new_end_on,
            occurred_on=occurred_on,
        )

    @event("ChangeRequested")
    def _change_requested(
        self,
        change_id: str,
        value_delta: Decimal,
        budget_revenue_delta: Decimal,
        budget_cost_delta: Decimal,
        scope: str,
        new_end_on: date | None,
        occurred_on: date,
    ) -> None:
        self.changes[change_id] = Change(
            change_id,
            value_delta,
            budget_revenue_delta,
            budget_cost_delta,
            scope,
            new_end_on,
            occurred_on,
        )
        self.last_step_on = occurred_on

    def decide_change(
        self,
        change_id: str,
        approved: bool,
        reason: str | None,
        actor: Actor | None,
        occurred_on: date,
    ) -> None:
        """The change decision (ATAC): an approved change moves the contract
        value, its scope and dates, and the budget."""
        who = ATAC.check(actor, self.tier, self.named)
        self._require_executing("decide a change to")
        change = self.changes.get(change_id)
        require(
            change is not None,
            "change-unknown",
            f"change {change_id} was not requested",
        )
        assert change is not None
        require(
            change.outcome == "pending",
            "change-already-decided",
            f"change {change_id} was already {change.outcome}",
        )
        self._require_in_order(occurred_on, "change decision")
        inputs = {
            "budget_version": None if self.budget is None else self.budget.version,
            "risk_register_version": self.risk_register_version,
        }
        if not approved:
            require(
                bool(reason and reason.strip()),
                "atac-rejection-needs-reason",
                "a rejected change needs a reason",
            )
            self._change_rejected(
                change_id=change_id,
                reason=(reason or "").strip(),
                decided_by=who.id,
                decider=decider(who),
                inputs=inputs,
                occurred_on=occurred_on,
            )
            return
        self._require_change_fits(change)
        self._require_accepted_proposal(change)
        self._change_approved(
            change_id=change_id,
            value_delta=change.value_delta,
            budget_revenue_delta=change.budget_revenue_delta,
            budget_cost_delta=change.budget_cost_delta,
            scope=change.scope,
            new_end_on=change.new_end_on,
            decided_by=who.id,
            decider=decider(who),
            inputs=inputs,
            occurred_on=occurred_on,
        )

    def _require_accepted_proposal(self, change: Change) -> None:
        latest = change.reviews[-1] if change.reviews else None
        require(
            latest is not None and latest.verdict == "accepted",
            "atac-needs-accepted-review",
            f"change {change.change_id} is approved on a review that accepted "
            "its proposal; "
            + ("none was held" if latest is None else "the latest rejected it"),
        )

    def _require_change_fits(self, change: Change) -> None:
        budget = self.budget
        require(
            self.value + change.value_delta > 0
            and (
                budget is None
                or (
                    budget.revenue + change.budget_revenue_delta >= 0
                    and budget.cost + change.budget_cost_delta >= 0
                )
            ),
            "change-keeps-amounts-valid",
            "after the change the contract value stays above 0 and the budget "
            "revenue and cost stay zero or more",
        )

    @event("ChangeApproved")
    def _change_approved(
        self,
        change_id: str,
        value_delta: Decimal,
        budget_revenue_delta: Decimal,
        budget_cost_delta: Decimal,
        scope: str,
        new_end_on: date | None,
        decided_by: str,
        decider: dict[str, Any],
        inputs: dict[str, Any],
        occurred_on: date,
    ) -> None:
        self.changes[change_id].outcome = "approved"
        self.value += value_delta
        self.scope = scope
        if new_end_on is not None:
            self.end_on = new_end_on
        if self.budget is not None and (budget_revenue_delta or budget_cost_delta):
            self.budget = replace(
                self.budget,
                revenue=self.budget.revenue + budget_revenue_delta,
                cost=self.budget.cost + budget_cost_delta,
                set_on=occurred_on,
                version=self.budget.version + 1,
            )
        self.last_step_on = occurred_on

    @event("ChangeRejected")
    def _change_rejected(
        self,
        change_id: str,
        reason: str,
        decided_by: str,
        decider: dict[str, Any],
        inputs: dict[str, Any],
        occurred_on: date,
    ) -> None:
        self.changes[change_id].outcome = "rejected"
        self.changes[change_id].reason = reason
        self.last_step_on = occurred_on

    def open_dispute(self, dispute_id: str, subject: str, occurred_on: date) -> None:
        self._require_executing("open a dispute on")
        require(
            dispute_id not in self.disputes,
            "dispute-unique",
            f"dispute {dispute_id} was already opened",
        )
        self._require_in_order(occurred_on, "dispute")
        self._dispute_opened(
            dispute_id=dispute_id, subject=subject, occurred_on=occurred_on
        )

    @event("DisputeOpened")
    def _dispute_opened(self, dispute_id: str, subject: str, occurred_on: date) -> None:
        self.disputes[dispute_id] = Dispute(dispute_id, subject, occurred_on)
        self.last_step_on = occurred_on

    def close_dispute(
        self, dispute_id: str, resolution: str, occurred_on: date
    ) -> None:
        self._require_executing("close a dispute on")
        dispute = self.disputes.get(dispute_id)
        require(
            dispute is not None,
            "dispute-unknown",
            f"dispute {dispute_id} was not opened",
        )
        require(
            dispute is None or dispute.closed_on is None,
            "dispute-already-closed",
            f"dispute {dispute_id} is already closed",
        )
        self._require_in_order(occurred_on, "dispute closure")
        self._dispute_closed(
            dispute_id=dispute_id, resolution=resolution, occurred_on=occurred_on
        )

    @event("DisputeClosed")
    def _dispute_closed(
        self, dispute_id: str, resolution: str, occurred_on: date
    ) -> None:
        self.disputes[dispute_id].resolution = resolution
        self.disputes[dispute_id].closed_on = occurred_on
        self.last_step_on = occurred_on

    @property
    def open_disputes(self) -> list[str]:
        return [d.dispute_id for d in self.disputes.values() if d.closed_on is None]
