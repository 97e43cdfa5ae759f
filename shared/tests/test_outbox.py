"""The relay's records, cut from the stored JSON, are the envelopes it built
by decoding each domain event: same key, same headers, same data."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.domain import event

from ltc_shared.aggregate import Trace, TracedAggregate
from ltc_shared.bus import InProcessBus
from ltc_shared.envelope import Envelope, envelope_from_event, event_id
from ltc_shared.eventstore import ServiceApplication
from ltc_shared.outbox import Message, OutboxEncoder, Row, read_after
from ltc_shared.relay import Relay
from ltc_shared.settings import Settings


class Deal(TracedAggregate):
    @staticmethod
    def create_id(deal_id: UUID) -> UUID:
        return deal_id

    @event("DealOpened")
    def __init__(
        self,
        deal_id: UUID,
        customer: str,
        amount: Decimal,
        lines: list[dict[str, Any]],
        occurred_on: date,
        trace: Trace,
    ) -> None:
        self.trace = trace

    @event("DealNoted")
    def note(self, text: str, meta: dict[str, Any]) -> None:
        pass

    @event("DealDelivered")
    def deliver(self, items: list[dict[str, Any]], occurred_on: date | None) -> None:
        pass

    @event("DealStamped")
    def stamp(self, at: datetime, occurred_on: date) -> None:
        pass

    class Renamed(TracedAggregate.Event):
        class_version = 2
        name: str
        occurred_on: date

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["name"] = state.pop("title", "")

    @event(Renamed)
    def rename(self, name: str, occurred_on: date) -> None:
        pass

    @event("DealReceipted")
    def receipt(self, occurred_on: date) -> None:
        pass


DAY = date(2025, 3, 1)
AWKWARD = 'quote " backslash \\ 合同 {"_type_":"uuid_hex","_data_":"x"} \u2028'


def deals(notes: ServiceApplication) -> Deal:
    deal_id = uuid4()
    deal = Deal(
        deal_id=deal_id,
        customer="Cliente 合同 Ltda",
        amount=Decimal("1250.50"),
        lines=[{"on": DAY, "amount": Decimal("1E+2"), "sku": uuid4(), "n": 1.5}],
        occurred_on=DAY,
        trace={"deal_id": str(deal_id)},
    )
    deal.note(AWKWARD, {"z": None, "nested": [[]], "t": True})
    deal.note("", {"_type_": "x", "_data_": "y", "z": None})
    deal.note("", {"_type_": "date_iso", "_data_": "2025-03-02", "z": 1})
    deal.deliver([{"occurred_on": DAY, "what": "only nested"}], None)
    deal.deliver([{"occurred_on": date(2020, 1, 1)}], DAY)
    deal.stamp(datetime(2025, 3, 1, 9, 30, tzinfo=UTC), DAY)
    deal.rename("renamed", DAY)
    deal.receipt(DAY)
    notes.save(deal)
    return deal


@pytest.fixture
def notes(tmp_path: Path) -> ServiceApplication:
    return ServiceApplication(env=Settings(data_dir=tmp_path).event_store_env("notes"))


def old_message(notes: ServiceApplication, row: Row) -> Message:
    """How the relay encoded a stored event before: decoded, then wrapped."""
    [notification] = notes.recorder.select_notifications(start=row[0], limit=1)
    envelope = envelope_from_event(
        "notes", notification.id, notes.mapper.to_domain_event(notification)
    )
    return envelope.subject.encode(), envelope.value(), envelope.headers()


def test_a_record_cut_from_the_stored_json_is_the_envelope_built_before(
    notes: ServiceApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    deals(notes)
    encoder = OutboxEncoder("notes", notes.mapper)
    decoded: list[str] = []
    through = OutboxEncoder._through_domain_event

    def watched(self: OutboxEncoder, row: Row) -> Message:
        decoded.append(self.kind(row[3]).type)
        return through(self, row)

    monkeypatch.setattr(OutboxEncoder, "_through_domain_event", watched)
    rows = read_after(notes, 0, 100)
    assert len(rows) == 9

    for row, (key, value, headers) in zip(
        rows, encoder.encode_all(rows, frozenset()), strict=True
    ):
        old_key, old_value, old_headers = old_message(notes, row)
        assert key == old_key
        assert headers == old_headers
        assert json.loads(value) == json.loads(old_value)
        read = Envelope.from_kafka(headers, value)
        assert read == Envelope.from_kafka(old_headers, old_value)

    # Decoded are only what looks like a tag but is not one, a value pydantic
    # writes its own way (a datetime) and an event that must be upcast.
    assert decoded == ["DealNoted", "DealNoted", "DealStamped", "Renamed"]


def test_the_business_date_is_the_events_own_not_a_nested_one(
    notes: ServiceApplication,
) -> None:
    deals(notes)
    encoder = OutboxEncoder("notes", notes.mapper)
    rows = read_after(notes, 0, 100)
    dates = {
        row[0]: dict(headers).get("ce_businessdate")
        for row, (_, _, headers) in zip(
            rows, encoder.encode_all(rows, frozenset()), strict=True
        )
    }
    assert dates == {
        1: b"2025-03-01",
        2: None,
        3: None,
        4: None,
        5: None,
        6: b"2025-03-01",
        7: b"2025-03-01",
        8: b"2025-03-01",
        9: b"2025-03-01",
    }


def test_ids_are_the_stable_event_ids(notes: ServiceApplication) -> None:
    deal = deals(notes)
    encoder = OutboxEncoder("notes", notes.mapper)
    rows = read_after(notes, 0, 100)
    ids = [
        dict(h)["ce_id"].decode() for _, _, h in encoder.encode_all(rows, frozenset())
    ]
    assert ids == [event_id("notes", deal.id, version) for version in range(1, 10)]


async def test_the_relay_skips_private_types_and_publishes_what_it_read_before(
    notes: ServiceApplication,
) -> None:
    deals(notes)
    bus = InProcessBus()
    relay = Relay("notes", notes, bus, batch_size=4, private=frozenset({"DealNoted"}))

    while await relay.step():
        pass

    published = bus.topics["ltc.notes"]
    before = [
        envelope_from_event("notes", n.id, notes.mapper.to_domain_event(n))
        for n in notes.recorder.select_notifications(start=1, limit=100)
    ]
    assert published == [e for e in before if e.type != "DealNoted"]
    assert relay.published_position() == 9
