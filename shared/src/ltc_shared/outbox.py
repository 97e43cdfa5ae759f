"""The outbox as the bus carries it: stored events encoded as Kafka records.

The relay publishes what the event store holds. The state eventsourcing's
JSON transcoder stored is already the event's data, so the record is cut
from it instead of decoding a domain event and encoding it again: the
recorded time and the aggregate's topic come off the front, and the few
tagged values (UUIDs, dates, decimals) are written as the plain strings a
consumer reads. The CloudEvent headers are the ones `Envelope.headers` gives
for the same event; a state in any other shape is encoded through its domain
event, as before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, cast, runtime_checkable
from uuid import UUID

from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    InterfaceError,
    JSONTranscoder,
    Mapper,
    OperationalError,
    StoredEvent,
    UUIDAsHex,
)
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.utils import resolve_topic, retry
from psycopg.rows import tuple_row
from psycopg.sql import SQL, Identifier
from pydantic_core import from_json

from ltc_shared.envelope import SPEC_VERSION, envelope_from_event
from ltc_shared.eventstore import DateAsISO, ServiceApplication
from ltc_shared.ids import LTC_NAMESPACE

Headers = list[tuple[str, bytes]]
Message = tuple[bytes | None, bytes, Headers]
"""A record as the bus carries it: key, value and headers."""

Row = tuple[int, str, int, str, bytes]
"""A stored event: its position, aggregate id, version, topic and state."""


@runtime_checkable
class MessagePublisher(Protocol):
    async def publish_messages(self, topic: str, messages: Sequence[Message]) -> None:
        """Return only when every message is durably on the bus."""


def read_after(app: ServiceApplication, position: int, limit: int) -> list[Row]:
    """The next `limit` stored events after `position`, in order."""
    recorder = app.recorder
    if isinstance(recorder, PostgresApplicationRecorder):
        # `retry` (as eventsourcing reads the log) loses the type.
        return cast("list[Row]", _select(recorder, position, limit))
    return [
        (n.id, str(n.originator_id), n.originator_version, n.topic, n.state)
        for n in recorder.select_notifications(
            start=position, limit=limit, inclusive_of_start=False
        )
    ]


_SELECT = (
    "SELECT notification_id, originator_id::text, originator_version, topic, state "
    "FROM {}.{} WHERE notification_id > %s ORDER BY notification_id LIMIT %s"
)


@retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
def _select(
    recorder: PostgresApplicationRecorder, position: int, limit: int
) -> list[Row]:
    """Only the columns a record needs, in binary, as tuples: the ids as text
    and the state as the bytes it was stored as."""
    datastore = recorder.datastore
    statement = SQL(_SELECT).format(
        Identifier(datastore.schema), Identifier(recorder.events_table_name)
    )
    with (
        datastore.get_connection() as conn,
        conn.cursor(binary=True, row_factory=tuple_row) as cursor,
    ):
        cursor.execute(statement, (position, limit), prepare=True)
        return cast("list[Row]", cursor.fetchall())


@dataclass(frozen=True)
class _Kind:
    """What the encoder needs of one event class, found once by its topic."""

    type: str
    header: tuple[str, bytes]
    plain: bool


_SPEC = ("ce_specversion", SPEC_VERSION.encode())
_CONTENT_TYPE = ("content-type", b"application/json")
_RECORDED = b'{"timestamp":{"_type_":"datetime_iso","_data_":"'
_CREATED_FROM = b',"originator_topic":"'
_TAG = b'{"_type_":"'
_DATA = b'","_data_":"'
_TAG_END = b'"}'
_AS_IS = frozenset({b"date_iso", b"decimal_str"})


class OutboxEncoder:
    """Encodes one service's stored events as the records the relay sends."""

    def __init__(self, service: str, mapper: Mapper[UUID]) -> None:
        self.service = service
        self.mapper = mapper
        self._source = ("ce_source", f"/ltc/{service}".encode())
        self._ids = hashlib.sha1(LTC_NAMESPACE.bytes + f"{service}/".encode())
        self._kinds: dict[str, _Kind] = {}
        self._plain = _stores_plain_json(mapper)

    def kind(self, topic: str) -> _Kind:
        kind = self._kinds.get(topic)
        if kind is None:
            cls = resolve_topic(topic)
            name = cls.__name__
            upcast = getattr(cls, "class_version", 1) != 1
            kind = _Kind(name, ("ce_type", name.encode()), self._plain and not upcast)
            self._kinds[topic] = kind
        return kind

    def encode_all(self, rows: Sequence[Row], skip: frozenset[str]) -> list[Message]:
        """The records of `rows`, leaving out the event types in `skip`.

        One loop with its names bound locally: per event, calls and lookups
        cost as much as the encoding itself.
        """
        encoded: list[Message] = []
        append = encoded.append
        kinds, source, event_id = self._kinds, self._source, self._event_id
        for row in rows:
            position, aggregate_id, version, topic, state = row
            kind = kinds.get(topic) or self.kind(topic)
            if kind.type in skip:
                continue
            parts = _plain_parts(state) if kind.plain else None
            if parts is None:
                append(self._through_domain_event(row))
                continue
            recorded, value, businessdate = parts
            subject = aggregate_id.encode()
            headers = [
                _SPEC,
                ("ce_id", event_id(aggregate_id, version)),
                source,
                kind.header,
                ("ce_subject", subject),
                ("ce_time", recorded),
                ("ce_sequence", b"%d" % position),
                ("ce_aggregateversion", b"%d" % version),
                _CONTENT_TYPE,
            ]
            if businessdate is not None:
                headers.append(("ce_businessdate", businessdate))
            append((subject, value, headers))
        return encoded

    def _event_id(self, aggregate_id: str, version: int) -> bytes:
        """`event_id(service, aggregate_id, version)`, with the hash of the
        namespace and the service computed once."""
        digest = self._ids.copy()
        digest.update(f"{aggregate_id}/{version}".encode())
        raw = bytearray(digest.digest()[:16])
        raw[6] = (raw[6] & 0x0F) | 0x50  # version 5
        raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
        text = raw.hex().encode()
        return b"-".join((text[:8], text[8:12], text[12:16], text[16:20], text[20:]))

    def _through_domain_event(self, row: Row) -> Message:
        position, aggregate_id, version, topic, state = row
        stored = StoredEvent(UUID(aggregate_id), version, topic, state)
        event = self.mapper.to_domain_event(stored)
        envelope = envelope_from_event(self.service, position, event)
        return envelope.subject.encode(), envelope.value(), envelope.headers()


