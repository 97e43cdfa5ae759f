"""Changes (ATAC), disputes, what is left to collect, and the closure
(ATCC) they hold back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from contract_svc.domain import Contract, Movement
from ltc_shared.authority import Actor
from ltc_shared.testing import event_types, new_events

Refused = Callable[[Contract, str, Callable[[], None]], None]
SPONSOR = Actor(id="sponsor.wang", role="sponsor", level=4)
D = date(2024, 4, 1)
END = date(2024, 12, 20)


@pytest.fixture
def change_requested(signed: Contract) -> Contract:
    """Given also: a change adding 10,000 of value, 9,000 revenue, 6,000 cost,
    its proposal accepted by the review."""
    signed.request_change(
        "CR-1",
        Decimal("10000.00"),
        Decimal("9000.00"),
        Decimal("6000.00"),
        "a second site",
        date(2025, 3, 31),
        D,
    )
    signed.review_change("CR-1", "pmo.gao", [], "accepted", D)
    signed.collect_events()
    return signed


def test_a_change_is_requested(signed: Contract) -> None:
    signed.request_change(
        "CR-1", Decimal("-1.00"), Decimal(0), Decimal(0), "less", None, D
    )

    [(kind, fields)] = new_events(signed)
    assert kind == "ChangeRequested"
    assert fields["change_id"] == "CR-1"
    assert fields["value_delta"] == Decimal("-1.00")
    assert fields["new_end_on"] is None


def test_a_change_id_is_used_once(change_requested: Contract, refused: Refused) -> None:
    contract = change_requested
    refused(
        contract,
        "change-unique",
        lambda: contract.request_change(
            "CR-1", Decimal(0), Decimal(0), Decimal(0), "x", None, D
        ),
    )


def test_an_approved_change_moves_value_scope_dates_and_budget(
    change_requested: Contract,
) -> None:
    contract = change_requested

    contract.decide_change("CR-1", True, None, SPONSOR, D)

    [(kind, fields)] = new_events(contract)
    assert kind == "ChangeApproved"
    assert fields["value_delta"] == Decimal("10000.00")
    assert fields["decided_by"] == "sponsor.wang"
    assert fields["decider"]["role"] == "sponsor"
    assert fields["inputs"] == {"budget_version": 1, "risk_register_version": None}
    assert contract.value == Decimal("128000.00")
    assert contract.scope == "a second site"
    assert contract.end_on == date(2025, 3, 31)
    assert contract.budget is not None
    assert (contract.budget.revenue, contract.budget.cost) == (
        Decimal("129000.00"),
        Decimal("96000.00"),
    )
    assert contract.budget.version == 2


def test_a_rejected_change_changes_nothing_but_says_why(
    change_requested: Contract,
) -> None:
    contract = change_requested

    contract.decide_change("CR-1", False, "out of scope", SPONSOR, D)

    [(kind, fields)] = new_events(contract)
    assert kind == "ChangeRejected"
    assert fields["reason"] == "out of scope"
    assert contract.value == Decimal("118000.00")


@pytest.mark.parametrize(
    ("change_id", "approve", "reason", "rule"),
    [
        ("CR-9", True, None, "change-unknown"),
        ("CR-1", False, None, "atac-rejection-needs-reason"),
    ],
)
def test_atac_refusals(
    change_requested: Contract,
    refused: Refused,
    change_id: str,
    approve: bool,
    reason: str | None,
    rule: str,
) -> None:
    contract = change_requested
    refused(
        contract,
        rule,
        lambda: contract.decide_change(change_id, approve, reason, SPONSOR, D),
    )


def test_a_change_is_decided_once(change_requested: Contract, refused: Refused) -> None:
    contract = change_requested
    contract.decide_change("CR-1", True, None, SPONSOR, D)
    contract.collect_events()

    refused(
        contract,
        "change-already-decided",
        lambda: contract.decide_change("CR-1", True, None, SPONSOR, D),
    )


def test_a_change_keeps_the_value_positive(signed: Contract, refused: Refused) -> None:
    signed.request_change(
        "CR-1", Decimal("-118000.00"), Decimal(0), Decimal(0), "all", None, D
    )
    signed.review_change("CR-1", "pmo.gao", [], "accepted", D)
    signed.collect_events()

    refused(
        signed,
        "change-keeps-amounts-valid",
        lambda: signed.decide_change("CR-1", True, None, SPONSOR, D),
    )


@pytest.mark.parametrize(
    ("actor", "rule"),
    [
        (None, "atac-needs-decider"),
        (Actor(id="fr.chen", role="fr", level=4), "atac-role"),
    ],
)
def test_atac_is_taken_by_a_sponsor(
    change_requested: Contract, refused: Refused, actor: Actor | None, rule: str
) -> None:
    contract = change_requested
    refused(
        contract, rule, lambda: contract.decide_change("CR-1", True, None, actor, D)
    )


def test_a_dispute_is_opened_and_closed(signed: Contract) -> None:
    signed.open_dispute("D-1", "late acceptance", D)
    signed.close_dispute("D-1", "accepted with a credit", D)

    (opened, closed) = new_events(signed)
    assert opened[0] == "DisputeOpened"
    assert opened[1]["subject"] == "late acceptance"
    assert closed[0] == "DisputeClosed"
    assert closed[1]["resolution"] == "accepted with a credit"
    assert signed.open_disputes == []


def test_dispute_refusals(signed: Contract, refused: Refused) -> None:
    refused(signed, "dispute-unknown", lambda: signed.close_dispute("D-9", "x", D))
    signed.open_dispute("D-1", "late", D)
    signed.collect_events()
    refused(signed, "dispute-unique", lambda: signed.open_dispute("D-1", "x", D))
    signed.close_dispute("D-1", "settled", D)
    signed.collect_events()
    refused(
        signed, "dispute-already-closed", lambda: signed.close_dispute("D-1", "x", D)
    )


def test_atcc_is_refused_while_a_dispute_is_open(
    signed: Contract, refused: Refused
) -> None:
    signed.open_dispute("D-1", "late acceptance", D)
    signed.collect_events()

    refused(signed, "atcc-dispute-open", lambda: signed.close(END, SPONSOR))


def invoice(contract: Contract, movement: Movement, amount: str, n: int) -> bool:
    return contract.record_receivable(
        f"finance/{n}",
        "ledger-1",
        "INV-1",
        movement,
        Decimal(amount),
        D,
    )


def test_receivables_follow_invoices_payments_and_credit_notes(
    signed: Contract,
) -> None:
    invoice(signed, "invoiced", "1000.00", 1)
    invoice(signed, "paid", "600.00", 2)
    invoice(signed, "credited", "100.00", 3)

    assert event_types(signed) == ["ReceivableMovement"] * 3
    assert signed.open_receivables == Decimal("300.00")


def test_a_movement_delivered_twice_counts_once(signed: Contract) -> None:
    assert invoice(signed, "invoiced", "1000.00", 1)
    assert not invoice(signed, "invoiced", "1000.00", 1)

    assert event_types(signed) == ["ReceivableMovement"]
    assert signed.open_receivables == Decimal("1000.00")


def test_atcc_is_refused_while_an_invoice_is_unpaid(
    signed: Contract, refused: Refused
) -> None:
    invoice(signed, "invoiced", "1000.00", 1)
    invoice(signed, "paid", "999.99", 2)
    signed.collect_events()

    refused(signed, "atcc-invoice-unpaid", lambda: signed.close(END, SPONSOR))


def test_atcc_closes_once_everything_is_settled(signed: Contract) -> None:
    invoice(signed, "invoiced", "1000.00", 1)
    invoice(signed, "paid", "1000.00", 2)
    signed.collect_events()

    signed.close(END, SPONSOR)

    [(kind, fields)] = new_events(signed)
    assert kind == "ContractClosed"
    assert fields["decided_by"] == "sponsor.wang"
    assert fields["inputs"] == {
        "budget_version": 1,
        "open_receivables": Decimal(0),
        "risk_register_version": None,
    }


@pytest.mark.parametrize(
    ("actor", "rule"),
    [
        (None, "atcc-needs-decider"),
        (Actor(id="ar.li", role="ar", level=4), "atcc-role"),
    ],
)
def test_atcc_is_taken_by_a_sponsor(
    signed: Contract, refused: Refused, actor: Actor | None, rule: str
) -> None:
    refused(signed, rule, lambda: signed.close(END, actor))
