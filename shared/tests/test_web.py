"""What every service's HTTP layer guarantees: problems, identity, money."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest
from fastapi import APIRouter
from pydantic import BaseModel, TypeAdapter, ValidationError

from ltc_shared.authority import CallingActor
from ltc_shared.money import NonNegativeAmount, PositiveAmount
from ltc_shared.web import create_app


class Priced(BaseModel):
    amount: NonNegativeAmount


def app_with_routes() -> httpx.AsyncClient:
    router = APIRouter()

    @router.post("/boom")
    def boom() -> None:
        raise OverflowError("date value out of range")

    @router.post("/whoami")
    def whoami(actor: CallingActor) -> dict[str, str | None]:
        return {"id": None if actor is None else actor.id}

    @router.post("/price")
    def price(body: Priced) -> dict[str, str]:
        return {"amount": str(body.amount)}

    api = create_app("probe", [router], description="probe")
    transport = httpx.ASGITransport(app=api, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://probe")


async def test_an_unexpected_failure_is_a_problem_not_a_stack_trace() -> None:
    async with app_with_routes() as client:
        answer = await client.post("/boom")
    assert answer.status_code == 500
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["type"] == "/problems/internal-error"


async def test_an_empty_actor_header_is_a_422_naming_it() -> None:
    async with app_with_routes() as client:
        answer = await client.post(
            "/whoami", headers={"X-Actor": "", "X-Actor-Role": "sponsor"}
        )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "header.x-actor"


@pytest.mark.parametrize(
    ("given", "kept"), [("-0", "0.00"), ("1E+3", "1000.00"), ("1.1", "1.10")]
)
async def test_amounts_are_written_one_way(given: str, kept: str) -> None:
    async with app_with_routes() as client:
        answer = await client.post("/price", json={"amount": given})
    assert answer.json() == {"amount": kept}


@pytest.mark.parametrize("given", ["1.005", "NaN", "-1"])
def test_amounts_with_fractions_of_cents_or_below_zero_are_refused(
    given: str,
) -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(NonNegativeAmount).validate_python(given)


def test_a_positive_amount_is_above_zero() -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(PositiveAmount).validate_python(Decimal("0.00"))


async def test_a_request_keeps_the_callers_correlation_id_or_gets_one() -> None:
    async with app_with_routes() as client:
        given = await client.post(
            "/price", json={"amount": "1"}, headers={"X-Correlation-ID": "abc-123"}
        )
        fresh = await client.post("/price", json={"amount": "1"})
        refused = await client.post(
            "/price", json={"amount": "-1"}, headers={"X-Correlation-ID": "abc-124"}
        )
    assert given.headers["X-Correlation-ID"] == "abc-123"
    assert len(fresh.headers["X-Correlation-ID"]) == 32
    assert refused.status_code == 422
    assert refused.headers["X-Correlation-ID"] == "abc-124"
