"""Who may take each decision: by role, and by level against the project's tier.

The project's tier follows its scale (ordinary 1, important 2, major 3,
strategic 4) and sets the level of leader who sponsors and approves it.
People act in a role (the iron triangle AR, SR, FR; the project manager; the
sponsor; finance) at a level (1 department, 2 business unit, 3 region,
4 company). A decision is refused with 403 and the rule's name when the
decider lacks the role or the level, or, where the project names the person
who holds that role (the sponsor appointed at ATI, its AR, SR or FR), is
someone else; a refusal records nothing.

The caller's identity reaches a service in the `X-Actor`, `X-Actor-Role` and
`X-Actor-Level` headers, set by the gateway that authenticated them; an
`actor` in a request body is always replaced by the caller's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, Header
from pydantic import BaseModel, ConfigDict, Field

from ltc_shared.errors import Forbidden

Role = Literal["ar", "sr", "fr", "project_manager", "sponsor", "finance"]
Level = Annotated[int, Field(ge=1, le=4)]
Tier = Annotated[int, Field(ge=1, le=4)]
SCALE_TIERS = {"ordinary": 1, "important": 2, "major": 3, "strategic": 4}


class Actor(BaseModel):
    """Who asks: a person, the role they act in, and their level."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, Field(min_length=1, max_length=200)]
    role: Role
    level: Level = 1


@dataclass(frozen=True)
class Authority:
    """Who may take one decision."""

    decision: str
    roles: frozenset[str]
    at_tier_level: bool
    """Whether the decider's level must reach the project's tier."""

    def check(
        self,
        actor: Actor | None,
        tier: int,
        named: Mapping[str, str | None] | None = None,
    ) -> Actor:
        """The decider, if they may decide; `named` gives, by role, the person
        the project named for it (None where it named nobody)."""
        if actor is None:
            raise Forbidden(
                f"{self.decision}-needs-decider",
                f"{self.decision} is decided by an identified person "
                "(X-Actor, X-Actor-Role, X-Actor-Level)",
            )
        if actor.role not in self.roles:
            allowed = ", ".join(sorted(self.roles))
            raise Forbidden(
                f"{self.decision}-role",
                f"{self.decision} is decided by: {allowed}; not by {actor.role}",
            )
        if self.at_tier_level and actor.level < tier:
            raise Forbidden(
                f"{self.decision}-level",
                f"{self.decision} of a tier {tier} project needs a level {tier} "
                f"decider or above; {actor.id} is level {actor.level}",
            )
        person = (named or {}).get(actor.role)
        if person is not None and actor.id != person:
            raise Forbidden(
                f"{self.decision}-named-{actor.role}",
                f"{self.decision} is taken by the project's {actor.role}, "
                f"{person}; not by {actor.id}",
            )
        return actor


def _authority(decision: str, *roles: str, at_tier_level: bool = True) -> Authority:
    return Authority(decision, frozenset(roles), at_tier_level)


ATI = _authority("ati", "sponsor")
ATB = _authority("atb", "sponsor")
ATC = _authority("atc", "sponsor")
ATAC = _authority("atac", "sponsor")
ATCC = _authority("atcc", "sponsor")
# Changing an initiated project's tier moves who may decide on it: a sponsor
# whose level reaches the higher of the two tiers changes it, and appoints
# another sponsor when the one named at ATI no longer reaches it.
TIER_CHANGE = _authority("tier-change", "sponsor")
SPONSOR_APPOINTMENT = _authority("sponsor-appointment", "sponsor")
# The team appointment letter names the AR, SR and FR, who then act for the
# project: it is the named sponsor's.
TEAM_APPOINTMENT = _authority("team-appointment", "sponsor")
# The AR signs; the sponsor who approved the contract may sign it too.
SIGNATURE = _authority("signature", "ar", "sponsor", at_tier_level=False)
# The contract/PO change agreement after ATAC is signed like the contract.
CHANGE_AGREEMENT = _authority("change-agreement", "ar", "sponsor", at_tier_level=False)
# Work the iron triangle keeps for the person the project named for the role,
# whatever their level: the SR's solution strategy and post-bid review, the
# AR's price, and the handover between sales (AR) and fulfilment (FR).
SOLUTION_STRATEGY = _authority("solution-strategy", "sr", at_tier_level=False)
POST_BID_REVIEW = _authority("post-bid-review", "sr", at_tier_level=False)
PRICING = _authority("pricing", "ar", at_tier_level=False)
HANDOVER = _authority("handover", "ar", "fr", at_tier_level=False)


async def actor_from_headers(
    x_actor: Annotated[
        str | None, Header(min_length=1, max_length=200, description="Who asks")
    ] = None,
    x_actor_role: Annotated[
        Role | None, Header(description="The role they act in")
    ] = None,
    x_actor_level: Annotated[
        int | None, Header(ge=1, le=4, description="Their level, 1 to 4")
    ] = None,
) -> Actor | None:
    if x_actor is None or x_actor_role is None:
        return None
    return Actor(id=x_actor, role=x_actor_role, level=x_actor_level or 1)


CallingActor = Annotated[Actor | None, Depends(actor_from_headers)]
