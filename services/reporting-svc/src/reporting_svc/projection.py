"""Folding published events into read-model documents, one per aggregate.

A document is plain JSON: Decimals as strings, business dates as ISO strings.
Each document is folded only from its own aggregate's events, which the bus
keeps in order, so the documents come out the same however the topics
interleave; the reports join them. A document remembers the aggregate version
it has seen, so an event published twice by the relay changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ltc_shared.envelope import Envelope
from reporting_svc import folds_execution, folds_sales
from reporting_svc.documents import KINDS, Doc, DocKey, Step, day

__all__ = ["KINDS", "Doc", "DocKey", "UnopenedAggregate", "fold", "key_of"]


class UnopenedAggregate(ValueError):
    """An event arrived for an aggregate whose opening event was never seen."""


# The opening event of each kind comes first; the rest change what it opened.
OPENING: dict[str, tuple[str, Step]] = folds_sales.OPENING | folds_execution.OPENING
CHANGES: dict[str, tuple[str, Step]] = folds_sales.CHANGES | folds_execution.CHANGES


def key_of(envelope: Envelope) -> DocKey | None:
    """The document an event folds into; None for event types not projected."""
    found = OPENING.get(envelope.type) or CHANGES.get(envelope.type)
    return None if found is None else (found[0], envelope.subject)


def business_day(envelope: Envelope) -> str:
    if envelope.businessdate is not None:
        return envelope.businessdate.isoformat()
    return day(envelope.data["occurred_on"])


def fold(doc: Doc | None, envelope: Envelope) -> Doc | None:
    """The document after `envelope`; a change is made to `doc` in place, so
    the caller passes a copy it owns (see `projector`).

    None comes back only for an event type that is not projected and no
    document. An event the document has already seen returns it as it was.
    """
    opening = OPENING.get(envelope.type)
    if opening is not None:
        if doc is not None:
            return doc
        kind, step = opening
        new: Doc = {"kind": kind, "id": envelope.subject}
    else:
        change = CHANGES.get(envelope.type)
        if change is None:
            return doc
        kind, step = change
        if doc is None:
            raise UnopenedAggregate(f"{envelope.type} for {kind} {envelope.subject}")
        if envelope.version <= doc["version"]:
            return doc
        new = doc

    data = envelope.data
    step(new, data, business_day(envelope))
    new["version"] = envelope.version
    # Most events repeat the trace the document has: it is copied only when
    # it says something new.
    trace: Mapping[str, Any] | None = data.get("trace")
    if trace and trace != new.get("trace"):
        new["trace"] = {str(name): str(value) for name, value in trace.items()}
    elif "trace" not in new:
        new["trace"] = {}
    return new
