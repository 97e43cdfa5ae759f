"""bid-svc's reactions to other services' events.

An initiated project opens its bid, under an id derived from the
opportunity, so that a repeated delivery finds the bid already open.
"""

from __future__ import annotations

from datetime import date
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
    )
    unit.add(bid)


REACTIONS: dict[str, dict[str, Reaction]] = {
    "opportunity": {"ProjectInitiated": open_for_initiated_project},
}
