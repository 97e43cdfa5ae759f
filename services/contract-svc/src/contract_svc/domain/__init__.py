"""The contract's domain: the aggregate, by sub-process, and its values."""

from contract_svc.domain.contract import Contract
from contract_svc.domain.values import (
    NEGOTIATING,
    SIGNATURE,
    Authorization,
    Budget,
    Change,
    Dispute,
    Milestone,
    Movement,
    Profile,
    PurchaseOrder,
    Review,
    Revision,
    Status,
    Verdict,
)

__all__ = [
    "NEGOTIATING",
    "SIGNATURE",
    "Authorization",
    "Budget",
    "Change",
    "Contract",
    "Dispute",
    "Milestone",
    "Movement",
    "Profile",
    "PurchaseOrder",
    "Review",
    "Revision",
    "Status",
    "Verdict",
]
