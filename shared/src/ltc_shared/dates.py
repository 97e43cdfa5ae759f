"""Business time helpers: the day a fact happened, apart from when it was stored."""

from __future__ import annotations

from datetime import date


def quarter(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def days_between(start: date | None, end: date | None) -> int | None:
    if start is None or end is None:
        return None
    return (end - start).days
