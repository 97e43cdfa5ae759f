"""Deterministic ids, so that a reaction to an event creates the same aggregate
however often the event is delivered, and a client can derive where it went."""

from __future__ import annotations

from uuid import UUID, uuid5

LTC_NAMESPACE = UUID("6f1d3c4e-8a62-4f0b-9b7e-2d5a1c9e7f30")


def derived_id(kind: str, source: UUID | str) -> UUID:
    """The id of the `kind` aggregate that an event about `source` opens."""
    return uuid5(LTC_NAMESPACE, f"{kind}/{source}")


def natural_id(kind: str, key: str) -> UUID:
    """The id of an aggregate named by a business key (a CRM id, an invoice no.)."""
    return uuid5(LTC_NAMESPACE, f"{kind}:{key}")
