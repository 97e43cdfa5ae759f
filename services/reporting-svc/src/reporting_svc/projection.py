"""Folding published events into read-model documents, one per aggregate.

A document is plain JSON: Decimals as strings, business dates as ISO strings.
Each document is folded only from its own aggregate's events, which the bus
keeps in order, so the documents come out the same however the topics
interleave; the reports join them. A document remembers the aggregate version
it has seen, so an event published twice by the relay changes nothing.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from ltc_shared.envelope import Envelope

Doc = dict[str, Any]
DocKey = tuple[str, str]
Data = Mapping[str, Any]
Step = Callable[[Doc, Data, str], None]

KINDS = ("lead", "opportunity", "bid", "contract", "ledger")
DESCRIPTIVE = ("customer", "channel", "business_unit", "owner", "product", "region")


class UnopenedAggregate(ValueError):
    """An event arrived for an aggregate whose opening event was never seen."""


def day(value: Any) -> str:
    return date.fromisoformat(str(value)).isoformat()


def money(value: Any) -> str:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite():
        raise ValueError(f"not an amount: {value!r}")
    return str(amount)


def _optional(value: Any) -> str | None:
    return None if value is None else str(value)


def _copy(doc: Doc, data: Data, names: tuple[str, ...]) -> None:
    for name in names:
        if name in data:
            doc[name] = _optional(data[name])


# lead


def _lead_captured(doc: Doc, data: Data, on: str) -> None:
    _copy(doc, data, ("customer", "channel", "business_unit", "product", "region"))
    doc |= {
        "pain_points": [str(point) for point in data.get("pain_points", [])],
        "first_contact_on": day(data["first_contact_on"]),
        "captured_on": on,
        "status": "open",
        "owner": None,
        "maturity": None,
        "touches": 0,
        "next_step": None,
        "qualified_on": None,
        "expected_value": None,
        "currency": None,
        "dropped_on": None,
        "drop_reason": None,
    }


def _lead_assigned(doc: Doc, data: Data, on: str) -> None:
    doc["owner"] = str(data["owner"])


def _lead_graded(doc: Doc, data: Data, on: str) -> None:
    doc["maturity"] = str(data["maturity"])


def _lead_nurtured(doc: Doc, data: Data, on: str) -> None:
    doc["touches"] += 1
    doc["next_step"] = _optional(data.get("next_step"))


def _lead_qualified(doc: Doc, data: Data, on: str) -> None:
    _copy(doc, data, DESCRIPTIVE)
    doc |= {
        "status": "qualified",
        "qualified_on": on,
        "expected_value": money(data["expected_value"]),
        "currency": str(data["currency"]),
    }


def _lead_dropped(doc: Doc, data: Data, on: str) -> None:
    doc |= {"status": "dropped", "dropped_on": on, "drop_reason": str(data["reason"])}


# opportunity


def _opportunity_opened(doc: Doc, data: Data, on: str) -> None:
    _copy(doc, data, (*DESCRIPTIVE, "origin", "lead_id", "external_ref", "currency"))
    doc |= {
        "expected_value": money(data["expected_value"]),
        "opened_on": on,
        "status": "open",
        "win_probability": None,
        "initiation_requested_on": None,
        "initiated_on": None,
        "sponsor": None,
        "iron_triangle": None,
        "rejected_on": None,
        "rejection_reason": None,
        "lost_on": None,
        "lost_reason": None,
    }


def _opportunity_evaluated(doc: Doc, data: Data, on: str) -> None:
    doc["win_probability"] = money(data["win_probability"])
    doc["expected_value"] = money(data["expected_value"])


def _initiation_requested(doc: Doc, data: Data, on: str) -> None:
    doc["initiation_requested_on"] = on
    doc["status"] = "initiation_requested"


def _project_initiated(doc: Doc, data: Data, on: str) -> None:
    _copy(doc, data, (*DESCRIPTIVE, "origin", "currency"))
    triangle = data["iron_triangle"]
    doc |= {
        "status": "initiated",
        "initiated_on": on,
        "sponsor": str(data["sponsor"]),
        "iron_triangle": {role: str(triangle[role]) for role in ("ar", "sr", "fr")},
        "expected_value": money(data["expected_value"]),
    }


def _initiation_rejected(doc: Doc, data: Data, on: str) -> None:
    reason = str(data["reason"])
    doc |= {"status": "rejected", "rejected_on": on, "rejection_reason": reason}


def _opportunity_lost(doc: Doc, data: Data, on: str) -> None:
    doc |= {"status": "lost", "lost_on": on, "lost_reason": str(data["reason"])}


# bid


def _bid_opened(doc: Doc, data: Data, on: str) -> None:
    _copy(doc, data, (*DESCRIPTIVE, "origin", "currency"))
    doc |= {
        "opportunity_id": str(data["opportunity_id"]),
        "opened_on": on,
        "status": "open",
        "estimate": None,
        "estimated_on": None,
        "estimate_revisions": 0,
        "decision": None,
        "decision_reason": None,
        "decided_on": None,
        "price": None,
        "submitted_on": None,
        "award_value": None,
        "won_on": None,
        "lost_on": None,
        "lost_reason": None,
    }


def _estimate_prepared(doc: Doc, data: Data, on: str) -> None:
    doc["estimate"] = {
        "revenue": money(data["revenue"]),
        "cost": money(data["cost"]),
        "currency": str(data["currency"]),
    }
    doc["estimated_on"] = on
    doc["estimate_revisions"] += 1


def _bid_decided(doc: Doc, data: Data, on: str) -> None:
    decision = str(data["decision"])
    if decision not in ("bid", "no_bid"):
        raise ValueError(f"unknown ATB decision {decision!r}")
    doc |= {
        "decision": decision,
        "decision_reason": _optional(data.get("reason")),
        "decided_on": on,
        "status": "bidding" if decision == "bid" else "no_bid",
    }


def _bid_submitted(doc: Doc, data: Data, on: str) -> None:
    doc |= {"status": "submitted", "price": money(data["price"]), "submitted_on": on}


def _bid_won(doc: Doc, data: Data, on: str) -> None:
    doc |= {"status": "won", "award_value": money(data["award_value"]), "won_on": on}


def _bid_lost(doc: Doc, data: Data, on: str) -> None:
    doc |= {"status": "lost", "lost_on": on, "lost_reason": str(data["reason"])}


# contract


def _contract_drafted(doc: Doc, data: Data, on: str) -> None:
    _copy(doc, data, (*DESCRIPTIVE, "origin", "currency"))
    doc |= {
        "bid_id": str(data["bid_id"]),
        "opportunity_id": str(data["opportunity_id"]),
        "value": money(data["value"]),
        "drafted_on": on,
        "status": "draft",
        "budget": None,
        "budget_set_on": None,
        "approved_on": None,
        "revisions": [],
        "signed_on": None,
        "payment_days": None,
        "closed_on": None,
    }


def _budget_set(doc: Doc, data: Data, on: str) -> None:
    doc["budget"] = {
        "revenue": money(data["revenue"]),
        "cost": money(data["cost"]),
        "currency": str(data["currency"]),
    }
    doc["budget_set_on"] = on


def _contract_approved(doc: Doc, data: Data, on: str) -> None:
    doc |= {"status": "approved", "approved_on": on}


def _revision_requested(doc: Doc, data: Data, on: str) -> None:
    doc["revisions"].append({"requested_on": on, "reason": str(data["reason"])})
    doc["status"] = "revision"


def _contract_signed(doc: Doc, data: Data, on: str) -> None:
    _copy(doc, data, (*DESCRIPTIVE, "currency"))
    doc |= {
        "status": "signed",
        "signed_on": on,
        "value": money(data["value"]),
        "payment_days": int(data["payment_terms"]["days"]),
    }


def _contract_closed(doc: Doc, data: Data, on: str) -> None:
    doc |= {"status": "closed", "closed_on": on}


# ledger


def _ledger_opened(doc: Doc, data: Data, on: str) -> None:
    _copy(doc, data, ("customer", "business_unit", "currency"))
    doc |= {
        "contract_id": str(data["contract_id"]),
        "value": money(data["value"]),
        "payment_days": int(data["payment_days"]),
        "opened_on": on,
        "invoices": {},
        "costs": [],
    }


def _invoice_issued(doc: Doc, data: Data, on: str) -> None:
    number = str(data["invoice_number"])
    if number in doc["invoices"]:
        raise ValueError(f"invoice {number} was already issued")
    doc["invoices"][number] = {
        "number": number,
        "amount": money(data["amount"]),
        "issued_on": on,
        "due_on": day(data["due_on"]),
        "disputed": bool(data.get("disputed", False)),
        "paid": "0",
        "payments": [],
        "settled_on": None,
    }


def _payment_received(doc: Doc, data: Data, on: str) -> None:
    invoice = doc["invoices"][str(data["invoice_number"])]
    amount = money(data["amount"])
    paid = Decimal(invoice["paid"]) + Decimal(amount)
    invoice["paid"] = str(paid)
    invoice["payments"].append({"received_on": on, "amount": amount})
    if invoice["settled_on"] is None and paid >= Decimal(invoice["amount"]):
        invoice["settled_on"] = on


def _cost_booked(doc: Doc, data: Data, on: str) -> None:
    doc["costs"].append(
        {
            "category": str(data["category"]),
            "amount": money(data["amount"]),
            "booked_on": on,
        }
    )


# The opening event of each kind comes first; the rest change what it opened.
OPENING: dict[str, tuple[str, Step]] = {
    "LeadCaptured": ("lead", _lead_captured),
    "OpportunityOpened": ("opportunity", _opportunity_opened),
    "BidOpened": ("bid", _bid_opened),
    "ContractDrafted": ("contract", _contract_drafted),
    "LedgerOpened": ("ledger", _ledger_opened),
}
CHANGES: dict[str, tuple[str, Step]] = {
    "LeadAssigned": ("lead", _lead_assigned),
    "LeadGraded": ("lead", _lead_graded),
    "LeadNurtured": ("lead", _lead_nurtured),
    "LeadQualified": ("lead", _lead_qualified),
    "LeadDropped": ("lead", _lead_dropped),
    "OpportunityEvaluated": ("opportunity", _opportunity_evaluated),
    "InitiationRequested": ("opportunity", _initiation_requested),
    "ProjectInitiated": ("opportunity", _project_initiated),
    "InitiationRejected": ("opportunity", _initiation_rejected),
    "OpportunityLost": ("opportunity", _opportunity_lost),
    "EstimatePrepared": ("bid", _estimate_prepared),
    "BidDecided": ("bid", _bid_decided),
    "BidSubmitted": ("bid", _bid_submitted),
    "BidWon": ("bid", _bid_won),
    "BidLost": ("bid", _bid_lost),
    "BudgetSet": ("contract", _budget_set),
    "ContractApproved": ("contract", _contract_approved),
    "ContractRevisionRequested": ("contract", _revision_requested),
    "ContractSigned": ("contract", _contract_signed),
    "ContractClosed": ("contract", _contract_closed),
    "InvoiceIssued": ("ledger", _invoice_issued),
    "PaymentReceived": ("ledger", _payment_received),
    "CostBooked": ("ledger", _cost_booked),
}


def key_of(envelope: Envelope) -> DocKey | None:
    """The document an event folds into; None for event types not projected."""
    found = OPENING.get(envelope.type) or CHANGES.get(envelope.type)
    return None if found is None else (found[0], envelope.subject)


def business_day(envelope: Envelope) -> str:
    if envelope.businessdate is not None:
        return envelope.businessdate.isoformat()
    return day(envelope.data["occurred_on"])


def fold(doc: Doc | None, envelope: Envelope) -> Doc | None:
    """The document after `envelope`, as a new dict; `doc` is left untouched.

    None comes back only for an event type that is not projected and no
    document. An event the document has already seen returns it as it was.
    """
    if envelope.type in OPENING:
        kind, step = OPENING[envelope.type]
        if doc is not None:
            return doc
        new: Doc = {"kind": kind, "id": envelope.subject}
    elif envelope.type in CHANGES:
        kind, step = CHANGES[envelope.type]
        if doc is None:
            raise UnopenedAggregate(f"{envelope.type} for {kind} {envelope.subject}")
        if envelope.version <= doc["version"]:
            return doc
        new = copy.deepcopy(doc)
    else:
        return doc

    step(new, envelope.data, business_day(envelope))
    new["version"] = envelope.version
    trace: Mapping[str, Any] = envelope.data.get("trace") or new.get("trace") or {}
    new["trace"] = {str(name): str(value) for name, value in trace.items()}
    return new
