"""A lead found while executing a contract is captured once, however often
its event is delivered, and compared with open leads like any capture."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from uuid import uuid4

import pytest

from lead_svc.application import LeadStore
from lead_svc.consumers import REACTIONS
from lead_svc.domain import Lead
from ltc_shared.consumer import Unit
from ltc_shared.envelope import Envelope
from ltc_shared.ids import derived_id
from ltc_shared.settings import Settings

FOUND_ON = date(2019, 5, 6)
react = REACTIONS["contract"]["LeadFound"]


@pytest.fixture
def store(tmp_path: Path) -> LeadStore:
    return LeadStore(env=Settings(data_dir=tmp_path).event_store_env("lead"))


def lead_found(need: str = "Data centre") -> Envelope:
    contract_id = uuid4()
    return Envelope(
        id=str(uuid4()),
        source="/ltc/contract",
        type="LeadFound",
        subject=str(contract_id),
        time=datetime(2019, 5, 7, 9, 0, tzinfo=UTC),
        businessdate=FOUND_ON,
        sequence=3,
        version=9,
        data={
            "trace": {"contract_id": str(contract_id)},
            "customer": "Acme Telecom",
            "need": need,
            "channel": "delivery team",
            "business_unit": "cloud",
            "region": "West",
            "product": "GTX Pro",
            "occurred_on": FOUND_ON.isoformat(),
        },
    )


def deliver(store: LeadStore, *envelopes: Envelope) -> Unit:
    unit = Unit(store)
    for envelope in envelopes:
        react(envelope, unit)
    store.commit(*unit.touched.values())
    return unit


def test_a_lead_found_in_execution_is_captured(store: LeadStore) -> None:
    envelope = lead_found()
    deliver(store, envelope)
    lead = store.load(Lead, derived_id("lead", envelope.id), "lead")
    assert (lead.customer, lead.need, lead.channel) == (
        "Acme Telecom",
        "Data centre",
        "contract execution",
    )
    assert (lead.first_contact_on, lead.found_in_contract) == (
        FOUND_ON,
        envelope.subject,
    )
    assert lead.status == "open"


def test_a_repeated_delivery_captures_it_once(store: LeadStore) -> None:
    envelope = lead_found()
    deliver(store, envelope, envelope)
    stored = store.recorder.max_notification_id()
    deliver(store, envelope)
    assert store.recorder.max_notification_id() == stored
    assert store.load(Lead, derived_id("lead", envelope.id), "lead").version == 1


def test_a_second_lead_for_the_same_need_is_flagged(store: LeadStore) -> None:
    first, second = lead_found(), lead_found(need="data  CENTRE")
    deliver(store, first)
    deliver(store, second)
    flagged = store.load(Lead, derived_id("lead", second.id), "lead")
    assert flagged.duplicate_of == str(derived_id("lead", first.id))
