"""The lead-to-cash funnel and win rates, computed from the documents alone.

A case enters the funnel when its lead is captured, or when an opportunity
is opened without a lead (a "sudden" one). Each stage counts the cases that
reached it, whatever happened to them later, so a slice's stages read as one
cohort: by period, the cases are grouped by the quarter they entered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ltc_shared.dates import quarter
from ltc_shared.money import cents
from reporting_svc.chains import (
    Case,
    Docs,
    ReadModel,
    amount,
    collected,
    first_payment_on,
    on,
    rate,
    total,
)
from reporting_svc.projection import Doc
from reporting_svc.schemas import (
    Funnel,
    FunnelBy,
    FunnelSlice,
    Stage,
    StageDuration,
    StageFigures,
    WinRateBy,
    WinRateRow,
    WinRates,
)


@dataclass(frozen=True)
class StageRule:
    name: Stage
    reached_on: Callable[[Case], date | None]
    value: Callable[[Case], Decimal | None]


def _field_on(doc: Doc | None, name: str) -> date | None:
    return None if doc is None else on(doc.get(name))


def _field_amount(doc: Doc | None, name: str) -> Decimal | None:
    return None if doc is None else amount(doc.get(name))


def _atb_bid_on(case: Case) -> date | None:
    if case.bid is None or case.bid["decision"] != "bid":
        return None
    return on(case.bid["decided_on"])


def _estimated_revenue(case: Case) -> Decimal | None:
    if case.bid is None or case.bid["estimate"] is None:
        return None
    return Decimal(case.bid["estimate"]["revenue"])


STAGES = (
    StageRule(
        "lead_captured", lambda c: _field_on(c.lead, "captured_on"), lambda c: None
    ),
    StageRule(
        "lead_qualified",
        lambda c: _field_on(c.lead, "qualified_on"),
        lambda c: _field_amount(c.lead, "expected_value"),
    ),
    StageRule(
        "opportunity_opened",
        lambda c: _field_on(c.opportunity, "opened_on"),
        lambda c: _field_amount(c.opportunity, "expected_value"),
    ),
    StageRule(
        "project_initiated",
        lambda c: _field_on(c.opportunity, "initiated_on"),
        lambda c: _field_amount(c.opportunity, "expected_value"),
    ),
    StageRule("bid_decided", _atb_bid_on, _estimated_revenue),
    StageRule(
        "bid_submitted",
        lambda c: _field_on(c.bid, "submitted_on"),
        lambda c: _field_amount(c.bid, "price"),
    ),
    StageRule(
        "won",
        lambda c: _field_on(c.bid, "won_on"),
        lambda c: _field_amount(c.bid, "award_value"),
    ),
    StageRule(
        "contract_signed",
        lambda c: _field_on(c.contract, "signed_on"),
        lambda c: _field_amount(c.contract, "value"),
    ),
    StageRule(
        "cash_collected",
        lambda c: first_payment_on(c.ledger),
        lambda c: collected(c.ledger),
    ),
)
WON = [rule.name for rule in STAGES].index("won")
Reached = tuple[date | None, ...]


def _slice_key(case: Case, by: FunnelBy | None) -> str:
    if by is None:
        return "all"
    if by == "period":
        return quarter(case.entered_on)
    if by == "origin":
        return case.origin
    return case.describe(by) or ("unassigned" if by == "owner" else "unknown")


def funnel(
    docs: Docs, business_unit: str | None = None, by: FunnelBy | None = None
) -> Funnel:
    groups: dict[str, list[Case]] = {}
    for case in ReadModel(docs, business_unit).cases():
        groups.setdefault(_slice_key(case, by), []).append(case)
    slices = [_funnel_slice(key, groups[key]) for key in sorted(groups)]
    return Funnel(business_unit=business_unit, by=by, slices=slices)


def _merged(case: Case) -> bool:
    return case.lead is not None and case.lead["status"] == "merged"


def _funnel_slice(key: str, cases: list[Case]) -> FunnelSlice:
    paths = [tuple(rule.reached_on(case) for rule in STAGES) for case in cases]
    # a merged lead lives on in the lead it joined: captured, but no longer
    # a case that could convert
    counted = [not _merged(c) for c in cases]
    opened = [c for c in cases if c.opportunity is not None]
    from_leads = sum(c.origin == "lead" for c in opened)
    lead_paths = [
        p
        for c, p, kept in zip(cases, paths, counted, strict=True)
        if c.lead is not None and kept
    ]
    bids = [c.bid for c in cases if c.bid is not None]
    won = sum(b["won_on"] is not None for b in bids)
    lost = sum(b["lost_on"] is not None for b in bids)
    return FunnelSlice(
        key=key,
        stages=[_stage(i, cases, paths, counted) for i in range(len(STAGES))],
        lead_to_won=rate(sum(p[WON] is not None for p in lead_paths), len(lead_paths)),
        opportunities_from_leads=from_leads,
        sudden_opportunities=len(opened) - from_leads,
        won=won,
        lost=lost,
        win_rate=rate(won, won + lost),
        durations=[_duration(i, paths) for i in range(1, len(STAGES))],
        lost_reasons=_reasons(b["lost_reason"] for b in bids),
        no_bid_reasons=_reasons(
            b["decision_reason"] for b in bids if b["decision"] == "no_bid"
        ),
        opportunity_lost_reasons=_reasons(
            o["lost_reason"] for o in _opportunities(opened)
        ),
        drop_reasons=_reasons(c.lead["drop_reason"] for c in cases if c.lead),
        withdrawn=sum(b.get("withdrawn_on") is not None for b in bids),
        withdrawn_reasons=_reasons(b.get("withdrawal_reason") for b in bids),
        merged_leads=counted.count(False),
    )


def _opportunities(cases: Iterable[Case]) -> Iterable[Doc]:
    return (c.opportunity for c in cases if c.opportunity is not None)


def _stage(
    index: int,
    cases: Sequence[Case],
    paths: Sequence[Reached],
    counted: Sequence[bool],
) -> StageFigures:
    rule = STAGES[index]
    at = [c for c, p in zip(cases, paths, strict=True) if p[index] is not None]
    from_leads = sum(c.origin == "lead" for c in at)
    conversion = None
    before = [
        p
        for p, kept in zip(paths, counted, strict=True)
        if index > 0 and p[index - 1] is not None and kept
    ]
    if before:
        conversion = rate(sum(p[index] is not None for p in before), len(before))
    value = None
    if rule.name != "lead_captured":
        value = cents(total([rule.value(c) for c in at]))
    return StageFigures(
        stage=rule.name,
        count=len(at),
        from_leads=from_leads,
        sudden=len(at) - from_leads,
        value=value,
        conversion=conversion,
    )


def _duration(index: int, paths: Sequence[Reached]) -> StageDuration:
    days = sorted(
        (end - start).days
        for p in paths
        if (start := p[index - 1]) is not None and (end := p[index]) is not None
    )
    median = mean = None
    if days:
        middle = len(days) // 2
        median = Decimal(days[middle])
        if len(days) % 2 == 0:
            median = (Decimal(days[middle - 1]) + median) / 2
        mean = cents(Decimal(sum(days)) / len(days))
    return StageDuration(
        from_stage=STAGES[index - 1].name,
        to_stage=STAGES[index].name,
        count=len(days),
        median_days=median,
        mean_days=mean,
    )


def _reasons(reasons: Iterable[str | None]) -> dict[str, int]:
    counted = Counter(r for r in reasons if r is not None)
    return dict(sorted(counted.items(), key=lambda item: (-item[1], item[0])))


def win_rates(
    docs: Docs, business_unit: str | None = None, by: WinRateBy = "period"
) -> WinRates:
    """Bids won and lost, grouped by the quarter of the outcome or by a field."""
    model = ReadModel(docs, business_unit)
    groups: dict[str, list[Doc]] = {}
    decided = []
    for bid in model.kept(model.bids):
        outcome_on = on(bid["won_on"]) or on(bid["lost_on"])
        if outcome_on is None:
            continue
        key = quarter(outcome_on) if by == "period" else model.field(bid, by)
        groups.setdefault(key or "unknown", []).append(bid)
        decided.append(bid)
    return WinRates(
        business_unit=business_unit,
        by=by,
        rows=[_win_rate_row(key, groups[key]) for key in sorted(groups)],
        total=_win_rate_row("all", decided),
    )


def _win_rate_row(key: str, bids: Sequence[Doc]) -> WinRateRow:
    won = [b for b in bids if b["won_on"] is not None]
    lost = len(bids) - len(won)
    return WinRateRow(
        key=key,
        won=len(won),
        lost=lost,
        win_rate=rate(len(won), len(bids)),
        won_value=cents(total([Decimal(b["award_value"]) for b in won])),
    )
