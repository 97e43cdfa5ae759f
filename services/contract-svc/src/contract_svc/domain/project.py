"""What a contract follows of its sales project: the tier that sets the level
of its deciders, the sponsor named to take ATC, ATAC and ATCC, the AR who
signs, and the versions of the risk register and estimate its decisions saw.

The won bid hands them over; the project's later events update them. Each
fact comes with the project's version, so an older one changes nothing. The
facts heard before the contract was drafted wait in a `ProjectRecord`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.domain import event

from ltc_shared.aggregate import Trace, TracedAggregate
from ltc_shared.ids import derived_id

Facts = dict[str, Any]
"""The project's facts: `tier`, `sponsor`, `ar`, `fr` and
`risk_register_version` (what the project's later events change), and from
the won bid `iron_triangle` and `estimate_version`."""
FOLLOWED = ("tier", "sponsor", "ar", "fr", "risk_register_version")
OVER = ("closed", "lost")


class ProjectFollowing(TracedAggregate):
    """A part of the contract; `Contract` sets it up from the won bid."""

    if TYPE_CHECKING:
        tier: int
        status: str

    def _take_project(self, facts: Facts | None) -> None:
        facts = facts or {}
        triangle = facts.get("iron_triangle") or {}
        self.sponsor: str | None = facts.get("sponsor")
        self.ar: str | None = triangle.get("ar")
        self.fr: str | None = triangle.get("fr")
        self.risk_register_version: int | None = facts.get("risk_register_version")
        self.estimate_version: int | None = facts.get("estimate_version")
        self.project_version = int(facts.get("project_version") or 0)

    @property
    def named(self) -> dict[str, str | None]:
        """Who the project named, by role, for the contract's decisions."""
        return {"sponsor": self.sponsor, "ar": self.ar}

    def follow_project(self, facts: Facts, project_version: int, on: date) -> bool:
        """Take the facts newer than the ones the contract has; says whether
        anything changed."""
        if self.status in OVER or project_version <= self.project_version:
            return False
        known = {
            "tier": self.tier,
            "sponsor": self.sponsor,
            "ar": self.ar,
            "fr": self.fr,
            "risk_register_version": self.risk_register_version,
        }
        changes = {
            name: value
            for name, value in facts.items()
            if name in FOLLOWED and value is not None and value != known[name]
        }
        if not changes:
            return False
        self._project_followed(
            changes=changes, project_version=project_version, occurred_on=on
        )
        return True

    # The project's dates are its own: they do not move the contract's steps.
    @event("ProjectFollowed")
    def _project_followed(
        self, changes: Facts, project_version: int, occurred_on: date
    ) -> None:
        for name, value in changes.items():
            setattr(self, name, value)
        self.project_version = project_version


class ProjectRecord(TracedAggregate):
    """The project's facts as contract-svc heard them, kept for a contract
    not drafted yet: each fact with the project version that set it."""

    @staticmethod
    def create_id(opportunity_id: UUID) -> UUID:
        return derived_id("contract-project", opportunity_id)

    @event("ProjectRecordOpened")
    def __init__(self, opportunity_id: UUID, trace: Trace) -> None:
        self.trace = trace
        self.opportunity_id = opportunity_id
        self.facts: dict[str, list[Any]] = {}

    def record(self, facts: Facts, project_version: int, on: date) -> bool:
        news = {
            name: value
            for name, value in facts.items()
            if name in FOLLOWED
            and value is not None
            and project_version > self.facts.get(name, [None, 0])[1]
        }
        if news:
            self._recorded(facts=news, project_version=project_version, occurred_on=on)
        return bool(news)

    @event("ProjectFactsRecorded")
    def _recorded(self, facts: Facts, project_version: int, occurred_on: date) -> None:
        for name, value in facts.items():
            self.facts[name] = [value, project_version]

    def newer_than(self, project_version: int) -> tuple[Facts, int]:
        """The facts heard after `project_version`, and the latest version."""
        newer = {n: f[0] for n, f in self.facts.items() if f[1] > project_version}
        latest = max((f[1] for f in self.facts.values()), default=0)
        return newer, max(latest, project_version)
