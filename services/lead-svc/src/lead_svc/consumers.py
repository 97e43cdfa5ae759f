"""lead-svc's reactions to other services' events.

Executing a contract uncovers new leads: contract-svc's LeadFound captures one
under an id derived from the event's id, so a repeated delivery finds the lead
already captured. It is compared with open leads like any other capture.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from lead_svc.collecting import index_new_lead
from lead_svc.domain import Lead
from ltc_shared.consumer import Reaction, Unit
from ltc_shared.envelope import Envelope
from ltc_shared.ids import derived_id

CONTRACT_EXECUTION = "contract execution"


class LeadFoundFact(BaseModel):
    """The fields of contract-svc's LeadFound this service relies on."""

    customer: str
    need: str
    business_unit: str = "default"
    region: str = "unknown"
    product: str = "unknown"
    occurred_on: date


def capture_found_lead(envelope: Envelope, unit: Unit) -> None:
    lead_id = derived_id("lead", envelope.id)
    if unit.get(Lead, lead_id) is not None:
        return
    fact = LeadFoundFact.model_validate(envelope.data)
    lead = Lead.capture(
        lead_id,
        fact.customer,
        CONTRACT_EXECUTION,
        fact.business_unit,
        fact.product,
        fact.region,
        [],
        fact.occurred_on,
        need=fact.need,
        found_in_contract=envelope.subject,
    )
    unit.add(lead)
    index_new_lead(lead, unit.get, unit.add)


REACTIONS: dict[str, dict[str, Reaction]] = {
    "contract": {"LeadFound": capture_found_lead},
}
