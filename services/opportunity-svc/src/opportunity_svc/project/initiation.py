"""What the ATI decision checks and records: who decides, what they saw,
and the team they authorise; and the sponsor appointed later in its place."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from eventsourcing.domain import event

from ltc_shared.aggregate import require
from ltc_shared.authority import ATI, SPONSOR_APPOINTMENT, Actor
from ltc_shared.errors import Forbidden
from opportunity_svc.project.part import ProjectPart

IronTriangle = dict[str, str]
"""The three roles that run a sales project: AR, SR and FR, by name."""
TRIANGLE_ROLES = ("ar", "sr", "fr")


class Initiation(ProjectPart):
    if TYPE_CHECKING:
        verification: dict[str, object] | None
        verifications: int
        risk_register_version: int
        evaluations: int
        win_probability: Decimal | None
        expected_value: Decimal

    def _ati_decider(self, actor: Actor | None) -> Actor:
        require(
            self.status not in ("initiated", "rejected"),
            "ati-decided-once",
            f"the ATI decision was already taken: the opportunity is {self.status}",
        )
        self._require_undecided("decide ATI on")
        return ATI.check(actor, self.tier)

    def _ati_inputs(self) -> dict[str, object]:
        """What the ATI decision saw: the register and evaluation versions."""
        return {
            "risk_register_version": self.risk_register_version,
            "evaluations": self.evaluations,
            "win_probability": self.win_probability,
            "expected_value": self.expected_value,
            "verifications": self.verifications,
        }

    def _require_verified(self) -> None:
        # Ordinary projects (tier 1) may go to ATI on the evaluation alone.
        require(
            self.tier == 1 or self.verification is not None,
            "ati-needs-verification",
            f"a tier {self.tier} project is verified (strategy fit and value, "
            "capability gaps, first risks, resources) before ATI; only tier 1 "
            "projects may go without",
        )


class Sponsorship(ProjectPart):
    if TYPE_CHECKING:
        sponsor: str | None

    def appoint_sponsor(
        self, sponsor: str, actor: Actor | None, occurred_on: date
    ) -> None:
        """Appoint another sponsor to an initiated project, for example when
        its tier rose above the level of the one named at ATI."""
        decider = SPONSOR_APPOINTMENT.check(actor, self.tier)
        self._require_initiated("appointing a sponsor")
        named_at: int | None = getattr(self, "sponsor_tier", None)
        if (
            decider.id != self.sponsor
            and named_at is not None
            and self.tier <= named_at
        ):
            raise Forbidden(
                "sponsor-appointment-named-sponsor",
                f"the project's sponsor, {self.sponsor}, was named at tier "
                f"{named_at} and the tier is {self.tier}: only they hand the "
                "project over until the tier rises",
            )
        require(
            sponsor != self.sponsor,
            "sponsor-already-appointed",
            f"{sponsor} already sponsors the project",
        )
        self._step(occurred_on, "sponsor appointment")
        self._sponsor_appointed(
            sponsor=sponsor,
            previous_sponsor=self.sponsor,
            decider=decider.model_dump(),
            tier=self.tier,
            occurred_on=occurred_on,
        )

    @event("SponsorAppointed")
    def _sponsor_appointed(
        self,
        sponsor: str,
        previous_sponsor: str | None,
        decider: dict[str, object],
        tier: int,
        occurred_on: date,
    ) -> None:
        self.sponsor = sponsor
        self.sponsor_tier = tier
        self.last_step_on = occurred_on


def named_triangle(found: IronTriangle | None) -> IronTriangle:
    team = {role: (found or {}).get(role, "") for role in TRIANGLE_ROLES}
    require(
        all(team.values()),
        "project-needs-iron-triangle",
        "an initiated project names its AR, SR and FR",
    )
    return team
