"""Negotiating: strategy, team, authorization, drafts within it, review,
the signing decision's authority and inputs, and a deal lost at the table."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from contract_svc.domain import Contract
from ltc_shared.authority import Actor
from ltc_shared.testing import event_types, new_events

Refused = Callable[[Contract, str, Callable[[], None]], None]
SPONSOR = Actor(id="sponsor.wang", role="sponsor", level=4)
D = date(2024, 3, 6)


@pytest.fixture
def authorized(budgeted: Contract) -> Contract:
    """Given also: the team may go down to 110,000 (10 % off), on two terms."""
    budgeted.grant_authorization(
        Decimal("110000.00"), Decimal("0.10"), ["net30", "milestones"], "cfo", D
    )
    budgeted.collect_events()
    return budgeted


def test_the_negotiation_strategy_and_plan_are_set(drafted: Contract) -> None:
    drafted.set_strategy("anchor on value", "two rounds, then close", D)

    [(kind, fields)] = new_events(drafted)
    assert kind == "NegotiationStrategySet"
    assert fields["strategy"] == "anchor on value"
    assert fields["plan"] == "two rounds, then close"
    assert fields["occurred_on"] == D
    assert fields["trace"]["contract_id"] == str(drafted.id)


def test_the_negotiation_team_is_formed(drafted: Contract) -> None:
    members = [{"name": "ar.li", "role": "ar"}, {"name": "sr.wu", "role": "sr"}]

    drafted.form_team(members, D)

    [(kind, fields)] = new_events(drafted)
    assert kind == "NegotiationTeamFormed"
    assert fields["members"] == members


def test_a_team_names_each_member_once(drafted: Contract, refused: Refused) -> None:
    twice = [{"name": "ar.li", "role": "ar"}, {"name": "ar.li", "role": "sr"}]
    refused(drafted, "negotiation-team-members", lambda: drafted.form_team(twice, D))


def test_authorization_is_granted(budgeted: Contract) -> None:
    budgeted.grant_authorization(Decimal("100000.00"), Decimal("0.2"), ["x"], "cfo", D)

    [(kind, fields)] = new_events(budgeted)
    assert kind == "AuthorizationGranted"
    assert fields["min_price"] == Decimal("100000.00")
    assert fields["max_discount_share"] == Decimal("0.2")
    assert fields["terms_allowed"] == ["x"]
    assert fields["granted_by"] == "cfo"


def test_a_discount_share_is_at_most_one(drafted: Contract, refused: Refused) -> None:
    refused(
        drafted,
        "discount-share-range",
        lambda: drafted.grant_authorization(Decimal(0), Decimal("1.5"), [], "cfo", D),
    )


def test_a_draft_within_authority_revises_the_value(authorized: Contract) -> None:
    authorized.revise(Decimal("112000.00"), ["net30"], D)

    [(kind, fields)] = new_events(authorized)
    assert kind == "ContractRevised"
    assert fields["revision"] == 1
    assert fields["value"] == Decimal("112000.00")
    assert fields["terms"] == ["net30"]
    assert authorized.value == Decimal("112000.00")


def test_a_draft_needs_an_authorization(drafted: Contract, refused: Refused) -> None:
    refused(
        drafted,
        "revision-needs-authorization",
        lambda: drafted.revise(Decimal("120000.00"), [], D),
    )


@pytest.mark.parametrize(
    ("value", "terms"),
    [("109999.99", []), ("115000.00", ["free support"])],
)
def test_a_draft_beyond_authority_is_refused(
    authorized: Contract, refused: Refused, value: str, terms: list[str]
) -> None:
    refused(
        authorized,
        "beyond-negotiation-authority",
        lambda: authorized.revise(Decimal(value), terms, D),
    )


def test_a_new_authorization_allows_a_lower_draft(authorized: Contract) -> None:
    authorized.grant_authorization(Decimal("100000.00"), Decimal("0.2"), [], "ceo", D)

    authorized.revise(Decimal("101000.00"), [], D)

    assert event_types(authorized) == ["AuthorizationGranted", "ContractRevised"]


def test_the_review_records_its_verdict(authorized: Contract) -> None:
    authorized.revise(Decimal("112000.00"), [], D)
    authorized.collect_events()

    authorized.record_review("legal", ["liability cap"], "pass_with_opinions", D)

    [(kind, fields)] = new_events(authorized)
    assert kind == "ContractReviewed"
    assert fields["reviewer"] == "legal"
    assert fields["verdict"] == "pass_with_opinions"
    assert fields["revision"] == 1


def test_a_review_that_does_not_pass_states_opinions(
    budgeted: Contract, refused: Refused
) -> None:
    refused(
        budgeted,
        "review-needs-opinions",
        lambda: budgeted.record_review("legal", [], "fail", D),
    )


def test_a_failed_review_holds_back_approval(
    budgeted: Contract, refused: Refused
) -> None:
    budgeted.record_review("legal", ["unlimited liability"], "fail", D)
    budgeted.collect_events()

    refused(
        budgeted,
        "atc-review-failed",
        lambda: budgeted.decide(True, SPONSOR, None, date(2024, 3, 8)),
    )


def test_atc_records_its_decider_and_what_it_saw(authorized: Contract) -> None:
    authorized.revise(Decimal("112000.00"), [], D)
    authorized.set_budget(Decimal("112000.00"), Decimal("90000.00"), "USD", D)
    authorized.collect_events()

    authorized.decide(True, SPONSOR, None, date(2024, 3, 8))

    [(kind, fields)] = new_events(authorized)
    assert kind == "ContractApproved"
    assert fields["decided_by"] == "sponsor.wang"
    assert fields["decider"] == {"id": "sponsor.wang", "role": "sponsor", "level": 4}
    assert fields["inputs"] == {
        "budget_version": 2,
        "revision": 1,
        "review": None,
        "estimate_version": None,
        "risk_register_version": None,
    }


def test_each_budget_has_a_version(budgeted: Contract) -> None:
    budgeted.set_budget(Decimal("1.00"), Decimal("1.00"), "USD", D)

    [(_, fields)] = new_events(budgeted)
    assert fields["budget_version"] == 2
    assert budgeted.budget is not None
    assert budgeted.budget.version == 2


def test_a_draft_after_a_revision_request_allows_a_new_atc(
    authorized: Contract,
) -> None:
    authorized.decide(False, SPONSOR, "price too low", date(2024, 3, 8))
    authorized.revise(Decimal("118000.00"), [], date(2024, 3, 9))
    authorized.decide(True, SPONSOR, None, date(2024, 3, 10))

    assert event_types(authorized) == [
        "ContractRevisionRequested",
        "ContractRevised",
        "ContractApproved",
    ]


@pytest.mark.parametrize(
    ("actor", "rule"),
    [
        (None, "atc-needs-decider"),
        (Actor(id="ar.li", role="ar", level=4), "atc-role"),
        (Actor(id="vp.zhao", role="sponsor", level=1), "atc-level"),
    ],
)
def test_atc_is_taken_by_a_sponsor_of_the_project_tier(
    drafted: Contract, refused: Refused, actor: Actor | None, rule: str
) -> None:
    tiered = Contract.draft(
        drafted.id,
        drafted.bid_id,
        drafted.opportunity_id,
        Decimal("120000.00"),
        "USD",
        drafted.profile,
        date(2024, 3, 1),
        drafted.trace,
        tier=3,
    )
    tiered.set_budget(Decimal("120000.00"), Decimal("90000.00"), "USD", D)
    tiered.collect_events()

    refused(tiered, rule, lambda: tiered.decide(True, actor, None, D))


def test_a_deal_lost_in_negotiation_ends_with_its_analysis(
    budgeted: Contract,
) -> None:
    budgeted.record_loss("price", "competitor 20 % lower; we misread the buyer", D)

    [(kind, fields)] = new_events(budgeted)
    assert kind == "ContractLost"
    assert fields["reason"] == "price"
    assert fields["analysis"].startswith("competitor")
    assert budgeted.status == "lost"


def test_a_signed_contract_is_not_lost(signed: Contract, refused: Refused) -> None:
    refused(signed, "lost-before-signature", lambda: signed.record_loss("x", "y", D))


def test_a_lost_deal_is_not_negotiated(budgeted: Contract, refused: Refused) -> None:
    budgeted.record_loss("price", "too high", D)
    budgeted.collect_events()

    refused(
        budgeted,
        "contract-in-negotiation",
        lambda: budgeted.set_strategy("again", "again", D),
    )
