"""Given events, when a command, then new events or the rule that refused it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from contract_svc.domain import Contract, Profile
from ltc_shared.authority import Actor
from ltc_shared.errors import RuleViolated
from ltc_shared.ids import derived_id, natural_id
from ltc_shared.testing import event_types, new_events

USD = "USD"
SPONSOR = Actor(id="sponsor.wang", role="sponsor", level=4)


def assert_refused(contract: Contract, rule: str, command: Callable[[], None]) -> None:
    version = contract.version
    with pytest.raises(RuleViolated) as caught:
        command()
    assert caught.value.rule == rule
    assert event_types(contract) == []
    assert contract.version == version


def test_a_won_bid_drafts_the_contract_at_the_award_value() -> None:
    lead_id = natural_id("lead", "L-1")
    opportunity_id = derived_id("opportunity", lead_id)
    bid_id = derived_id("bid", opportunity_id)
    contract_id = derived_id("contract", bid_id)
    upstream = {"lead_id": str(lead_id), "opportunity_id": str(opportunity_id)}

    contract = Contract.draft(
        contract_id,
        bid_id,
        opportunity_id,
        Decimal("50000.00"),
        "EUR",
        Profile(customer="Acme", region="EMEA"),
        date(2024, 1, 10),
        upstream | {"bid_id": str(bid_id)},
    )

    [(kind, fields)] = new_events(contract)
    assert kind == "ContractDrafted"
    assert contract.id == contract_id
    assert fields["contract_id"] == contract_id
    assert fields["bid_id"] == bid_id
    assert fields["opportunity_id"] == opportunity_id
    assert fields["value"] == Decimal("50000.00")
    assert fields["currency"] == "EUR"
    assert fields["customer"] == "Acme"
    assert fields["region"] == "EMEA"
    assert fields["owner"] is None
    assert fields["occurred_on"] == date(2024, 1, 10)
    assert fields["trace"] == upstream | {
        "bid_id": str(bid_id),
        "contract_id": str(contract_id),
    }
    assert contract.status == "draft"


# the budget


def test_setting_the_budget_records_revenue_and_cost(drafted: Contract) -> None:
    drafted.set_budget(Decimal("120000.00"), Decimal("90000.00"), USD, date(2024, 3, 5))

    [(kind, fields)] = new_events(drafted)
    assert kind == "BudgetSet"
    assert fields["revenue"] == Decimal("120000.00")
    assert fields["cost"] == Decimal("90000.00")
    assert fields["currency"] == USD
    assert fields["occurred_on"] == date(2024, 3, 5)
    assert fields["trace"]["contract_id"] == str(drafted.id)
    assert drafted.budget is not None
    assert drafted.budget.margin == Decimal("30000.00")


def test_a_budget_may_be_revised_before_the_decision(budgeted: Contract) -> None:
    budgeted.set_budget(
        Decimal("125000.00"), Decimal("95000.00"), USD, date(2024, 3, 6)
    )

    assert event_types(budgeted) == ["BudgetSet"]
    assert budgeted.budget is not None
    assert budgeted.budget.revenue == Decimal("125000.00")


def test_the_budget_is_refused_once_the_contract_is_approved(
    approved: Contract,
) -> None:
    assert_refused(
        approved,
        "contract-in-negotiation",
        lambda: approved.set_budget(Decimal(1), Decimal(1), USD, date(2024, 3, 9)),
    )


def test_the_budget_is_refused_in_another_currency(drafted: Contract) -> None:
    assert_refused(
        drafted,
        "contract-currency",
        lambda: drafted.set_budget(Decimal(1), Decimal(1), "EUR", date(2024, 3, 5)),
    )


def test_a_negative_budget_is_refused(drafted: Contract) -> None:
    assert_refused(
        drafted,
        "budget-not-negative",
        lambda: drafted.set_budget(Decimal(1), Decimal(-1), USD, date(2024, 3, 5)),
    )


def test_a_budget_dated_before_the_draft_is_refused(drafted: Contract) -> None:
    assert_refused(
        drafted,
        "business-dates-in-order",
        lambda: drafted.set_budget(Decimal(1), Decimal(1), USD, date(2024, 2, 28)),
    )


# the signing decision (ATC)


def test_an_approved_signing_decision_approves_the_contract(
    budgeted: Contract,
) -> None:
    budgeted.decide(True, SPONSOR, None, date(2024, 3, 8))

    [(kind, fields)] = new_events(budgeted)
    assert kind == "ContractApproved"
    assert fields["decided_by"] == "sponsor.wang"
    assert fields["occurred_on"] == date(2024, 3, 8)
    assert budgeted.status == "approved"


def test_a_decision_not_to_approve_sends_the_contract_back_to_revision(
    budgeted: Contract,
) -> None:
    budgeted.decide(False, SPONSOR, "margin too thin", date(2024, 3, 8))

    [(kind, fields)] = new_events(budgeted)
    assert kind == "ContractRevisionRequested"
    assert fields["decided_by"] == "sponsor.wang"
    assert fields["reason"] == "margin too thin"
    assert budgeted.status == "in_revision"
    assert budgeted.revisions == 1


def test_the_decision_needs_a_budget(drafted: Contract) -> None:
    assert_refused(
        drafted,
        "atc-needs-budget",
        lambda: drafted.decide(True, SPONSOR, None, date(2024, 3, 8)),
    )


def test_after_a_revision_a_new_budget_is_needed_before_deciding_again(
    budgeted: Contract,
) -> None:
    budgeted.decide(False, SPONSOR, "margin too thin", date(2024, 3, 8))
    budgeted.collect_events()

    assert_refused(
        budgeted,
        "atc-needs-budget",
        lambda: budgeted.decide(True, SPONSOR, None, date(2024, 3, 9)),
    )

    budgeted.set_budget(
        Decimal("130000.00"), Decimal("90000.00"), USD, date(2024, 3, 9)
    )
    budgeted.decide(True, SPONSOR, None, date(2024, 3, 10))
    assert event_types(budgeted) == ["BudgetSet", "ContractApproved"]
    assert budgeted.status == "approved"


@pytest.mark.parametrize("reason", [None, "  "])
def test_a_decision_not_to_approve_needs_a_reason(
    budgeted: Contract, reason: str | None
) -> None:
    assert_refused(
        budgeted,
        "atc-rejection-needs-reason",
        lambda: budgeted.decide(False, SPONSOR, reason, date(2024, 3, 8)),
    )


def test_an_approved_contract_is_not_decided_again(approved: Contract) -> None:
    assert_refused(
        approved,
        "contract-in-negotiation",
        lambda: approved.decide(True, SPONSOR, None, date(2024, 3, 9)),
    )


def test_a_decision_dated_before_the_budget_is_refused(budgeted: Contract) -> None:
    assert_refused(
        budgeted,
        "business-dates-in-order",
        lambda: budgeted.decide(True, SPONSOR, None, date(2024, 3, 4)),
    )
