"""Names and words in commands are trimmed and never blank."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from ltc_shared.text import Name, Words


class Appointment(BaseModel):
    sponsor: Name
    why: Words


def test_whitespace_around_a_name_is_dropped() -> None:
    taken = Appointment(sponsor=" vera ", why="\ttier rose\n")
    assert (taken.sponsor, taken.why) == ("vera", "tier rose")


@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
def test_a_blank_name_or_sentence_is_refused_naming_the_field(blank: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Appointment(sponsor=blank, why=blank)
    assert sorted(e["loc"][0] for e in caught.value.errors()) == ["sponsor", "why"]


def test_a_name_is_at_most_200_characters_after_trimming() -> None:
    assert Appointment(sponsor=" " + "a" * 200 + " ", why="ok").sponsor == "a" * 200
    with pytest.raises(ValidationError):
        Appointment(sponsor="a" * 201, why="ok")
