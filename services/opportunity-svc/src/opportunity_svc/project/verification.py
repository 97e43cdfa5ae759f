"""Verifying an opportunity before ATI: strategy fit and value, capability
gaps, first risks and resources; and the project type that sets its tier."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal

from eventsourcing.domain import event

from ltc_shared.authority import SCALE_TIERS, TIER_CHANGE, Actor
from opportunity_svc.project.part import ProjectPart

StrategyFit = Literal["high", "medium", "low"]
CustomerType = Literal[
    "government", "state_owned", "large_group", "listed_company", "sme", "other"
]
Scale = Literal["ordinary", "important", "major", "strategic"]
Offering = Literal["single_product", "solution", "third_party_cooperation"]


class Verification(ProjectPart):
    if TYPE_CHECKING:
        verification: dict[str, object] | None
        verifications: int
        project_type: dict[str, str] | None

    def verify(
        self,
        strategy_fit: StrategyFit,
        value: str,
        capability_gaps: list[str],
        first_risks: list[str],
        resources: list[str],
        occurred_on: date,
    ) -> None:
        """Record the verification; a later one supersedes it."""
        self._require_undecided("verify")
        self._step(occurred_on, "verification")
        self._verified(
            strategy_fit=strategy_fit,
            value=value,
            capability_gaps=list(capability_gaps),
            first_risks=list(first_risks),
            resources=list(resources),
            occurred_on=occurred_on,
        )

    @event("OpportunityVerified")
    def _verified(
        self,
        strategy_fit: StrategyFit,
        value: str,
        capability_gaps: list[str],
        first_risks: list[str],
        resources: list[str],
        occurred_on: date,
    ) -> None:
        self.verification = {
            "strategy_fit": strategy_fit,
            "value": value,
            "capability_gaps": capability_gaps,
            "first_risks": first_risks,
            "resources": resources,
            "verified_on": occurred_on.isoformat(),
        }
        self.verifications += 1
        self.last_step_on = occurred_on

    def set_project_type(
        self,
        customer_type: CustomerType,
        scale: Scale,
        offering: Offering,
        occurred_on: date,
        actor: Actor | None = None,
    ) -> None:
        """The type decides the tier, and so who may sponsor and decide ATI,
        ATB, ATC, ATAC and ATCC. After ATI the type changes only by a sponsor
        whose level reaches both the old tier and the new one."""
        tier = SCALE_TIERS[scale]
        changed_by = None
        if self.status == "initiated":
            changed_by = TIER_CHANGE.check(actor, max(tier, self.tier)).model_dump()
        else:
            self._require_undecided("set the project type of")
        self._step(occurred_on, "project type")
        self._type_set(
            customer_type=customer_type,
            scale=scale,
            offering=offering,
            tier=tier,
            occurred_on=occurred_on,
            previous_tier=self.tier,
            changed_by=changed_by,
        )

    @event("ProjectTypeSet")
    def _type_set(
        self,
        customer_type: CustomerType,
        scale: Scale,
        offering: Offering,
        tier: int,
        occurred_on: date,
        previous_tier: int | None = None,
        changed_by: dict[str, object] | None = None,
    ) -> None:
        self.project_type = {
            "customer_type": customer_type,
            "scale": scale,
            "offering": offering,
        }
        self.tier = tier
        self.last_step_on = occurred_on
