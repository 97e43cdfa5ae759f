"""Who may take a decision: the role, the level against the tier, and the
person the project named for the role."""

from __future__ import annotations

import pytest

from ltc_shared.authority import ATB, SIGNATURE, Actor
from ltc_shared.errors import Forbidden

VERA = Actor(id="vera", role="sponsor", level=3)


def test_the_named_sponsor_at_the_tier_level_decides() -> None:
    assert ATB.check(VERA, 3, {"sponsor": "vera"}) is VERA


@pytest.mark.parametrize(
    ("actor", "tier", "rule"),
    [
        (None, 1, "atb-needs-decider"),
        (Actor(id="ana", role="ar", level=4), 1, "atb-role"),
        (Actor(id="vera", role="sponsor", level=2), 3, "atb-level"),
        (Actor(id="max", role="sponsor", level=4), 3, "atb-named-sponsor"),
    ],
)
def test_a_decider_is_refused_naming_the_rule(
    actor: Actor | None, tier: int, rule: str
) -> None:
    with pytest.raises(Forbidden) as refused:
        ATB.check(actor, tier, {"sponsor": "vera"})

    assert (refused.value.status, refused.value.rule) == (403, rule)


def test_without_a_named_person_role_and_level_suffice() -> None:
    anyone = Actor(id="max", role="sponsor", level=4)

    assert ATB.check(anyone, 3, {"sponsor": None}) is anyone
    assert ATB.check(anyone, 3) is anyone


def test_each_role_is_held_to_its_own_named_person() -> None:
    named = {"ar": "ana", "sponsor": "vera"}

    assert SIGNATURE.check(Actor(id="ana", role="ar"), 4, named).id == "ana"
    assert SIGNATURE.check(VERA, 4, named) is VERA
    with pytest.raises(Forbidden) as refused:
        SIGNATURE.check(Actor(id="vera", role="ar"), 4, named)
    assert refused.value.rule == "signature-named-ar"
