"""The two scoring models used to verify an opportunity.

Each model grades four factors, each on four grades listed best first. A
grade earns points from 4 (best) down to 1 (worst); the factors weigh the
same, so a model's score is its points over 16, a share from 0.25 to 1 that
is exact to four places.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, get_args

from ltc_shared.aggregate import require
from ltc_shared.errors import RuleViolated

BrandRecognition = Literal["blueprint_follows_us", "approves", "neutral", "disapproves"]
CustomerMaturity = Literal[
    "long_term_partner",
    "contract_and_cooperation",
    "contract_or_cooperation",
    "first_contact",
]
CompetitorShare = Literal["up_to_10", "10_to_40", "40_to_70", "70_to_100"]
"""The main competitors' share of participation, in percent (upper bound in)."""
PriceCompetitiveness = Literal["very_strong", "strong", "average", "poor"]

EnterpriseNature = Literal[
    "government_or_central_state_owned",
    "local_state_owned_or_listed",
    "large_private",
    "private",
]
FinancialCondition = Literal["very_good", "good", "average", "poor"]
PaymentHistory = Literal[
    "no_bad_debt_no_delay", "no_bad_debt_but_delays", "no_previous_contract", "bad_debt"
]
IndustryProfitability = Literal["fast_growth", "growth", "stable", "decline"]

Grades = dict[str, str]
"""The grade given to each factor of one model, by factor name."""

SUCCESS_MODEL: dict[str, tuple[str, ...]] = {
    "brand_recognition": get_args(BrandRecognition),
    "customer_maturity": get_args(CustomerMaturity),
    "competitor_share": get_args(CompetitorShare),
    "price_competitiveness": get_args(PriceCompetitiveness),
}
PAYMENT_MODEL: dict[str, tuple[str, ...]] = {
    "enterprise_nature": get_args(EnterpriseNature),
    "financial_condition": get_args(FinancialCondition),
    "payment_history": get_args(PaymentHistory),
    "industry_profitability": get_args(IndustryProfitability),
}
TOP_POINTS = 4


def points(model: dict[str, tuple[str, ...]], grades: Grades) -> int:
    """The points of a complete grading: 4 for each factor's best grade."""
    return sum(TOP_POINTS - model[factor].index(grades[factor]) for factor in model)


def score(model: dict[str, tuple[str, ...]], grades: Grades) -> Decimal:
    """The share the grading earns of the model's best possible points."""
    best = TOP_POINTS * len(model)
    return (Decimal(points(model, grades)) / best).quantize(Decimal("0.0001"))


def is_complete(model: dict[str, tuple[str, ...]], grades: Grades) -> bool:
    return set(grades) == set(model) and all(
        grades[factor] in model[factor] for factor in model
    )


@dataclass(frozen=True)
class ScoredEvaluation:
    win_probability: Decimal
    payment_capability: Decimal | None


def scored_evaluation(
    win_probability: Decimal | None,
    success_factors: Grades | None,
    payment_factors: Grades | None,
) -> ScoredEvaluation:
    """The win probability as given or as the success model scores it, never
    two different ones; the payment capability when the customer is graded."""
    for model, grades, name in (
        (SUCCESS_MODEL, success_factors, "success"),
        (PAYMENT_MODEL, payment_factors, "payment"),
    ):
        require(
            grades is None or is_complete(model, grades),
            "scoring-grades-every-factor",
            f"the {name} model grades exactly: {', '.join(model)}",
        )
    scored = None if success_factors is None else score(SUCCESS_MODEL, success_factors)
    chosen = scored if scored is not None else win_probability
    if chosen is None:
        raise RuleViolated(
            "evaluation-needs-win-probability",
            "give the win probability or grade the success factors",
        )
    require(
        win_probability is None or win_probability == chosen,
        "win-probability-follows-scoring",
        f"the success factors score {scored}, not {win_probability}",
    )
    require(
        Decimal(0) <= chosen <= Decimal(1),
        "win-probability-is-a-share",
        f"a win probability lies between 0 and 1, not {chosen}",
    )
    return ScoredEvaluation(
        win_probability=chosen,
        payment_capability=(
            None if payment_factors is None else score(PAYMENT_MODEL, payment_factors)
        ),
    )
