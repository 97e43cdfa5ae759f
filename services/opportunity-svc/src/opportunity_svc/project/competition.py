"""The competition while the customer is guided: each competitor with its
strengths, its weaknesses and our strategy against it; and the customer's
tender selection criteria with their weights, and whether (and how) we
influenced them so that the tender reflects our strengths."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from eventsourcing.domain import event

from ltc_shared.aggregate import require
from opportunity_svc.project.part import ProjectPart

WHOLE = Decimal(100)
Item = dict[str, Any]


class Competition(ProjectPart):
    if TYPE_CHECKING:
        competitors: dict[str, Item]
        selection_criteria: dict[str, Item]

    def analyse_competitor(
        self,
        name: str,
        strengths: list[str],
        weaknesses: list[str],
        counter_strategy: str,
        on: date,
    ) -> None:
        """What a competitor brings, where it is weak, and how we answer it;
        a later analysis of the same competitor replaces the earlier one."""
        self._require_guiding("analyse a competitor")
        require(
            bool(weaknesses),
            "competitor-weaknesses-named",
            "the competitive strategy exposes a competitor's weaknesses; "
            f"none is named for {name}",
        )
        self._step(on, "competitor analysis")
        self._competitor_analysed(
            name=name,
            strengths=list(strengths),
            weaknesses=list(weaknesses),
            counter_strategy=counter_strategy,
            occurred_on=on,
        )

    def record_selection_criterion(
        self,
        criterion: str,
        weight: Decimal,
        influenced: bool,
        influence: str | None,
        on: date,
    ) -> None:
        """A criterion the customer will select the winner by, with its weight
        in percent; recorded again, it replaces the earlier entry."""
        self._require_guiding("record a selection criterion")
        require(
            influenced == (influence is not None),
            "criterion-influence-described",
            "an influenced criterion says how we influenced it, and only then",
        )
        others = sum(
            (c["weight"] for k, c in self.selection_criteria.items() if k != criterion),
            Decimal(0),
        )
        require(
            others + weight <= WHOLE,
            "criteria-weights-within-whole",
            f"the criteria would weigh {others + weight} %; together they "
            f"weigh at most {WHOLE} %",
        )
        self._step(on, "selection criterion")
        self._criterion_recorded(
            criterion=criterion,
            weight=weight,
            influenced=influenced,
            influence=influence,
            occurred_on=on,
        )

    def _require_guiding(self, action: str) -> None:
        self._require_initiated(action)
        self._require_alive(action)

    @property
    def influenced_weight(self) -> Decimal:
        """How much of the selection weighs on criteria we influenced."""
        return sum(
            (c["weight"] for c in self.selection_criteria.values() if c["influenced"]),
            Decimal(0),
        )

    @event("CompetitorAnalysed")
    def _competitor_analysed(
        self,
        name: str,
        strengths: list[str],
        weaknesses: list[str],
        counter_strategy: str,
        occurred_on: date,
    ) -> None:
        self.competitors[name] = {
            "name": name,
            "strengths": strengths,
            "weaknesses": weaknesses,
            "counter_strategy": counter_strategy,
            "analysed_on": occurred_on,
        }
        self.last_step_on = occurred_on

    @event("SelectionCriterionRecorded")
    def _criterion_recorded(
        self,
        criterion: str,
        weight: Decimal,
        influenced: bool,
        influence: str | None,
        occurred_on: date,
    ) -> None:
        self.selection_criteria[criterion] = {
            "criterion": criterion,
            "weight": weight,
            "influenced": influenced,
            "influence": influence,
            "recorded_on": occurred_on,
        }
        self.last_step_on = occurred_on
