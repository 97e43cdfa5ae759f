"""opportunity-svc's reactions to other services' events.

A qualified lead becomes an opportunity, under an id derived from the lead,
so that a repeated delivery finds the opportunity already open. The project's
bids are followed from bid-svc, so that a project is not given up while one of
its bids is pending; a repeated delivery finds the bid already noted.
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
from opportunity_svc.project.bids import BidOutcome


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


class BidFact(BaseModel):
    """What this service needs of any bid-svc event: whose bid, and when."""

    occurred_on: date
    opportunity_id: UUID | None = None
    trace: dict[str, str] = {}
    decision: str | None = None

    def project(self) -> UUID | None:
        found = self.trace.get("opportunity_id")
        return UUID(found) if found else self.opportunity_id


def _project_of(envelope: Envelope, unit: Unit) -> tuple[Opportunity, BidFact] | None:
    fact = BidFact.model_validate(envelope.data)
    opportunity_id = fact.project()
    found = None if opportunity_id is None else unit.get(Opportunity, opportunity_id)
    if found is None:
        return None
    unit.add(found)
    return found, fact


def note_bid_opened(envelope: Envelope, unit: Unit) -> None:
    found = _project_of(envelope, unit)
    if found is not None:
        opportunity, fact = found
        opportunity.note_bid_opened(envelope.subject, fact.occurred_on)


def _noting(outcome: BidOutcome) -> Reaction:
    def note_bid_ended(envelope: Envelope, unit: Unit) -> None:
        found = _project_of(envelope, unit)
        if found is None:
            return
        opportunity, fact = found
        # Deciding to bid keeps the bid pending; only a no-bid ends it.
        if outcome == "no_bid" and fact.decision != "no_bid":
            return
        opportunity.note_bid_ended(envelope.subject, outcome, fact.occurred_on)

    return note_bid_ended


REACTIONS: dict[str, dict[str, Reaction]] = {
    "lead": {"LeadQualified": open_from_qualified_lead},
    "bid": {
        "BidOpened": note_bid_opened,
        "BidWithdrawn": _noting("withdrawn"),
        "BidDecided": _noting("no_bid"),
        "BidWon": _noting("won"),
        "BidLost": _noting("lost"),
    },
}
