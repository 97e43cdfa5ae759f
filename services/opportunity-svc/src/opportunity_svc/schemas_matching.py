"""What opportunity-svc's API accepts and answers for the buy/sell point
matching table."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, Field

from ltc_shared.commands import Command
from ltc_shared.text import Words
from opportunity_svc.project.matching import Importance, Matching, Strength

BuyPointId = Annotated[str, Field(pattern=r"^B[1-9][0-9]*$", examples=["B1"])]
SellPointId = Annotated[str, Field(pattern=r"^S[1-9][0-9]*$", examples=["S1"])]


class RecordBuyPoint(Command):
    need: Words = Field(description="What the customer values or asks for.")
    importance: Importance
    raised_by: Annotated[str, Field(min_length=1, max_length=200)] | None = Field(
        None, description="Who at the customer raised it."
    )
    occurred_on: date


class RecordSellPoint(Command):
    offer: Words = Field(description="What our offer provides.")
    differentiator: bool = Field(
        False, description="Whether the main competitors lack it."
    )
    proof: Words | None = Field(None, description="A reference, demo or figure.")
    occurred_on: date


class MatchPoints(Command):
    buy_point: BuyPointId
    sell_point: SellPointId
    strength: Strength = Field(description="How well the sell point answers it.")
    argument: Words = Field(description="Why it answers the buy point.")
    occurred_on: date


class BuyPointView(BaseModel):
    buy_point: str
    need: str
    importance: Importance
    raised_by: str | None


class SellPointView(BaseModel):
    sell_point: str
    offer: str
    differentiator: bool
    proof: str | None


class MatchView(BaseModel):
    buy_point: str
    sell_point: str
    strength: Strength
    argument: str
    matched_on: date


class GapView(BuyPointView):
    best_strength: Strength | None = Field(
        description="The best match it has, weak; none if nothing answers it."
    )


class MatchingView(BaseModel):
    """The buy/sell point matching table."""

    buy_points: list[BuyPointView]
    sell_points: list[SellPointView]
    matches: list[MatchView]
    gaps: list[GapView] = Field(
        description="Buy points no sell point answers more than weakly, the "
        "most important first."
    )
    unused_sell_points: list[str] = Field(
        description="Sell points that answer no buy point yet."
    )

    @classmethod
    def of(cls, table: Matching) -> MatchingView:
        def rows(points: dict[str, dict[str, Any]], key: str) -> list[Any]:
            return [{key: point_id} | point for point_id, point in points.items()]

        return cls.model_validate(
            {
                "buy_points": rows(table.buy_points, "buy_point"),
                "sell_points": rows(table.sell_points, "sell_point"),
                "matches": list(table.matches.values()),
                "gaps": table.matching_gaps,
                "unused_sell_points": table.unused_sell_points,
            }
        )
