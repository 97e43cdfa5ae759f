"""What a bid follows of its sales project after ATI: the tier that sets
the level of the ATB decider, the sponsor named to take it, the AR, SR and
FR named for their work, and the version of the risk register the decision
sees.

Each fact comes with the project's version; an older one changes nothing,
so a repeated or late delivery cannot undo a newer fact.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from eventsourcing.domain import event

from bid_svc.domain.state import ENDED, BidState

ProjectFacts = dict[str, Any]
"""`sponsor`, `ar`, `fr`, `risk_register_version` and `project_version`,
as the bid was opened with them."""


class ProjectFollowing(BidState):
    if TYPE_CHECKING:
        sponsor: str | None
        ar: str | None
        fr: str | None
        risk_register_version: int | None
        project_version: int

    def _take_project(self, facts: ProjectFacts | None) -> None:
        facts = facts or {}
        self.sponsor = facts.get("sponsor")
        self.ar = facts.get("ar")
        self.fr = facts.get("fr")
        self.risk_register_version = facts.get("risk_register_version")
        self.project_version = int(facts.get("project_version") or 0)

    @property
    def named(self) -> dict[str, str | None]:
        """Who the project named, by role, for the decisions on the bid."""
        return {"sponsor": self.sponsor}

    def _news(self, project_version: int) -> bool:
        return self.status not in ENDED and project_version > self.project_version

    def follow_tier(self, tier: int, project_version: int, occurred_on: date) -> bool:
        """The project's tier changed; says whether the bid took it."""
        if not self._news(project_version) or tier == self.tier:
            return False
        self._tier_followed(
            tier=tier, project_version=project_version, occurred_on=occurred_on
        )
        return True

    def follow_sponsor(
        self, sponsor: str, project_version: int, occurred_on: date
    ) -> bool:
        if not self._news(project_version) or sponsor == self.sponsor:
            return False
        self._sponsor_followed(
            sponsor=sponsor, project_version=project_version, occurred_on=occurred_on
        )
        return True

    def follow_risk_register(
        self, version: int, project_version: int, occurred_on: date
    ) -> bool:
        if not self._news(project_version):
            return False
        self._risk_register_followed(
            risk_register_version=version,
            project_version=project_version,
            occurred_on=occurred_on,
        )
        return True

    def follow_triangle(
        self, triangle: dict[str, str], project_version: int, occurred_on: date
    ) -> bool:
        """A team appointment named another AR, SR or FR."""
        current = {"ar": self.ar, "sr": self.sr, "fr": self.fr}
        changes = {
            role: name
            for role, name in triangle.items()
            if role in current and name != current[role]
        }
        if not self._news(project_version) or not changes:
            return False
        self._triangle_followed(
            iron_triangle=changes,
            project_version=project_version,
            occurred_on=occurred_on,
        )
        return True

    # The project's dates are its own: they do not move the bid's steps.
    @event("ProjectTierFollowed")
    def _tier_followed(
        self, tier: int, project_version: int, occurred_on: date
    ) -> None:
        self.tier = tier
        self.project_version = project_version

    @event("SponsorFollowed")
    def _sponsor_followed(
        self, sponsor: str, project_version: int, occurred_on: date
    ) -> None:
        self.sponsor = sponsor
        self.project_version = project_version

    @event("IronTriangleFollowed")
    def _triangle_followed(
        self, iron_triangle: dict[str, str], project_version: int, occurred_on: date
    ) -> None:
        for role, name in iron_triangle.items():
            setattr(self, role, name)
        self.project_version = project_version

    @event("RiskRegisterFollowed")
    def _risk_register_followed(
        self, risk_register_version: int, project_version: int, occurred_on: date
    ) -> None:
        self.risk_register_version = risk_register_version
        self.project_version = project_version
