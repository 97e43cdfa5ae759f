"""The bids a project waits on, as bid-svc reports them: a project is not
given up while one of its bids is pending."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal

from eventsourcing.domain import event

from opportunity_svc.project.part import ProjectPart

BidOutcome = Literal["withdrawn", "no_bid", "won", "lost"]
PENDING = "pending"


class BidWatch(ProjectPart):
    if TYPE_CHECKING:
        bids: dict[str, str]

    @property
    def pending_bids(self) -> list[str]:
        return [bid for bid, state in self.bids.items() if state == PENDING]

    def note_bid_opened(self, bid_id: str, occurred_on: date) -> None:
        """A bid was opened for the project; a repeated note changes nothing."""
        if bid_id not in self.bids:
            self._bid_pending(bid_id=bid_id, occurred_on=occurred_on)

    def note_bid_ended(
        self, bid_id: str, outcome: BidOutcome, occurred_on: date
    ) -> None:
        """A bid reached an outcome; only the first one counts."""
        if self.bids.get(bid_id, PENDING) == PENDING:
            self._bid_ended(bid_id=bid_id, outcome=outcome, occurred_on=occurred_on)

    # The bid's dates are its own: they do not move the opportunity's steps.
    @event("BidPendingNoted")
    def _bid_pending(self, bid_id: str, occurred_on: date) -> None:
        self.bids[bid_id] = PENDING

    @event("BidOutcomeNoted")
    def _bid_ended(self, bid_id: str, outcome: BidOutcome, occurred_on: date) -> None:
        self.bids[bid_id] = outcome
