"""What opportunity-svc's API accepts and answers for the competition and
the customer's selection criteria."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field

from ltc_shared.commands import Command
from ltc_shared.text import Name, Words
from opportunity_svc.project.competition import Competition

Points = Annotated[list[Words], Field(max_length=50)]
Weight = Annotated[
    Decimal,
    Field(gt=0, le=100, max_digits=5, decimal_places=2, description="Percent."),
]


class AnalyseCompetitor(Command):
    name: Name = Field(description="The competitor; analysed again, replaced.")
    strengths: Points = Field(default_factory=list)
    weaknesses: Points = Field(description="What our strategy exposes; one at least.")
    counter_strategy: Words = Field(description="How we answer this competitor.")
    occurred_on: date


class RecordSelectionCriterion(Command):
    criterion: Name = Field(description="Recorded again, it replaces the entry.")
    weight: Weight
    influenced: bool = Field(description="Whether we influenced the criterion.")
    influence: Words | None = Field(
        None, description="How we influenced it; given exactly when influenced."
    )
    occurred_on: date


class CompetitorView(BaseModel):
    name: str
    strengths: list[str]
    weaknesses: list[str]
    counter_strategy: str
    analysed_on: date


class CriterionView(BaseModel):
    criterion: str
    weight: Decimal
    influenced: bool
    influence: str | None
    recorded_on: date


class CompetitionView(BaseModel):
    """The competitive strategy and the tender's selection criteria."""

    competitors: list[CompetitorView]
    selection_criteria: list[CriterionView] = Field(description="The heaviest first.")
    criteria_weight: Decimal = Field(description="Their weights together, percent.")
    influenced_weight: Decimal = Field(
        description="The weight of the criteria we influenced, percent."
    )

    @classmethod
    def of(cls, part: Competition) -> CompetitionView:
        criteria = sorted(part.selection_criteria.values(), key=lambda c: -c["weight"])
        return cls.model_validate(
            {
                "competitors": list(part.competitors.values()),
                "selection_criteria": criteria,
                "criteria_weight": sum(
                    (c["weight"] for c in criteria), Decimal("0.00")
                ),
                "influenced_weight": part.influenced_weight,
            }
        )
