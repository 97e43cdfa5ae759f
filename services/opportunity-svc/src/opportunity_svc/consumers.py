"""opportunity-svc's reactions to other services' events.

A qualified lead becomes an opportunity, under an id derived from the lead,
so that a repeated delivery finds the opportunity already open.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel

from ltc_shared.consumer import Reaction, Unit
from ltc_shared.envelope import Envelope
from ltc_shared.ids import derived_id
from opportunity_svc.domain import Opportunity


class LeadQualifiedFact(BaseModel):
    """The fields of lead-svc's LeadQualified this service relies on."""

    owner: str
    customer: str
    channel: str
    business_unit: str
    product: str
    region: str
    expected_value: Decimal
    currency: str
    occurred_on: date
    trace: dict[str, str] = {}


def open_from_qualified_lead(envelope: Envelope, unit: Unit) -> None:
    lead_id = UUID(envelope.subject)
    if unit.get(Opportunity, derived_id("opportunity", lead_id)) is not None:
        return
    fact = LeadQualifiedFact.model_validate(envelope.data)
    opportunity = Opportunity.from_lead(
        lead_id,
        fact.trace,
        customer=fact.customer,
        channel=fact.channel,
        business_unit=fact.business_unit,
        owner=fact.owner,
        product=fact.product,
        region=fact.region,
        expected_value=fact.expected_value,
        currency=fact.currency,
        occurred_on=fact.occurred_on,
    )
    unit.add(opportunity)


REACTIONS: dict[str, dict[str, Reaction]] = {
    "lead": {"LeadQualified": open_from_qualified_lead},
}
