"""The project follows its bids from bid-svc: a bid is noted once however
often it is delivered, and a pending bid keeps the project from being lost."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest

from ltc_shared.bus import InProcessBus
from ltc_shared.consumer import Unit
from ltc_shared.envelope import Envelope
from ltc_shared.ids import derived_id
from ltc_shared.service import ServiceParts
from opportunity_svc.application import OpportunityStore
from opportunity_svc.consumers import REACTIONS
from opportunity_svc.domain import Opportunity

BID_ON = date(2024, 3, 12)
SPONSOR = {"X-Actor": "sofia", "X-Actor-Role": "sponsor"}
ON = {"occurred_on": "2024-03-05"}


def bid_event(kind: str, project: UUID, **data: Any) -> Envelope:
    bid_id = derived_id("bid", project)
    trace = {"opportunity_id": str(project), "bid_id": str(bid_id)}
    return Envelope(
        id=str(uuid4()),
        source="/ltc/bid",
        type=kind,
        subject=str(bid_id),
        time=datetime(2024, 3, 12, 9, 0, tzinfo=UTC),
        businessdate=BID_ON,
        sequence=3,
        version=1,
        data={"trace": trace, "occurred_on": BID_ON.isoformat()} | data,
    )


def deliver(store: OpportunityStore, *envelopes: Envelope) -> None:
    unit = Unit(store)
    for envelope in envelopes:
        REACTIONS["bid"][envelope.type](envelope, unit)
    store.commit(*unit.touched.values())


@pytest.fixture
def project(store: OpportunityStore, open_sudden: Any) -> Opportunity:
    opportunity: Opportunity = open_sudden("crm-77")
    store.commit(opportunity)
    return opportunity


def test_an_opened_bid_is_pending_once(
    store: OpportunityStore, project: Opportunity
) -> None:
    opened = bid_event("BidOpened", project.id, opportunity_id=str(project.id))

    deliver(store, opened, opened)
    deliver(store, opened)

    found = store.load(Opportunity, project.id, "o")
    assert found.pending_bids == [opened.subject]
    assert found.version == 2


@pytest.mark.parametrize(
    ("kind", "data", "state"),
    [
        ("BidWithdrawn", {"reason": "no budget"}, "withdrawn"),
        ("BidDecided", {"decision": "no_bid", "reason": "no fit"}, "no_bid"),
        ("BidDecided", {"decision": "bid", "reason": "fit"}, "pending"),
        ("BidWon", {"award_value": "10.00", "currency": "USD"}, "won"),
        ("BidLost", {"reason": "price"}, "lost"),
    ],
)
def test_a_bid_outcome_ends_the_wait(
    store: OpportunityStore,
    project: Opportunity,
    kind: str,
    data: dict[str, Any],
    state: str,
) -> None:
    ended = bid_event(kind, project.id, **data)

    deliver(store, bid_event("BidOpened", project.id), ended, ended)

    found = store.load(Opportunity, project.id, "o")
    assert found.bids == {ended.subject: state}


def test_a_bid_of_an_unknown_opportunity_is_passed_over(
    store: OpportunityStore,
) -> None:
    deliver(store, bid_event("BidOpened", uuid4()))

    assert not store.recorder.max_notification_id()


async def test_a_project_with_a_pending_bid_is_not_lost(
    client: httpx.AsyncClient, opened: str, parts: ServiceParts, bus: InProcessBus
) -> None:
    await client.post(f"{opened}/initiation-request", json={"requested_by": "Ana"} | ON)
    approval = {"approved": True, "sponsor": "Sofia"} | ON
    triangle = {"iron_triangle": {"ar": "A", "sr": "S", "fr": "F"}}
    await client.post(f"{opened}/ati", json=approval | triangle, headers=SPONSOR)
    opportunity_id = UUID(opened.rsplit("/", 1)[-1])
    await bus.publish("ltc.bid", [bid_event("BidOpened", opportunity_id)])
    for consumer in parts.consumers:
        await consumer.step()

    refused = await client.post(f"{opened}/loss", json={"reason": "gone"} | ON)
    await bus.publish("ltc.bid", [bid_event("BidWithdrawn", opportunity_id)])
    for consumer in parts.consumers:
        await consumer.step()
    lost = await client.post(f"{opened}/loss", json={"reason": "gone"} | ON)

    assert refused.status_code == 409
    assert refused.json()["rule"] == "no-loss-while-bid-pending"
    assert lost.status_code == 200, lost.text
    assert lost.json()["status"] == "lost"
