"""Which leads were captured for the same customer and need.

One small aggregate per normalised (customer, need) key, under an id derived
from the key, so capturing a lead can find the leads that came before it
without scanning the store.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from lead_svc.domain.rules import lead_key
from ltc_shared.aggregate import Trace, TracedAggregate
from ltc_shared.ids import natural_id


def index_id(customer: str, need: str) -> UUID:
    return natural_id("lead-key", lead_key(customer, need))


class LeadIndex(TracedAggregate):
    @staticmethod
    def create_id(index_id: UUID) -> UUID:
        return index_id

    @event("LeadKeyOpened")
    def __init__(
        self, index_id: UUID, key: str, lead_id: str, occurred_on: date, trace: Trace
    ) -> None:
        self.trace = trace
        self.key = key
        self.leads = [lead_id]

    @classmethod
    def first(
        cls, customer: str, need: str, lead_id: UUID, occurred_on: date
    ) -> LeadIndex:
        return cls(
            index_id=index_id(customer, need),
            key=lead_key(customer, need),
            lead_id=str(lead_id),
            occurred_on=occurred_on,
            trace={"lead_id": str(lead_id)},
        )

    def add(self, lead_id: UUID, occurred_on: date) -> None:
        if str(lead_id) not in self.leads:
            self._added(lead_id=str(lead_id), occurred_on=occurred_on)

    @event("LeadKeyReused")
    def _added(self, lead_id: str, occurred_on: date) -> None:
        self.leads.append(lead_id)
