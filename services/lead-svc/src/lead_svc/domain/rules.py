"""The lead rules that need no aggregate: criteria, maturity, distribution and
the key under which two leads count as the same customer and need."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Maturity = Literal["low", "medium", "high"]
Urgency = Literal["low", "some", "urgent"]
SolutionMaturity = Literal["none", "converging", "mature"]
Consensus = Literal["divided", "discussing", "agreed"]

LEAD_CRITERIA = {
    "specific_customer": "a specific customer",
    "purchase_intent": "a potential purchase intent",
    "can_take_part": "a possible way for us to take part",
}
OPPORTUNITY_CRITERIA = {
    "in_purchasing_process": "the customer has entered its purchasing process",
    "has_investment_plan": "the customer has an explicit investment plan and budget",
    "can_take_part": "we can take part",
}
TREATMENT: dict[Maturity, str] = {
    "low": "keep in touch",
    "medium": "nurture harder",
    "high": "convert now",
}


def unmet(criteria: dict[str, bool], texts: dict[str, str]) -> list[str]:
    return [text for key, text in texts.items() if not criteria.get(key, False)]


def normalised(text: str) -> str:
    """Case, punctuation and spacing do not make another customer or need."""
    return " ".join(re.sub(r"[^\w\s]", " ", text).casefold().split())


def lead_key(customer: str, need: str) -> str:
    return f"{normalised(customer)}|{normalised(need)}"


@dataclass(frozen=True)
class Signals:
    """What the source says about how ripe the lead is."""

    urgency: Urgency
    solution_maturity: SolutionMaturity
    customer_consensus: Consensus
    months_to_procurement: int


def maturity_of(signals: Signals) -> Maturity:
    """Each signal scores 0 (low), 1 (medium) or 2 (high); procurement 6 months
    or more away scores 0, 3 to 5 months 1, under 3 months 2. A total of 2 or
    less is low, 7 or more (every signal high but at most one a step short) is
    high, anything between is medium."""
    score = (
        ("low", "some", "urgent").index(signals.urgency)
        + ("none", "converging", "mature").index(signals.solution_maturity)
        + ("divided", "discussing", "agreed").index(signals.customer_consensus)
        + _procurement_score(signals.months_to_procurement)
    )
    if score <= 2:
        return "low"
    return "high" if score >= 7 else "medium"


def _procurement_score(months: int) -> int:
    if months >= 6:
        return 0
    return 1 if months >= 3 else 2


@dataclass(frozen=True)
class Candidate:
    """A possible owner of a lead and how much they carry already."""

    name: str
    regions: tuple[str, ...]
    industries: tuple[str, ...]
    capacity: int
    current_load: int


def pick_owner(
    candidates: list[Candidate], region: str, industry: str | None
) -> tuple[Candidate, str] | None:
    """The owner a lead goes to: among those who cover its region and, when
    the lead names one, its industry, and who carry fewer leads than their
    capacity, the least loaded; ties go to the first name alphabetically.
    None when nobody fits."""
    fitting = [
        c
        for c in candidates
        if _covers(c.regions, region)
        and (industry is None or _covers(c.industries, industry))
        and c.current_load < c.capacity
    ]
    if not fitting:
        return None
    chosen = min(fitting, key=lambda c: (c.current_load, c.name))
    scope = f"region {region}" + (f", industry {industry}" if industry else "")
    reason = (
        f"covers {scope}; load {chosen.current_load} of {chosen.capacity}, "
        f"the least of {len(fitting)} fitting candidate(s)"
    )
    return chosen, reason


def _covers(covered: tuple[str, ...], wanted: str) -> bool:
    return normalised(wanted) in {normalised(item) for item in covered}
