"""A qualified lead opens an opportunity once, however often it is delivered;
what this service publishes matches the event catalogue."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import httpx

from lead_svc.domain import Lead
from ltc_shared.bus import InProcessBus
from ltc_shared.consumer import Unit
from ltc_shared.envelope import Envelope, envelope_from_event
from ltc_shared.ids import derived_id
from ltc_shared.service import ServiceParts
from opportunity_svc.application import OpportunityStore
from opportunity_svc.consumers import REACTIONS
from opportunity_svc.domain import Opportunity

QUALIFIED_ON = date(2024, 2, 20)
react = REACTIONS["lead"]["LeadQualified"]


def lead_qualified(lead_id: UUID) -> Envelope:
    return Envelope(
        id=str(uuid4()),
        source="/ltc/lead",
        type="LeadQualified",
        subject=str(lead_id),
        time=datetime(2024, 2, 21, 9, 30, tzinfo=UTC),
        businessdate=QUALIFIED_ON,
        sequence=7,
        version=3,
        data={
            "trace": {"lead_id": str(lead_id)},
            "owner": "Ana",
            "customer": "Acme Telecom",
            "channel": "paid_search",
            "business_unit": "cloud",
            "product": "GTX Pro",
            "region": "West",
            "first_contact_on": "2024-01-15",
            "expected_value": "48000.50",
            "currency": "EUR",
            "occurred_on": QUALIFIED_ON.isoformat(),
        },
    )


def deliver(store: OpportunityStore, *envelopes: Envelope) -> Unit:
    unit = Unit(store)
    for envelope in envelopes:
        react(envelope, unit)
    store.commit(*unit.touched.values())
    return unit


def test_a_qualified_lead_opens_its_opportunity(store: OpportunityStore) -> None:
    lead_id = uuid4()

    deliver(store, lead_qualified(lead_id))

    opened = store.load(Opportunity, derived_id("opportunity", lead_id), "o")
    assert (opened.origin, opened.lead_id, opened.external_ref) == (
        "lead",
        lead_id,
        None,
    )
    assert (opened.owner, opened.customer, opened.channel) == (
        "Ana",
        "Acme Telecom",
        "paid_search",
    )
    assert (opened.expected_value, opened.currency) == (Decimal("48000.50"), "EUR")
    assert opened.opened_on == QUALIFIED_ON
    assert opened.trace == {
        "lead_id": str(lead_id),
        "opportunity_id": str(opened.id),
    }


def test_a_repeated_delivery_in_one_batch_opens_it_once(
    store: OpportunityStore,
) -> None:
    envelope = lead_qualified(uuid4())

    unit = deliver(store, envelope, envelope)

    assert len(unit.touched) == 1
    assert store.recorder.max_notification_id() == 1


def test_a_redelivery_later_changes_nothing(store: OpportunityStore) -> None:
    envelope = lead_qualified(uuid4())
    deliver(store, envelope)

    deliver(store, envelope)

    assert store.recorder.max_notification_id() == 1
    opened = store.load(Opportunity, derived_id("opportunity", envelope.subject), "o")
    assert opened.version == 1


def test_the_reaction_reads_what_lead_svc_publishes(store: OpportunityStore) -> None:
    lead = Lead.capture(
        uuid4(), "Acme", "paid_search", "cloud", "GTX Pro", "West", [], QUALIFIED_ON
    )
    lead.assign("Ana", QUALIFIED_ON)
    criteria = dict.fromkeys(
        ("in_purchasing_process", "has_investment_plan", "can_take_part"), True
    )
    lead.qualify(criteria, Decimal("900.00"), "USD", QUALIFIED_ON)
    qualified = lead.collect_events()[-1]

    deliver(store, envelope_from_event("lead", 3, qualified))

    opened = store.load(Opportunity, derived_id("opportunity", lead.id), "o")
    assert (opened.owner, opened.expected_value) == ("Ana", Decimal("900.00"))


async def published(parts: ServiceParts, bus: InProcessBus) -> list[Envelope]:
    await parts.relay.step()
    return bus.topics.get("ltc.opportunity", [])


async def test_the_ati_decision_is_published_with_its_copies(
    client: httpx.AsyncClient, opened: str, parts: ServiceParts, bus: InProcessBus
) -> None:
    steps: list[tuple[str, dict[str, Any]]] = [
        ("initiation-request", {"requested_by": "Ana"}),
        (
            "ati",
            {
                "approved": True,
                "decided_by": "Sofia",
                "sponsor": "Sofia",
                "iron_triangle": {"ar": "Ana", "sr": "Sam", "fr": "Fei"},
            },
        ),
    ]
    for path, body in steps:
        answer = await client.post(
            f"{opened}/{path}",
            json=body | {"occurred_on": "2024-03-09"},
            headers={"X-Actor": "sofia", "X-Actor-Role": "sponsor"},
        )
        assert answer.status_code == 200, answer.text

    envelopes = await published(parts, bus)

    assert [e.type for e in envelopes] == [
        "OpportunityOpened",
        "InitiationRequested",
        "ProjectInitiated",
    ]
    initiated = envelopes[-1]
    assert initiated.subject == opened.rsplit("/", 1)[-1]
    assert initiated.businessdate == date(2024, 3, 9)
    assert initiated.data == {
        "trace": {"opportunity_id": initiated.subject},
        "decided_by": "sofia",
        "sponsor": "Sofia",
        "iron_triangle": {"ar": "Ana", "sr": "Sam", "fr": "Fei"},
        "origin": "sudden",
        "customer": "Acme Telecom",
        "channel": "direct_sales",
        "business_unit": "cloud",
        "owner": "Ana",
        "product": "GTX Pro",
        "region": "West",
        "expected_value": "125000.00",
        "currency": "USD",
        "occurred_on": "2024-03-09",
        "tier": 1,
        "decider": {"id": "sofia", "role": "sponsor", "level": 1},
        "inputs": {
            "risk_register_version": 0,
            "evaluations": 0,
            "win_probability": None,
            "expected_value": "125000.00",
            "verifications": 0,
        },
    }


async def test_the_consumer_opens_the_opportunity_from_the_lead_topic(
    parts: ServiceParts, bus: InProcessBus
) -> None:
    envelope = lead_qualified(uuid4())
    await bus.publish("ltc.lead", [envelope, envelope])
    consumer = parts.consumers[0]

    await consumer.step()

    opportunity_id = derived_id("opportunity", envelope.subject)
    assert parts.store.load(Opportunity, opportunity_id, "o").version == 1
    assert parts.store.recorder.max_notification_id() == 1