def _stores_plain_json(mapper: Mapper[UUID]) -> bool:
    """Whether stored states are the transcoder's JSON with the tags we know."""
    transcoder = mapper.transcoder
    if mapper.cipher or mapper.compressor or type(transcoder) is not JSONTranscoder:
        return False
    known = {
        "uuid_hex": UUIDAsHex,
        "decimal_str": DecimalAsStr,
        "date_iso": DateAsISO,
        "datetime_iso": DatetimeAsISO,
    }
    return all(type(transcoder.names.get(name)) is kind for name, kind in known.items())


def _plain_parts(state: bytes) -> tuple[bytes, bytes, bytes | None] | None:
    """The recorded time, the data and the business date of a stored state.

    The transcoder writes an event's fields in order: the recorded time
    first, then the aggregate's topic for the event that created it, then
    the event's own fields. None if the state is not in that shape or holds
    a value it tagged with a type not known here.
    """
    if not state.startswith(_RECORDED):
        return None
    start = len(_RECORDED)
    end = state.find(_TAG_END, start)
    if end < 0 or b'"' in state[start:end]:
        return None
    rest = state[end + 2 :]
    if rest.startswith(_CREATED_FROM):
        close = rest.find(b'"', len(_CREATED_FROM))
        if close < 0 or b"\\" in rest[:close]:
            return None
        rest = rest[close + 1 :]
    data = _untagged(b"{" + rest[1:] if rest.startswith(b",") else b"{}")
    if data is None:
        return None
    return state[start:end], data, _businessdate(state)


def _untagged(text: bytes) -> bytes | None:
    """The JSON with each tagged value written as the string pydantic gives."""
    pieces = text.split(_TAG)
    found = [pieces[0]]
    for piece in pieces[1:]:
        name, between, rest = piece.partition(_DATA)
        data, closed, after = rest.partition(_TAG_END)
        if not (between and closed) or b'"' in data or b"\\" in data:
            return None
        if name == b"uuid_hex" and len(data) == 32:
            data = b"-".join(
                (data[:8], data[8:12], data[12:16], data[16:20], data[20:])
            )
        elif name not in _AS_IS:
            return None
        found += (b'"', data, b'"', after)
    return b"".join(found)


def _businessdate(state: bytes) -> bytes | None:
    """`occurred_on` of the event, when it is a date (the envelope's rule)."""
    occurred = from_json(state).get("occurred_on")
    if type(occurred) is dict and occurred.get("_type_") == "date_iso":
        return str(occurred["_data_"]).encode()
    return None
