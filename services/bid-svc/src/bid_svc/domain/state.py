"""What every part of the bid shares: its states, the names of its closed sets,
and the guards several sub-processes apply."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from ltc_shared.aggregate import TracedAggregate, require

Decision = Literal["bid", "no_bid"]
Status = Literal["open", "bidding", "no_bid", "submitted", "won", "lost", "withdrawn"]
ENDED: tuple[Status, ...] = ("no_bid", "won", "lost", "withdrawn")
OUTCOMES: tuple[Status, ...] = ("won", "lost")
NoBidReason = Literal[
    "customer rejects our product or solution",
    "does not fit the sales strategy",
    "no real product need",
    "other",
]
Verdict = Literal["pass", "revise"]
DeviationKind = Literal["technical", "commercial"]
BidDocument = Literal[
    "technical proposal",
    "commercial proposal",
    "price list",
    "qualification documents",
    "deviation table",
]
REQUIRED_DOCUMENTS: tuple[BidDocument, ...] = (
    "technical proposal",
    "commercial proposal",
    "price list",
    "qualification documents",
    "deviation table",
)


@dataclass(frozen=True)
class SolutionReview:
    reviewer: str
    opinions: tuple[str, ...]
    verdict: Verdict
    estimate_version: int
    reviewed_on: date


@dataclass(frozen=True)
class Deviation:
    kind: DeviationKind
    clause: str
    deviation: str
    justification: str


@dataclass(frozen=True)
class Clarification:
    question: str
    answer: str
    answered_on: date


@dataclass(frozen=True)
class LossRecovery:
    action: str
    result: str
    attempted_on: date


@dataclass(frozen=True)
class Revisit:
    notes: str
    revisited_on: date


@dataclass(frozen=True)
class BidFeedback:
    """The bid feedback form: what the customer said of our price, solution
    and relationship, and what we learn from it."""

    customer_contact: str
    price: str | None
    solution: str | None
    relationship: str | None
    lessons: str | None
    stage: Status
    given_on: date


@dataclass(frozen=True)
class PostBidReview:
    lessons: str
    by: str
    written_on: date


class BidState(TracedAggregate):
    """The bid's state as its sub-processes read it; `Bid` sets it up."""

    if TYPE_CHECKING:
        tier: int
        sr: str | None
        ar: str | None
        status: Status
        last_step_on: date
        estimates: int
        decision: Decision | None
        price: Decimal | None
        priced_at: Decimal | None
        submissions: int

    def _require_open(self, action: str) -> None:
        require(
            self.status not in ENDED,
            "bid-must-be-open",
            f"cannot {action} a bid that is {self.status.replace('_', ' ')}",
        )

    def _require_before_submission(self, what: str, rule: str) -> None:
        self._require_open(f"record {what} on")
        require(
            self.status in ("open", "bidding"),
            rule,
            f"{what} belongs to the bid documents; the bid was already submitted",
        )

    @property
    def team(self) -> dict[str, str | None]:
        """Who the project named, by role, for the iron triangle's work; bids
        opened before a role was copied to them cannot check it."""
        return {"ar": self.ar, "sr": self.sr}

    def _require_in_opening(self, what: str, rule: str) -> None:
        require(
            self.status == "submitted",
            rule,
            f"{what} happens during the opening, after submission and before "
            f"the outcome; the bid is {self.status.replace('_', ' ')}",
        )

    def _require_after_outcome(self, what: str, rule: str) -> None:
        require(
            self.status in OUTCOMES,
            rule,
            f"{what} follows the outcome; the bid is {self.status.replace('_', ' ')}",
        )
