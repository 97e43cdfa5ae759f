"""An envelope read back from Kafka's headers and value is the one published."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ltc_shared.envelope import Envelope


def invoice(businessdate: date | None = date(2025, 3, 1)) -> Envelope:
    return Envelope(
        id="e1",
        source="/ltc/finance",
        type="InvoiceIssued",
        subject="ledger-1",
        time=datetime(2025, 3, 1, 9, 30, 15, 123456, tzinfo=UTC),
        businessdate=businessdate,
        sequence=41,
        version=3,
        data={"amount": "1250.00", "lines": [1, 2.5], "trace": {"ledger_id": "l"}},
    )


@pytest.mark.parametrize("businessdate", [date(2025, 3, 1), None])
def test_an_envelope_reads_back_as_it_was_published(businessdate: date | None) -> None:
    published = invoice(businessdate)

    read = Envelope.from_kafka(published.headers(), published.value())

    assert read == published
    assert read.model_dump() == published.model_dump()
    assert repr(read) == repr(published)
    assert read.service == "finance"


def without(name: str) -> list[tuple[str, bytes]]:
    return [(key, raw) for key, raw in invoice().headers() if key != name]


def replaced(name: str, raw: bytes) -> list[tuple[str, bytes]]:
    return [(key, raw if key == name else old) for key, old in invoice().headers()]


@pytest.mark.parametrize(
    ("headers", "value", "error", "says"),
    [
        (without("ce_id"), b"{}", KeyError, "ce_id"),
        (without("ce_aggregateversion"), b"{}", KeyError, "ce_aggregateversion"),
        (replaced("ce_time", b"yesterday"), b"{}", ValueError, "yesterday"),
        (replaced("ce_businessdate", b"2025-02-30"), b"{}", ValueError, "day"),
        (replaced("ce_sequence", b"4x"), b"{}", ValueError, "4x"),
        (replaced("ce_subject", b"\xff"), b"{}", ValueError, "utf-8"),
        (invoice().headers(), b"not json", ValueError, "expected"),
        (invoice().headers(), b'{"a": 1', ValueError, "EOF"),
        (invoice().headers(), b"[1, 2]", TypeError, "list"),
    ],
)
def test_a_message_the_relay_did_not_write_is_refused_with_its_reason(
    headers: list[tuple[str, bytes]], value: bytes, error: type[Exception], says: str
) -> None:
    with pytest.raises(error, match=says):
        Envelope.from_kafka(headers, value)
