"""Given-events / when-command / then-events helpers for aggregate tests."""

from __future__ import annotations

from typing import Any

from eventsourcing.domain import Aggregate


def new_events(aggregate: Aggregate) -> list[tuple[str, dict[str, Any]]]:
    """The events recorded since the last call, as (type, fields) pairs."""
    found = []
    for event in aggregate.collect_events():
        fields = {
            key: value
            for key, value in vars(event).items()
            if key not in {"originator_id", "originator_version", "timestamp"}
        }
        found.append((type(event).__name__, fields))
    return found


def event_types(aggregate: Aggregate) -> list[str]:
    return [name for name, _ in new_events(aggregate)]
