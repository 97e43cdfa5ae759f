"""The weighted pipeline: what the open opportunities are expected to bring,
each weighted by its chance of winning."""

from __future__ import annotations

from decimal import Decimal

from ltc_shared.money import cents
from reporting_svc.chains import Docs, ReadModel
from reporting_svc.projection import Doc
from reporting_svc.schemas import PipelineCurrency, WeightedPipeline

CLOSED_OPPORTUNITY = ("lost", "rejected")


def is_open(opportunity: Doc, bid: Doc | None) -> bool:
    """Still to be won or lost: not given up or refused at ATI, and its bid
    (if any) has no outcome, was not withdrawn and is not a no-bid."""
    if opportunity["status"] in CLOSED_OPPORTUNITY:
        return False
    if bid is None:
        return True
    ended = ("won_on", "lost_on", "withdrawn_on")
    return bid["decision"] != "no_bid" and all(bid.get(f) is None for f in ended)


def weighted_pipeline(docs: Docs, business_unit: str | None = None) -> WeightedPipeline:
    model = ReadModel(docs, business_unit)
    by_currency: dict[str, list[Doc]] = {}
    for opportunity in model.kept(model.opportunities):
        if is_open(opportunity, model.bid_of_opportunity.get(opportunity["id"])):
            currency = opportunity.get("currency") or ""
            by_currency.setdefault(currency, []).append(opportunity)
    totals = [
        _currency_total(currency or None, by_currency[currency])
        for currency in sorted(by_currency)
    ]
    found = [o for group in by_currency.values() for o in group]
    return WeightedPipeline(
        business_unit=business_unit,
        count=len(found),
        unevaluated=sum(o["win_probability"] is None for o in found),
        totals=totals,
    )


def _currency_total(currency: str | None, opportunities: list[Doc]) -> PipelineCurrency:
    expected = weighted = Decimal(0)
    for opportunity in opportunities:
        value = Decimal(opportunity["expected_value"])
        expected += value
        # an opportunity not yet evaluated has no chance to weight it by
        chance = opportunity["win_probability"]
        weighted += value * Decimal(chance or 0)
    return PipelineCurrency(
        currency=currency,
        count=len(opportunities),
        expected_value=cents(expected),
        weighted_value=cents(weighted),
    )
