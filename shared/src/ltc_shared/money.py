"""Money is a Decimal with two places, never a float."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field

CENT = Decimal("0.01")


def to_cents(value: Decimal) -> Decimal:
    """One way to write an amount: two places, and no negative zero."""
    return value.quantize(CENT) + Decimal("0.00")


def refuse_floats(value: object) -> object:
    """A JSON number with a fraction arrives as a binary float, which has
    already lost cents on large amounts: money comes as a string or a whole
    number."""
    if isinstance(value, float):
        raise ValueError(
            'money is a string such as "1234.50" or a whole number, never a'
            " number with a fraction, which binary floating point may change"
        )
    return value


_NoFloats = BeforeValidator(refuse_floats)
_Cents = AfterValidator(to_cents)
_Money = Field(max_digits=18, decimal_places=2, allow_inf_nan=False)
Amount = Annotated[Decimal, _NoFloats, _Money, _Cents]
PositiveAmount = Annotated[Decimal, _NoFloats, _Money, Field(gt=0), _Cents]
NonNegativeAmount = Annotated[Decimal, _NoFloats, _Money, Field(ge=0), _Cents]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$", examples=["USD"])]


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_EVEN)


def ratio(part: int | Decimal, whole: int | Decimal, places: int = 4) -> Decimal:
    """A share rounded half-even, zero when there is no whole to divide."""
    if not whole:
        return Decimal(0)
    exponent = Decimal(1).scaleb(-places)
    return (Decimal(part) / Decimal(whole)).quantize(exponent, ROUND_HALF_EVEN)
