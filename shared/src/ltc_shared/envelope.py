"""The envelope every published event travels in: a CloudEvent in binary mode.

The id is derived from the service, the aggregate and its version, so a
re-delivered event keeps its id. `time` is when the event was recorded;
the `businessdate` extension is when the fact happened in the business.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.persistence import Notification
from pydantic import BaseModel, ConfigDict
from pydantic_core import from_json, to_jsonable_python

from ltc_shared.ids import LTC_NAMESPACE

SPEC_VERSION = "1.0"
_ENVELOPE_KEYS = (
    "originator_id",
    "originator_version",
    "timestamp",
    "originator_topic",
)


class Envelope(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    source: str
    type: str
    subject: str
    time: datetime
    businessdate: date | None
    sequence: int
    version: int
    data: dict[str, Any]

    @property
    def service(self) -> str:
        return self.source.rsplit("/", 1)[-1]

    def headers(self) -> list[tuple[str, bytes]]:
        pairs = {
            "ce_specversion": SPEC_VERSION,
            "ce_id": self.id,
            "ce_source": self.source,
            "ce_type": self.type,
            "ce_subject": self.subject,
            "ce_time": self.time.isoformat(),
            "ce_sequence": str(self.sequence),
            "ce_aggregateversion": str(self.version),
            "content-type": "application/json",
        }
        if self.businessdate is not None:
            pairs["ce_businessdate"] = self.businessdate.isoformat()
        return [(key, value.encode()) for key, value in pairs.items()]

    def value(self) -> bytes:
        return json.dumps(self.data, separators=(",", ":")).encode()

    @classmethod
    def from_kafka(cls, headers: Iterable[tuple[str, bytes]], value: bytes) -> Envelope:
        """Read an envelope as the relay wrote it, without pydantic's validation.

        Every attribute is still parsed to its type, so a message the relay did
        not write raises: KeyError for a missing header, ValueError for one that
        does not parse or a value that is not JSON, TypeError for JSON that is
        not an object. Reading is most of a consumer's work per message, and
        validating what was validated before it was stored tripled it.
        """
        found = dict(headers)
        data = from_json(value)
        if not isinstance(data, dict):
            raise TypeError(f"the value is JSON {type(data).__name__}, not an object")
        businessdate = found.get("ce_businessdate")
        return cls._trusted(
            {
                "id": found["ce_id"].decode(),
                "source": found["ce_source"].decode(),
                "type": found["ce_type"].decode(),
                "subject": found["ce_subject"].decode(),
                "time": datetime.fromisoformat(found["ce_time"].decode()),
                "businessdate": None
                if businessdate is None
                else date.fromisoformat(businessdate.decode()),
                "sequence": int(found["ce_sequence"]),
                "version": int(found["ce_aggregateversion"]),
                "data": data,
            }
        )

    @classmethod
    def _trusted(cls, fields: dict[str, Any]) -> Envelope:
        """An envelope of fields already of their declared types, in their order.

        What `model_construct` does, less its generality, which costs more
        than all the parsing above.
        """
        envelope = cls.__new__(cls)
        setattr_ = object.__setattr__
        setattr_(envelope, "__dict__", fields)
        setattr_(envelope, "__pydantic_fields_set__", set(fields))
        setattr_(envelope, "__pydantic_extra__", None)
        setattr_(envelope, "__pydantic_private__", None)
        return envelope


def event_id(service: str, aggregate_id: UUID | str, version: int) -> str:
    return str(uuid5(LTC_NAMESPACE, f"{service}/{aggregate_id}/{version}"))


def envelope_from_event(service: str, sequence: int, event: Any) -> Envelope:
    """Wrap a stored domain event for publication."""
    fields = {k: v for k, v in vars(event).items() if k not in _ENVELOPE_KEYS}
    data = to_jsonable_python(fields)
    occurred = fields.get("occurred_on")
    return Envelope(
        id=event_id(service, event.originator_id, event.originator_version),
        source=f"/ltc/{service}",
        type=type(event).__name__,
        subject=str(event.originator_id),
        time=event.timestamp,
        businessdate=occurred if isinstance(occurred, date) else None,
        sequence=0 if sequence is None else sequence,
        version=event.originator_version,
        data=data,
    )


def notification_envelope(
    service: str, notification: Notification, event: Any
) -> Envelope:
    return envelope_from_event(service, notification.id, event)
