"""Leads, from collection to qualification, and the index that finds two leads
of the same customer and need.

Events stored before this became a package name their classes under
`lead_svc.domain`; re-exporting keeps those topics resolvable."""

from lead_svc.domain.index import LeadIndex, index_id
from lead_svc.domain.lead import Lead
from lead_svc.domain.rules import (
    LEAD_CRITERIA,
    OPPORTUNITY_CRITERIA,
    TREATMENT,
    Candidate,
    Maturity,
    Signals,
    lead_key,
    maturity_of,
    normalised,
    pick_owner,
)
from lead_svc.domain.screening import KeyRole, Status

__all__ = [
    "LEAD_CRITERIA",
    "OPPORTUNITY_CRITERIA",
    "TREATMENT",
    "Candidate",
    "KeyRole",
    "Lead",
    "LeadIndex",
    "Maturity",
    "Signals",
    "Status",
    "index_id",
    "lead_key",
    "maturity_of",
    "normalised",
    "pick_owner",
]
