"""Realistic inputs: lead commands, the rows they store, and leads with
their first steps for filling a store."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from eventsourcing.persistence import StoredEvent

from lead_svc.application import LeadStore
from lead_svc.domain import Lead
from ltc_shared.ids import natural_id

CHANNELS = ("paid_search", "organic_search", "referral", "trade_show")
PRODUCTS = ("storage", "compute", "backup", "analytics")
REGIONS = ("north", "south", "east", "west")
BUSINESS_UNIT = "bench"
FIRST_CONTACT = date(2024, 1, 2)


def external_ref(run: str, number: int) -> str:
    return f"bench-{run}-{number}"


def lead_id(run: str, number: int) -> uuid.UUID:
    return natural_id("lead", external_ref(run, number))


def capture(run: str, number: int) -> dict[str, Any]:
    """The body of POST /leads for one lead."""
    return {
        "external_ref": external_ref(run, number),
        "customer": f"Customer {number % 997} Ltda",
        "channel": CHANNELS[number % len(CHANNELS)],
        "business_unit": BUSINESS_UNIT,
        "product": PRODUCTS[number % len(PRODUCTS)],
        "region": REGIONS[number % len(REGIONS)],
        "pain_points": ["slow month-end close", "manual invoicing"],
        "first_contact_on": (FIRST_CONTACT + timedelta(days=number % 300)).isoformat(),
    }


def capture_item(run: str, number: int) -> dict[str, Any]:
    """The same command as an item of POST /leads/batch."""
    return {"type": "CaptureLead", **capture(run, number)}


def lead(run: str, number: int, steps: bool = False) -> Lead:
    """A captured lead; with `steps`, also assigned, graded and nurtured."""
    body = capture(run, number)
    found = Lead.capture(
        natural_id("lead", body["external_ref"]),
        body["customer"],
        body["channel"],
        body["business_unit"],
        body["product"],
        body["region"],
        body["pain_points"],
        date.fromisoformat(body["first_contact_on"]),
    )
    if steps:
        later = found.first_contact_on + timedelta(days=3)
        found.assign(f"owner {number % 41}", later)
        found.grade(("low", "medium", "high")[number % 3], later)
        found.nurture("called about the budget", "send a proposal", later)
    return found


def stored_captures(run: str, count: int) -> list[StoredEvent]:
    """The rows the lead store writes for `count` captured leads."""
    mapper = LeadStore(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}).mapper
    return [
        mapper.to_stored_event(event)
        for number in range(count)
        for event in lead(run, number).collect_events()
    ]
