"""What every part of the Opportunity aggregate relies on."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal

from ltc_shared.aggregate import TracedAggregate, require, require_not_before

Origin = Literal["lead", "sudden"]
Status = Literal["open", "initiation_requested", "initiated", "rejected", "lost"]
UNDECIDED: tuple[Status, ...] = ("open", "initiation_requested")
ENDED_UNSUCCESSFULLY: tuple[Status, ...] = ("rejected", "lost")


class ProjectPart(TracedAggregate):
    """A part of the opportunity's life; the aggregate itself sets the state."""

    # Declared for type checking only: an annotation in the class body would
    # become a field of the aggregate's created event.
    if TYPE_CHECKING:
        status: Status
        last_step_on: date
        currency: str
        tier: int
        sponsor: str | None

    def _require_undecided(self, action: str) -> None:
        require(
            self.status in UNDECIDED,
            "opportunity-must-be-open",
            f"cannot {action} an opportunity that is {self.status}",
        )

    def _require_initiated(self, action: str) -> None:
        require(
            self.status == "initiated",
            "project-must-be-initiated",
            f"{action} follows an approved ATI; the opportunity is {self.status}",
        )

    def _require_alive(self, action: str) -> None:
        require(
            self.status not in ENDED_UNSUCCESSFULLY,
            "opportunity-ended",
            f"cannot {action}: the opportunity ended, it is {self.status}",
        )

    def _step(self, occurred_on: date, what: str) -> None:
        require_not_before(occurred_on, self.last_step_on, what)
