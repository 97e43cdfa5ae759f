"""The base every LTC aggregate shares: events that carry the trace to the lead."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate

from ltc_shared.errors import RuleViolated

Trace = dict[str, str]
"""Ids of the upstream aggregates: lead, opportunity, bid, contract (as present)."""


class TracedAggregate(Aggregate):
    """An aggregate whose every event carries the trace back to its origin.

    Each event also says when the fact happened in the business
    (`occurred_on`), apart from `timestamp`, the time it was recorded.
    """

    trace: Trace

    class Event(Aggregate.Event):
        trace: Trace

    class Created(Event, Aggregate.Created):
        pass

    def trigger_event(self, event_class: Any, **kwargs: Any) -> None:
        kwargs.setdefault("trace", self.trace)
        super().trigger_event(event_class, **kwargs)


def require(condition: bool, rule: str, detail: str) -> None:
    """Refuse a command, naming the rule, unless `condition` holds."""
    if not condition:
        raise RuleViolated(rule, detail)


def require_not_before(day: date, earliest: date | None, what: str) -> None:
    """Business dates of one aggregate never go backwards."""
    if earliest is not None and day < earliest:
        raise RuleViolated(
            "business-dates-in-order",
            f"{what} on {day} is before {earliest}, the date of the previous step",
        )


def guarded(*checks: Callable[[], None]) -> None:
    for check in checks:
        check()
