"""How contract-svc reacts to bid-svc's events: a won bid drafts its contract,
once, however often the event is delivered."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import pytest

from contract_svc.application import ContractStore
from contract_svc.consumers import REACTIONS, draft_contract
from contract_svc.domain import Contract
from ltc_shared.bus import InProcessBus
from ltc_shared.consumer import Unit
from ltc_shared.envelope import Envelope
from ltc_shared.ids import derived_id
from ltc_shared.service import ServiceParts
from ltc_shared.settings import Settings

BidWon = Callable[..., Envelope]


@pytest.fixture
def store(tmp_path: Path) -> ContractStore:
    return ContractStore(env=Settings(data_dir=tmp_path).event_store_env("contract"))


def deliver(store: ContractStore, envelope: Envelope) -> None:
    unit = Unit(store)
    draft_contract(envelope, unit)
    store.commit(*unit.touched.values())


def contract_of(store: ContractStore, envelope: Envelope) -> Contract:
    contract_id = derived_id("contract", envelope.subject)
    return store.load(Contract, contract_id, "contract")


def stored_types(store: ContractStore) -> list[str]:
    notifications = store.recorder.select_notifications(start=1, limit=100)
    return [n.topic.rsplit(".", 1)[-1] for n in notifications]


def test_the_service_reacts_to_bid_won_and_to_finance() -> None:
    assert REACTIONS["bid"] == {"BidWon": draft_contract}
    assert set(REACTIONS["finance"]) == {
        "InvoiceIssued",
        "PaymentReceived",
        "CreditApplied",
        "CreditNoteIssued",
    }


def test_a_won_bid_drafts_its_contract(store: ContractStore, bid_won: BidWon) -> None:
    envelope = bid_won(award_value="99000.50", occurred_on="2024-04-02")

    deliver(store, envelope)

    contract = contract_of(store, envelope)
    trace = envelope.data["trace"]
    assert contract.status == "draft"
    assert contract.bid_id == UUID(envelope.subject)
    assert contract.opportunity_id == UUID(trace["opportunity_id"])
    assert contract.value == Decimal("99000.50")
    assert contract.currency == "USD"
    assert contract.drafted_on == date(2024, 4, 2)
    assert contract.trace == trace | {"contract_id": str(contract.id)}
    assert set(contract.trace) == {"lead_id", "opportunity_id", "bid_id", "contract_id"}


def test_a_repeated_delivery_drafts_nothing_more(
    store: ContractStore, bid_won: BidWon
) -> None:
    deliver(store, bid_won())
    deliver(store, bid_won())

    assert store.recorder.max_notification_id() == 1
    assert stored_types(store) == ["ContractDrafted"]
    assert contract_of(store, bid_won()).version == 1


def test_descriptive_fields_are_copied_when_the_bid_sends_them(
    store: ContractStore, bid_won: BidWon
) -> None:
    envelope = bid_won(customer="Acme", region="EMEA", origin="lead")

    deliver(store, envelope)

    profile = contract_of(store, envelope).profile
    assert (profile.customer, profile.region, profile.origin) == (
        "Acme",
        "EMEA",
        "lead",
    )
    assert profile.owner is None


def test_a_bid_won_without_its_opportunity_is_refused(
    store: ContractStore, bid_won: BidWon
) -> None:
    broken = bid_won(trace={"bid_id": "b-1"})

    with pytest.raises(ValueError, match="opportunity"):
        deliver(store, broken)
    assert store.recorder.max_notification_id() is None


async def test_the_consumer_drafts_once_when_the_bus_repeats_the_event(
    parts: ServiceParts, bus: InProcessBus, bid_won: BidWon
) -> None:
    await bus.publish("ltc.bid", [bid_won(), bid_won()])
    for loop in parts.consumers:
        await loop.step()
        await loop.restart()
        await loop.step()

    assert isinstance(parts.store, ContractStore)
    assert stored_types(parts.store) == ["ContractDrafted"]
    assert bus.dead_letters == []


async def test_an_unreadable_bid_won_goes_to_dead_letters(
    parts: ServiceParts, bus: InProcessBus, bid_won: BidWon
) -> None:
    await bus.publish("ltc.bid", [bid_won(award_value="lots"), bid_won()])
    for loop in parts.consumers:
        await loop.step()

    assert len(bus.dead_letters) == 1
    assert isinstance(parts.store, ContractStore)
    assert stored_types(parts.store) == ["ContractDrafted"]
