"""Collecting a lead: the index of leads by customer and need flags a lead
captured for the same customer and need as an open one as its possible
duplicate; nothing is dropped, a person decides whether to merge."""

from __future__ import annotations

from typing import Protocol, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from lead_svc.domain import Lead, LeadIndex, index_id

A = TypeVar("A", bound=Aggregate)


class Finder(Protocol):
    def __call__(self, kind: type[A], aggregate_id: UUID, /) -> A | None: ...


class Adder(Protocol):
    def __call__(self, aggregate: LeadIndex, /) -> object: ...


def index_new_lead(lead: Lead, find: Finder, add: Adder) -> None:
    """Record a newly captured lead under its key and flag it if an earlier
    lead with the same key is still open. Leads without a need are not
    compared: the customer alone does not make a duplicate."""
    if lead.need is None:
        return
    index = find(LeadIndex, index_id(lead.customer, lead.need))
    if index is None:
        add(LeadIndex.first(lead.customer, lead.need, lead.id, lead.first_contact_on))
        return
    for earlier in index.leads:
        original = find(Lead, UUID(earlier))
        if original is not None and original.status == "open":
            lead.flag_duplicate(original.id, lead.first_contact_on)
            break
    index.add(lead.id, lead.first_contact_on)


def open_duplicates(lead: Lead, find: Finder) -> list[UUID]:
    """The open leads flagged as possible duplicates of `lead`, oldest first."""
    if lead.need is None:
        return []
    index = find(LeadIndex, index_id(lead.customer, lead.need))
    found = [find(Lead, UUID(other)) for other in index.leads] if index else []
    return [
        other.id
        for other in found
        if other is not None
        and other.status == "open"
        and other.duplicate_of == str(lead.id)
    ]
