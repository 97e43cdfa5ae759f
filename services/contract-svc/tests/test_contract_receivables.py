"""How contract-svc follows finance-svc's invoices, payments and credit notes:
each counts once towards what is still to collect, however often it is
delivered, and the closure (ATCC) waits for it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from contract_svc.application import ContractStore
from contract_svc.consumers import REACTIONS
from contract_svc.domain import Contract, Profile
from ltc_shared.bus import InProcessBus
from ltc_shared.consumer import Unit
from ltc_shared.envelope import Envelope
from ltc_shared.ids import derived_id
from ltc_shared.service import ServiceParts
from ltc_shared.settings import Settings

CONTRACT_ID = derived_id("contract", "bid-1")
LEDGER_ID = derived_id("ledger", CONTRACT_ID)


def finance_event(kind: str, version: int, amount: str, **data: Any) -> Envelope:
    """A finance event as finance-svc publishes it: amounts and dates as text."""
    payload = {
        "invoice_number": "INV-1",
        "amount": amount,
        "occurred_on": "2024-05-02",
        "trace": {"contract_id": str(CONTRACT_ID), "ledger_id": str(LEDGER_ID)},
    } | data
    return Envelope(
        id=f"finance/{LEDGER_ID}/{version}",
        source="/ltc/finance",
        type=kind,
        subject=str(LEDGER_ID),
        time=datetime.now(UTC),
        businessdate=date(2024, 5, 2),
        sequence=version,
        version=version,
        data=payload,
    )


@pytest.fixture
def store(tmp_path: Path) -> ContractStore:
    store = ContractStore(env=Settings(data_dir=tmp_path).event_store_env("contract"))
    contract = Contract.draft(
        CONTRACT_ID,
        derived_id("bid", "x"),
        derived_id("opportunity", "x"),
        Decimal("5000.00"),
        "USD",
        Profile(),
        date(2024, 3, 1),
        {},
    )
    store.commit(contract)
    return store


def deliver(store: ContractStore, envelope: Envelope) -> None:
    unit = Unit(store)
    REACTIONS["finance"][envelope.type](envelope, unit)
    store.commit(*unit.touched.values())


def open_receivables(store: ContractStore) -> Decimal:
    return store.load(Contract, CONTRACT_ID, "contract").open_receivables


def test_invoices_add_and_payments_and_credit_notes_reduce(
    store: ContractStore,
) -> None:
    deliver(store, finance_event("InvoiceIssued", 2, "1000.00"))
    deliver(store, finance_event("PaymentReceived", 3, "700.00"))
    deliver(store, finance_event("CreditNoteIssued", 4, "200.00"))

    assert open_receivables(store) == Decimal("100.00")
    contract = store.load(Contract, CONTRACT_ID, "contract")
    assert contract.version == 4


def test_an_advance_counts_once_and_applied_credit_pays(store: ContractStore) -> None:
    deliver(store, finance_event("InvoiceIssued", 2, "300.00", advance=True))
    deliver(store, finance_event("PaymentReceived", 3, "300.00"))
    later = {"invoice_number": "INV-2", "advance_deduction": "100.00"}
    deliver(store, finance_event("InvoiceIssued", 4, "1000.00", **later))
    credit = {"invoice_number": "INV-2", "advance_returned": "10.00"}
    deliver(store, finance_event("CreditNoteIssued", 5, "50.00", **credit))
    applied = {"invoice_number": "INV-2"}
    deliver(store, finance_event("CreditApplied", 6, "860.00", **applied))

    assert open_receivables(store) == Decimal("0.00")


def test_a_repeated_delivery_counts_once(store: ContractStore) -> None:
    deliver(store, finance_event("InvoiceIssued", 2, "1000.00"))
    deliver(store, finance_event("InvoiceIssued", 2, "1000.00"))

    assert open_receivables(store) == Decimal("1000.00")
    assert store.recorder.max_notification_id() == 2


def test_a_movement_for_an_unknown_contract_is_refused(store: ContractStore) -> None:
    stray = finance_event(
        "InvoiceIssued", 2, "1.00", trace={"contract_id": str(LEDGER_ID)}
    )

    with pytest.raises(ValueError, match="unknown contract"):
        deliver(store, stray)
    assert store.recorder.max_notification_id() == 1


async def test_the_consumer_follows_finance_once_on_the_bus(
    parts: ServiceParts, bus: InProcessBus, win_bid: Any
) -> None:
    contract_id: UUID = await win_bid()
    trace = {"contract_id": str(contract_id)}
    issued = finance_event("InvoiceIssued", 2, "300.00", trace=trace)

    await bus.publish("ltc.finance", [issued, issued])
    for loop in parts.consumers:
        await loop.step()
        await loop.restart()
        await loop.step()

    contract = parts.store.load(Contract, contract_id, "contract")
    assert contract.open_receivables == Decimal("300.00")
    assert bus.dead_letters == []
