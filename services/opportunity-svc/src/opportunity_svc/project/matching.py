"""The buy/sell point matching table of guiding the customer: what the
customer values (buy points), what our offer provides (sell points), which
sell point answers which buy point and how strongly, and the gaps left."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from eventsourcing.domain import event

from ltc_shared.aggregate import require
from opportunity_svc.project.part import ProjectPart

Importance = Literal["high", "medium", "low"]
Strength = Literal["strong", "partial", "weak"]
STRONG_ENOUGH: tuple[Strength, ...] = ("strong", "partial")
Point = dict[str, Any]


class Matching(ProjectPart):
    if TYPE_CHECKING:
        buy_points: dict[str, Point]
        sell_points: dict[str, Point]
        matches: dict[str, Point]

    def record_buy_point(
        self, need: str, importance: Importance, raised_by: str | None, on: date
    ) -> str:
        """What the customer values; answers the id it is kept under."""
        self._require_matching("record a buy point")
        self._step(on, "buy point")
        point_id = f"B{len(self.buy_points) + 1}"
        self._buy_point_recorded(
            point_id=point_id,
            need=need,
            importance=importance,
            raised_by=raised_by,
            occurred_on=on,
        )
        return point_id

    def record_sell_point(
        self, offer: str, differentiator: bool, proof: str | None, on: date
    ) -> str:
        """What our offer provides, and whether competitors lack it."""
        self._require_matching("record a sell point")
        self._step(on, "sell point")
        point_id = f"S{len(self.sell_points) + 1}"
        self._sell_point_recorded(
            point_id=point_id,
            offer=offer,
            differentiator=differentiator,
            proof=proof,
            occurred_on=on,
        )
        return point_id

    def match_points(
        self,
        buy_point: str,
        sell_point: str,
        strength: Strength,
        argument: str,
        on: date,
    ) -> None:
        """How well a sell point answers a buy point; a later match of the
        same pair replaces it."""
        self._require_matching("match points")
        require(
            buy_point in self.buy_points,
            "buy-point-known",
            f"the matching table holds no buy point {buy_point}",
        )
        require(
            sell_point in self.sell_points,
            "sell-point-known",
            f"the matching table holds no sell point {sell_point}",
        )
        self._step(on, "match")
        self._points_matched(
            buy_point=buy_point,
            sell_point=sell_point,
            strength=strength,
            argument=argument,
            occurred_on=on,
        )

    def _require_matching(self, action: str) -> None:
        self._require_initiated(action)
        self._require_alive(action)

    @property
    def matching_gaps(self) -> list[Point]:
        """Buy points no sell point answers more than weakly, most important
        first: what the solution or the guiding still has to close."""
        best: dict[str, Strength] = {}
        for match in self.matches.values():
            known = best.get(match["buy_point"])
            if known is None or _rank(match["strength"]) < _rank(known):
                best[match["buy_point"]] = match["strength"]
        gaps = [
            {"buy_point": point_id, "best_strength": best.get(point_id)} | point
            for point_id, point in self.buy_points.items()
            if best.get(point_id) not in STRONG_ENOUGH
        ]
        return sorted(gaps, key=lambda gap: _IMPORTANCE.index(gap["importance"]))

    @property
    def unused_sell_points(self) -> list[str]:
        used = {match["sell_point"] for match in self.matches.values()}
        return [point_id for point_id in self.sell_points if point_id not in used]

    @event("BuyPointRecorded")
    def _buy_point_recorded(
        self,
        point_id: str,
        need: str,
        importance: Importance,
        raised_by: str | None,
        occurred_on: date,
    ) -> None:
        self.buy_points[point_id] = {
            "need": need,
            "importance": importance,
            "raised_by": raised_by,
        }
        self.last_step_on = occurred_on

    @event("SellPointRecorded")
    def _sell_point_recorded(
        self,
        point_id: str,
        offer: str,
        differentiator: bool,
        proof: str | None,
        occurred_on: date,
    ) -> None:
        self.sell_points[point_id] = {
            "offer": offer,
            "differentiator": differentiator,
            "proof": proof,
        }
        self.last_step_on = occurred_on

    @event("PointsMatched")
    def _points_matched(
        self,
        buy_point: str,
        sell_point: str,
        strength: Strength,
        argument: str,
        occurred_on: date,
    ) -> None:
        self.matches[f"{buy_point}/{sell_point}"] = {
            "buy_point": buy_point,
            "sell_point": sell_point,
            "strength": strength,
            "argument": argument,
            "matched_on": occurred_on.isoformat(),
        }
        self.last_step_on = occurred_on


_IMPORTANCE: tuple[Importance, ...] = ("high", "medium", "low")
_STRENGTH: tuple[Strength, ...] = ("strong", "partial", "weak")


def _rank(strength: Strength) -> int:
    return _STRENGTH.index(strength)
