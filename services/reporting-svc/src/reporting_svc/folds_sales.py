"""How the events of leads, opportunities and bids fold into documents."""

from __future__ import annotations

from reporting_svc.documents import (
    DESCRIPTIVE,
    Data,
    Doc,
    Step,
    copy_fields,
    day,
    money,
    optional,
)

# lead


def _lead_captured(doc: Doc, data: Data, on: str) -> None:
    copy_fields(
        doc, data, ("customer", "channel", "business_unit", "product", "region")
    )
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
        "treatment": None,
        "next_step_on": None,
        "window_ends_on": None,
        "duplicate_of": None,
        "merged_into": None,
        "merged_on": None,
        "industry": optional(data.get("industry")),
        "need": optional(data.get("need")),
        "found_in_contract": optional(data.get("found_in_contract")),
    }


def _lead_assigned(doc: Doc, data: Data, on: str) -> None:
    doc["owner"] = str(data["owner"])
    # a distribution says why the owner was picked; a manual assignment does not
    doc["assignment_reason"] = optional(data.get("reason"))


def _lead_graded(doc: Doc, data: Data, on: str) -> None:
    doc["maturity"] = str(data["maturity"])
    doc["treatment"] = optional(data.get("treatment"))
    signals = data.get("signals")
    doc["maturity_signals"] = None if signals is None else dict(signals)


def _lead_generated(doc: Doc, data: Data, on: str) -> None:
    doc["generated_by"] = str(data["generated_by"])


def _lead_verified(doc: Doc, data: Data, on: str) -> None:
    doc["verified_by"] = str(data["verified_by"])


def _core_elements_recorded(doc: Doc, data: Data, on: str) -> None:
    doc["core_elements"] = doc.get("core_elements", {}) | dict(data["elements"])


def _key_person_recorded(doc: Doc, data: Data, on: str) -> None:
    person = {"role": str(data["role"]), "title": optional(data.get("title"))}
    doc["key_people"] = doc.get("key_people", {}) | {str(data["name"]): person}


def _lead_nurtured(doc: Doc, data: Data, on: str) -> None:
    doc["touches"] += 1
    doc["next_step"] = optional(data.get("next_step"))
    doc["next_step_on"] = _optional_day(data.get("next_step_on"))
    # a touch that names no window keeps the one already known
    window = _optional_day(data.get("window_ends_on"))
    doc["window_ends_on"] = window or doc.get("window_ends_on")


def _optional_day(value: object) -> str | None:
    return None if value is None else day(value)


def _lead_flagged(doc: Doc, data: Data, on: str) -> None:
    doc["duplicate_of"] = str(data["duplicate_of"])


def _leads_merged(doc: Doc, data: Data, on: str) -> None:
    doc |= {"status": "merged", "merged_into": str(data["into"]), "merged_on": on}


def _lead_qualified(doc: Doc, data: Data, on: str) -> None:
    copy_fields(doc, data, DESCRIPTIVE)
    doc |= {
        "status": "qualified",
        "qualified_on": on,
        "expected_value": money(data["expected_value"]),
        "currency": str(data["currency"]),
    }


def _lead_dropped(doc: Doc, data: Data, on: str) -> None:
    doc |= {"status": "dropped", "dropped_on": on, "drop_reason": str(data["reason"])}


def _duplicate_absorbed(doc: Doc, data: Data, on: str) -> None:
    doc["pain_points"] += [str(point) for point in data.get("pain_points", [])]
    doc["merged_leads"] = [*doc.get("merged_leads", []), str(data["merged"])]


# opportunity


def _opportunity_opened(doc: Doc, data: Data, on: str) -> None:
    copy_fields(
        doc, data, (*DESCRIPTIVE, "origin", "lead_id", "external_ref", "currency")
    )
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
    copy_fields(doc, data, (*DESCRIPTIVE, "origin", "currency"))
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
    copy_fields(doc, data, (*DESCRIPTIVE, "origin", "currency"))
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
        "withdrawn_on": None,
        "withdrawal_reason": None,
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
        "decision_reason": optional(data.get("reason")),
        "decided_on": on,
        "status": "bidding" if decision == "bid" else "no_bid",
    }


def _bid_submitted(doc: Doc, data: Data, on: str) -> None:
    doc |= {"status": "submitted", "price": money(data["price"]), "submitted_on": on}


def _bid_won(doc: Doc, data: Data, on: str) -> None:
    doc |= {"status": "won", "award_value": money(data["award_value"]), "won_on": on}


def _bid_lost(doc: Doc, data: Data, on: str) -> None:
    doc |= {"status": "lost", "lost_on": on, "lost_reason": str(data["reason"])}


def _bid_withdrawn(doc: Doc, data: Data, on: str) -> None:
    reason = str(data["reason"])
    doc |= {"status": "withdrawn", "withdrawn_on": on, "withdrawal_reason": reason}


OPENING: dict[str, tuple[str, Step]] = {
    "LeadCaptured": ("lead", _lead_captured),
    "OpportunityOpened": ("opportunity", _opportunity_opened),
    "BidOpened": ("bid", _bid_opened),
}
CHANGES: dict[str, tuple[str, Step]] = {
    "LeadAssigned": ("lead", _lead_assigned),
    "LeadGraded": ("lead", _lead_graded),
    "LeadNurtured": ("lead", _lead_nurtured),
    "LeadQualified": ("lead", _lead_qualified),
    "LeadDropped": ("lead", _lead_dropped),
    "LeadFlaggedAsDuplicate": ("lead", _lead_flagged),
    "LeadsMerged": ("lead", _leads_merged),
    "DuplicateLeadAbsorbed": ("lead", _duplicate_absorbed),
    "LeadGenerated": ("lead", _lead_generated),
    "LeadVerified": ("lead", _lead_verified),
    "LeadCoreElementsRecorded": ("lead", _core_elements_recorded),
    "KeyPersonRecorded": ("lead", _key_person_recorded),
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
    "BidWithdrawn": ("bid", _bid_withdrawn),
}
