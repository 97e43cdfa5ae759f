"""An initiated project opens its bid once, however often it is delivered;
what this service publishes matches the event catalogue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import uuid4

import httpx

from bid_svc.application import BidStore
from bid_svc.consumers import REACTIONS
from bid_svc.domain import Bid
from ltc_shared.authority import Actor
from ltc_shared.bus import InProcessBus
from ltc_shared.consumer import Unit
from ltc_shared.envelope import Envelope, envelope_from_event
from ltc_shared.ids import derived_id
from ltc_shared.service import ServiceParts
from opportunity_svc.domain import Opportunity

Initiated = Callable[..., Envelope]
react = REACTIONS["opportunity"]["ProjectInitiated"]


def deliver(store: BidStore, *envelopes: Envelope) -> Unit:
    unit = Unit(store)
    for envelope in envelopes:
        react(envelope, unit)
    store.commit(*unit.touched.values())
    return unit


def test_an_initiated_project_opens_its_bid(
    store: BidStore, project_initiated: Initiated
) -> None:
    opportunity_id = uuid4()

    deliver(store, project_initiated(opportunity_id))

    bid = store.load(Bid, derived_id("bid", opportunity_id), "bid")
    assert bid.opportunity_id == opportunity_id
    assert (bid.origin, bid.customer, bid.owner) == ("sudden", "Acme Telecom", "Ana")
    assert (bid.product, bid.region, bid.currency) == ("GTX Pro", "West", "USD")
    assert bid.opened_on == date(2024, 4, 2)
    assert bid.trace == {"opportunity_id": str(opportunity_id), "bid_id": str(bid.id)}


def test_a_repeated_delivery_in_one_batch_opens_it_once(
    store: BidStore, project_initiated: Initiated
) -> None:
    envelope = project_initiated(uuid4())

    unit = deliver(store, envelope, envelope)

    assert len(unit.touched) == 1
    assert store.recorder.max_notification_id() == 1


def test_a_redelivery_later_changes_nothing(
    store: BidStore, project_initiated: Initiated
) -> None:
    envelope = project_initiated(uuid4())
    deliver(store, envelope)

    deliver(store, envelope)

    assert store.recorder.max_notification_id() == 1
    assert store.load(Bid, derived_id("bid", envelope.subject), "bid").version == 1


def test_the_reaction_reads_what_opportunity_svc_publishes(store: BidStore) -> None:
    lead_id = uuid4()
    opportunity = Opportunity.from_lead(
        lead_id,
        {"lead_id": str(lead_id)},
        customer="Acme",
        channel="paid_search",
        business_unit="cloud",
        owner="Ana",
        product="GTX Pro",
        region="West",
        expected_value=Decimal("900.00"),
        currency="EUR",
        occurred_on=date(2024, 4, 1),
    )
    opportunity.request_initiation("Ana", date(2024, 4, 1))
    triangle = {"ar": "Ana", "sr": "Sam", "fr": "Fei"}
    sponsor = Actor(id="Sofia", role="sponsor", level=4)
    opportunity.approve_initiation(sponsor, "Sofia", triangle, date(2024, 4, 2))
    initiated = opportunity.collect_events()[-1]

    deliver(store, envelope_from_event("opportunity", 3, initiated))

    bid = store.load(Bid, derived_id("bid", opportunity.id), "bid")
    assert (bid.origin, bid.currency, bid.channel) == ("lead", "EUR", "paid_search")
    assert bid.tier == 1
    assert bid.trace == {
        "lead_id": str(lead_id),
        "opportunity_id": str(opportunity.id),
        "bid_id": str(bid.id),
    }


async def test_the_outcome_is_published_with_the_catalogue_fields(
    client: httpx.AsyncClient,
    opened: str,
    estimate_body: dict[str, Any],
    parts: ServiceParts,
    bus: InProcessBus,
    sponsor: dict[str, str],
) -> None:
    steps: list[tuple[str, dict[str, Any]]] = [
        ("estimate", estimate_body),
        ("atb", {"decision": "bid", "decided_by": "team", "occurred_on": "2024-04-08"}),
        ("submission", {"price": "118000.00", "occurred_on": "2024-04-15"}),
        ("outcome", {"won": True, "award_value": "115000.00"}),
    ]
    for path, body in steps:
        body = {"occurred_on": "2024-05-20"} | body
        answer = await client.post(f"{opened}/{path}", json=body, headers=sponsor)
        assert answer.status_code == 200, answer.text

    await parts.relay.step()

    envelopes = bus.topics["ltc.bid"]
    assert [e.type for e in envelopes] == [
        "BidOpened",
        "EstimatePrepared",
        "BidDecided",
        "BidSubmitted",
        "BidWon",
    ]
    opened_data, won = envelopes[0].data, envelopes[-1]
    assert opened_data["bid_id"] == won.subject == opened.rsplit("/", 1)[-1]
    assert set(opened_data) == {
        "trace",
        "bid_id",
        "opportunity_id",
        "origin",
        "customer",
        "channel",
        "business_unit",
        "owner",
        "product",
        "region",
        "currency",
        "occurred_on",
        "tier",
        "sr",
        "project",
    }
    assert opened_data["project"] == {
        "sponsor": "sofia",
        "ar": "Ana",
        "fr": "Fei",
        "risk_register_version": None,
        "project_version": 3,
    }
    assert won.businessdate == date(2024, 5, 20)
    assert won.data == {
        "trace": opened_data["trace"],
        "award_value": "115000.00",
        "currency": "USD",
        "occurred_on": "2024-05-20",
        "tier": 1,
        "project": {
            "sponsor": "sofia",
            "iron_triangle": {"ar": "Ana", "sr": "Sam", "fr": "Fei"},
            "risk_register_version": None,
            "estimate_version": 1,
            "project_version": 3,
        },
    }
    assert envelopes[2].data["reason"] is None


async def test_the_consumer_opens_the_bid_from_the_opportunity_topic(
    parts: ServiceParts, bus: InProcessBus, project_initiated: Initiated
) -> None:
    envelope = project_initiated(uuid4())
    await bus.publish("ltc.opportunity", [envelope, envelope])
    [consumer] = parts.consumers

    await consumer.step()

    bid_id = derived_id("bid", envelope.subject)
    assert parts.store.load(Bid, bid_id, "bid").version == 1
    assert parts.store.recorder.max_notification_id() == 1
