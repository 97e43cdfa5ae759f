"""bid-svc's reactions to other services' events.

An initiated project opens its bid, under an id derived from the
opportunity, so that a repeated delivery finds the bid already open. The
bid then follows the project's tier, its sponsor and its risk register,
which the ATB decision checks and records; each by the project's version,
so that a repeated delivery changes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from bid_svc.domain import Bid
from ltc_shared.consumer import Reaction, Unit
from ltc_shared.envelope import Envelope
from ltc_shared.ids import derived_id


class ProjectInitiatedFact(BaseModel):
    """The fields of opportunity-svc's ProjectInitiated this service relies on."""

    origin: str
    customer: str
    channel: str
    business_unit: str
    owner: str
    product: str
    region: str
    currency: str
    occurred_on: date
    tier: int = Field(1, ge=1, le=4)
    iron_triangle: dict[str, str] = {}
    trace: dict[str, str] = {}
    sponsor: str | None = None
    inputs: dict[str, Any] | None = None


def open_for_initiated_project(envelope: Envelope, unit: Unit) -> None:
    opportunity_id = UUID(envelope.subject)
    if unit.get(Bid, derived_id("bid", opportunity_id)) is not None:
        return
    fact = ProjectInitiatedFact.model_validate(envelope.data)
    bid = Bid.for_project(
        opportunity_id,
        fact.trace,
        origin=fact.origin,
        customer=fact.customer,
        channel=fact.channel,
        business_unit=fact.business_unit,
        owner=fact.owner,
        product=fact.product,
        region=fact.region,
        currency=fact.currency,
        occurred_on=fact.occurred_on,
        tier=fact.tier,
        sr=fact.iron_triangle.get("sr") or None,
        project={
            "sponsor": fact.sponsor,
            "ar": fact.iron_triangle.get("ar"),
            "fr": fact.iron_triangle.get("fr"),
            "risk_register_version": (fact.inputs or {}).get("risk_register_version"),
            "project_version": envelope.version,
        },
    )
    unit.add(bid)


class ProjectFact(BaseModel):
    """What the project's later events tell a bid: a tier (ProjectTypeSet),
    a sponsor (SponsorAppointed), the iron triangle (TeamAppointed) or a
    risk register version (Risk...)."""

    occurred_on: date
    tier: int | None = Field(None, ge=1, le=4)
    sponsor: str | None = None
    register_version: int | None = None
    iron_triangle: dict[str, str] | None = None


def follow_project(envelope: Envelope, unit: Unit) -> None:
    bid = unit.get(Bid, derived_id("bid", UUID(envelope.subject)))
    if bid is None:
        return  # not initiated yet: ProjectInitiated brings the facts
    fact = ProjectFact.model_validate(envelope.data)
    version, on = envelope.version, fact.occurred_on
    if envelope.type == "ProjectTypeSet" and fact.tier is not None:
        followed = bid.follow_tier(fact.tier, version, on)
    elif envelope.type == "SponsorAppointed" and fact.sponsor is not None:
        followed = bid.follow_sponsor(fact.sponsor, version, on)
    elif envelope.type == "TeamAppointed" and fact.iron_triangle is not None:
        followed = bid.follow_triangle(fact.iron_triangle, version, on)
    elif fact.register_version is not None:
        followed = bid.follow_risk_register(fact.register_version, version, on)
    else:
        followed = False
    if followed:
        unit.add(bid)


FOLLOWED = ("ProjectTypeSet", "SponsorAppointed", "TeamAppointed", "RiskRaised")
REACTIONS: dict[str, dict[str, Reaction]] = {
    "opportunity": {
        "ProjectInitiated": open_for_initiated_project,
        **dict.fromkeys((*FOLLOWED, "RiskUpdated", "RiskClosed"), follow_project),
    },
}
