"""The control points of a change: its proposal reviewed before ATAC, and the
contract/PO change agreement signed with the customer after ATAC approved
it, which ATCC waits for."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from contract_svc.domain import Contract
from ltc_shared.authority import Actor
from ltc_shared.errors import Forbidden
from ltc_shared.testing import event_types, new_events

Refused = Callable[[Contract, str, Callable[[], None]], None]
SPONSOR = Actor(id="sponsor.wang", role="sponsor", level=4)
AR = Actor(id="ar.li", role="ar")
D = date(2024, 4, 1)


@pytest.fixture
def requested(signed: Contract) -> Contract:
    """Given also: change CR-1 adds 10,000 to the value, not reviewed yet."""
    signed.request_change(
        "CR-1", Decimal("10000.00"), Decimal(0), Decimal(0), "a site", None, D
    )
    signed.collect_events()
    return signed


@pytest.fixture
def approved_change(requested: Contract) -> Contract:
    """Given also: its proposal accepted, and ATAC approved it."""
    requested.review_change("CR-1", "pmo.gao", ["fits the plan"], "accepted", D)
    requested.decide_change("CR-1", True, None, SPONSOR, D)
    requested.collect_events()
    return requested


def test_a_review_records_its_opinions_and_verdict(requested: Contract) -> None:
    requested.review_change("CR-1", "pmo.gao", ["price the site"], "rejected", D)

    [(kind, fields)] = new_events(requested)
    assert kind == "ChangeReviewed"
    assert (fields["reviewer"], fields["verdict"]) == ("pmo.gao", "rejected")
    assert requested.changes["CR-1"].reviews[0].opinions == ("price the site",)


def test_atac_approves_only_a_proposal_the_review_accepted(
    requested: Contract, refused: Refused
) -> None:
    def approve() -> None:
        requested.decide_change("CR-1", True, None, SPONSOR, D)

    refused(requested, "atac-needs-accepted-review", approve)
    requested.review_change("CR-1", "pmo.gao", ["too vague"], "rejected", D)
    requested.collect_events()
    refused(requested, "atac-needs-accepted-review", approve)

    requested.review_change("CR-1", "pmo.gao", [], "accepted", D)
    approve()

    assert event_types(requested) == ["ChangeReviewed", "ChangeApproved"]
    assert requested.value == Decimal("128000.00")


def test_atac_rejects_without_a_review(requested: Contract) -> None:
    requested.decide_change("CR-1", False, "not now", SPONSOR, D)

    assert event_types(requested) == ["ChangeRejected"]


def test_a_review_comes_before_atac_and_a_rejection_says_why(
    approved_change: Contract, requested: Contract, refused: Refused
) -> None:
    contract = approved_change
    refused(
        contract,
        "change-review-before-atac",
        lambda: contract.review_change("CR-1", "pmo.gao", [], "accepted", D),
    )
    refused(
        contract,
        "change-unknown",
        lambda: contract.review_change("CR-9", "pmo.gao", [], "accepted", D),
    )


def test_a_rejecting_review_needs_opinions(
    requested: Contract, refused: Refused
) -> None:
    refused(
        requested,
        "change-rejection-needs-opinions",
        lambda: requested.review_change("CR-1", "pmo.gao", [], "rejected", D),
    )


def test_the_ar_signs_the_change_agreement_once(
    approved_change: Contract, refused: Refused
) -> None:
    contract = approved_change
    assert contract.unsigned_change_agreements == ["CR-1"]

    contract.sign_change_agreement("CR-1", "cio.kim", AR, D)

    [(kind, fields)] = new_events(contract)
    assert kind == "ChangeAgreementSigned"
    assert (fields["signed_by"], fields["customer_signatory"]) == ("ar.li", "cio.kim")
    assert contract.unsigned_change_agreements == []
    refused(
        contract,
        "change-agreement-signed-once",
        lambda: contract.sign_change_agreement("CR-1", "cio.kim", AR, D),
    )


def test_a_change_agreement_follows_an_approval(
    requested: Contract, refused: Refused
) -> None:
    refused(
        requested,
        "change-agreement-after-atac",
        lambda: requested.sign_change_agreement("CR-1", "cio.kim", AR, D),
    )


@pytest.mark.parametrize(
    ("actor", "rule"),
    [
        (None, "change-agreement-needs-decider"),
        (Actor(id="fr.chen", role="fr"), "change-agreement-role"),
    ],
)
def test_only_an_ar_or_the_sponsor_signs_a_change_agreement(
    approved_change: Contract, actor: Actor | None, rule: str
) -> None:
    with pytest.raises(Forbidden) as caught:
        approved_change.sign_change_agreement("CR-1", "cio.kim", actor, D)

    assert caught.value.rule == rule
    assert new_events(approved_change) == []


def test_atcc_waits_for_every_change_agreement(
    approved_change: Contract, refused: Refused
) -> None:
    contract = approved_change
    refused(
        contract,
        "atcc-change-agreement-unsigned",
        lambda: contract.close(date(2024, 12, 20), SPONSOR),
    )

    contract.sign_change_agreement("CR-1", "cio.kim", AR, D)
    contract.close(date(2024, 12, 20), SPONSOR)

    assert contract.status == "closed"
