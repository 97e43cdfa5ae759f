"""How finance-svc reacts to contract-svc's events: a signed contract opens
its ledger, once, however often the event is delivered."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import pytest

from finance_svc.application import LedgerStore
from finance_svc.consumers import (
    REACTIONS,
    follow_change,
    follow_closure,
    open_ledger,
)
from finance_svc.domain import Ledger
from ltc_shared.bus import InProcessBus
from ltc_shared.consumer import Unit
from ltc_shared.envelope import Envelope
from ltc_shared.ids import derived_id
from ltc_shared.service import ServiceParts
from ltc_shared.settings import Settings

ContractSigned = Callable[..., Envelope]


@pytest.fixture
def store(tmp_path: Path) -> LedgerStore:
    return LedgerStore(env=Settings(data_dir=tmp_path).event_store_env("finance"))


def deliver(store: LedgerStore, envelope: Envelope) -> None:
    unit = Unit(store)
    open_ledger(envelope, unit)
    store.commit(*unit.touched.values())


def ledger_of(store: LedgerStore, envelope: Envelope) -> Ledger:
    return store.load(Ledger, derived_id("ledger", envelope.subject), "ledger")


def stored_types(store: LedgerStore) -> list[str]:
    notifications = store.recorder.select_notifications(start=1, limit=100)
    return [n.topic.rsplit(".", 1)[-1] for n in notifications]


def test_the_service_reacts_to_contract_signed_changed_and_closed() -> None:
    assert {
        "contract": {
            "ContractSigned": open_ledger,
            "ChangeApproved": follow_change,
            "ContractClosed": follow_closure,
        }
    } == REACTIONS


def test_a_signed_contract_opens_its_ledger(
    store: LedgerStore, contract_signed: ContractSigned
) -> None:
    envelope = contract_signed(value="7500.25", payment_terms={"days": 60})

    deliver(store, envelope)

    ledger = ledger_of(store, envelope)
    assert ledger.contract_id == UUID(envelope.subject)
    assert ledger.value == Decimal("7500.25")
    assert ledger.currency == "USD"
    assert ledger.payment_days == 60
    assert (ledger.customer, ledger.business_unit) == ("Acme", "cloud")
    assert ledger.opened_on == date(2024, 3, 12)
    assert ledger.trace == envelope.data["trace"] | {"ledger_id": str(ledger.id)}
    assert set(ledger.trace) == {
        "lead_id",
        "opportunity_id",
        "bid_id",
        "contract_id",
        "ledger_id",
    }


def test_a_repeated_delivery_opens_nothing_more(
    store: LedgerStore, contract_signed: ContractSigned
) -> None:
    deliver(store, contract_signed())
    deliver(store, contract_signed())

    assert store.recorder.max_notification_id() == 1
    assert stored_types(store) == ["LedgerOpened"]
    assert ledger_of(store, contract_signed()).version == 1


def test_a_contract_without_descriptive_fields_still_opens_its_ledger(
    store: LedgerStore, contract_signed: ContractSigned
) -> None:
    envelope = contract_signed()
    bare = envelope.model_copy(
        update={
            "data": {
                k: v
                for k, v in envelope.data.items()
                if k not in {"customer", "business_unit"}
            }
        }
    )

    deliver(store, bare)

    ledger = ledger_of(store, bare)
    assert (ledger.customer, ledger.business_unit) == (None, None)


async def test_the_consumer_opens_once_when_the_bus_repeats_the_event(
    parts: ServiceParts, bus: InProcessBus, contract_signed: ContractSigned
) -> None:
    await bus.publish("ltc.contract", [contract_signed(), contract_signed()])
    for loop in parts.consumers:
        await loop.step()
        await loop.restart()
        await loop.step()

    assert isinstance(parts.store, LedgerStore)
    assert stored_types(parts.store) == ["LedgerOpened"]
    assert bus.dead_letters == []


async def test_an_unreadable_contract_signed_goes_to_dead_letters(
    parts: ServiceParts, bus: InProcessBus, contract_signed: ContractSigned
) -> None:
    broken = contract_signed(payment_terms={})
    await bus.publish("ltc.contract", [broken, contract_signed()])
    for loop in parts.consumers:
        await loop.step()

    assert len(bus.dead_letters) == 1
    assert isinstance(parts.store, LedgerStore)
    assert stored_types(parts.store) == ["LedgerOpened"]


def test_an_approved_change_moves_the_value_once(
    store: LedgerStore, contract_signed: ContractSigned
) -> None:
    signed = contract_signed(value="1000.00")
    deliver(store, signed)
    change = signed.model_copy(
        update={
            "id": "change-envelope",
            "type": "ChangeApproved",
            "data": {
                "change_id": "CH-1",
                "value_delta": "250.00",
                "occurred_on": "2024-04-01",
                "trace": signed.data["trace"],
            },
        }
    )

    for _ in range(2):
        unit = Unit(store)
        follow_change(change, unit)
        store.commit(*unit.touched.values())

    ledger = ledger_of(store, signed)
    assert ledger.value == Decimal("1250.00")
    assert stored_types(store).count("LedgerRevalued") == 1
