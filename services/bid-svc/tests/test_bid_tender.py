"""Writing and answering the tender: deviations, the price, the documents
checklist, clarifications and a second quotation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from bid_svc.domain import REQUIRED_DOCUMENTS, Bid
from ltc_shared.authority import Actor
from ltc_shared.errors import RuleViolated
from ltc_shared.testing import event_types, new_events

ESTIMATED_ON = date(2024, 4, 5)
REVIEWED_ON = date(2024, 4, 6)
DECIDED_ON = date(2024, 4, 8)
PRICED_ON = date(2024, 4, 10)
SUBMITTED_ON = date(2024, 4, 15)
OPENING_ON = date(2024, 4, 22)
SETTLED_ON = date(2024, 5, 20)
SPONSOR = Actor(id="sofia", role="sponsor", level=4)
ANA = Actor(id="Ana", role="ar")

Given = Callable[..., Bid]
Step = Callable[[Bid], None]


def estimate(b: Bid) -> None:
    b.prepare_estimate(
        Decimal("120000.00"), Decimal("84000.00"), "USD", "three sites", ESTIMATED_ON
    )


def passed(b: Bid) -> None:
    b.review_solution("Rita", [], "pass", REVIEWED_ON)


def go(b: Bid) -> None:
    b.decide("bid", None, SPONSOR, DECIDED_ON)


def priced(b: Bid) -> None:
    b.set_price(Decimal("118000.00"), "match the incumbent", ANA, PRICED_ON)


def documented(b: Bid) -> None:
    for name in REQUIRED_DOCUMENTS:
        b.prepare_document(name, f"docs/{name}.pdf", PRICED_ON)


def submit(b: Bid) -> None:
    b.submit(None, SUBMITTED_ON)


def lose(b: Bid) -> None:
    b.lose("price", SETTLED_ON)


def refused(run: Callable[[], None]) -> str:
    with pytest.raises(RuleViolated) as caught:
        run()
    return str(caught.value.rule)


def test_a_deviation_is_recorded_with_its_justification(given: Given) -> None:
    bid = given(estimate)

    bid.record_deviation(
        "commercial", "7.2 payment", "60 days", "group policy", PRICED_ON
    )

    [(kind, fields)] = new_events(bid)
    assert kind == "DeviationRecorded"
    assert (fields["kind"], fields["clause"]) == ("commercial", "7.2 payment")
    assert (fields["deviation"], fields["justification"]) == (
        "60 days",
        "group policy",
    )
    assert len(bid.deviations) == 1


def test_deviations_are_recorded_before_submission(given: Given) -> None:
    bid = given(estimate, go, priced, submit)

    rule = refused(
        lambda: bid.record_deviation("technical", "3.1", "x", "y", OPENING_ON)
    )

    assert rule == "deviation-before-submission"
    assert event_types(bid) == []


def test_the_set_price_is_the_submission_price(given: Given) -> None:
    bid = given(estimate, go, priced)

    submit(bid)

    [(kind, fields)] = new_events(bid)
    assert (kind, fields["price"]) == ("BidSubmitted", Decimal("118000.00"))


def test_the_price_is_set_with_its_strategy(given: Given) -> None:
    bid = given(estimate)

    priced(bid)

    [(kind, fields)] = new_events(bid)
    assert kind == "PriceSet"
    assert (fields["price"], fields["strategy"], fields["by"]) == (
        Decimal("118000.00"),
        "match the incumbent",
        "Ana",
    )


def test_a_submission_without_any_price_is_refused(given: Given) -> None:
    bid = given(estimate, go)

    assert refused(lambda: submit(bid)) == "submission-needs-price"
    assert event_types(bid) == []


def test_the_price_is_set_before_submission(given: Given) -> None:
    bid = given(estimate, go, priced, submit)

    assert refused(lambda: priced(bid)) == "price-before-submission"


def test_a_document_is_ticked_off_the_checklist(given: Given) -> None:
    bid = given(estimate)

    bid.prepare_document("price list", "docs/prices.xlsx", PRICED_ON)

    [(kind, fields)] = new_events(bid)
    assert kind == "BidDocumentPrepared"
    assert (fields["document"], fields["reference"]) == (
        "price list",
        "docs/prices.xlsx",
    )
    assert "price list" not in bid.missing_documents


def test_above_tier_1_submission_needs_every_document(given: Given) -> None:
    bid = given(estimate, passed, go, priced, tier=2)
    bid.prepare_document("technical proposal", "docs/tech.pdf", PRICED_ON)

    with pytest.raises(RuleViolated) as caught:
        submit(bid)

    assert caught.value.rule == "bid-documents-incomplete"
    assert "commercial proposal" in caught.value.detail
    assert "deviation table" in caught.value.detail
    assert "technical proposal" not in caught.value.detail
    assert event_types(bid) == ["BidDocumentPrepared"]


def test_a_complete_bid_is_submitted_above_tier_1(given: Given) -> None:
    bid = given(estimate, passed, go, priced, documented, tier=2)

    submit(bid)

    assert event_types(bid) == ["BidSubmitted"]


def test_an_ordinary_bid_is_submitted_without_the_checklist(given: Given) -> None:
    bid = given(estimate, go)

    bid.submit(Decimal("118000.00"), SUBMITTED_ON)

    assert event_types(bid) == ["BidSubmitted"]


def test_documents_are_prepared_before_submission(given: Given) -> None:
    bid = given(estimate, go, priced, submit)

    assert refused(lambda: documented(bid)) == "documents-before-submission"


def test_a_clarification_is_answered_during_the_opening(given: Given) -> None:
    bid = given(estimate, go, priced, submit)

    bid.answer_clarification("which SLA?", "99.9 %", OPENING_ON)

    [(kind, fields)] = new_events(bid)
    assert kind == "ClarificationAnswered"
    assert (fields["question"], fields["answer"]) == ("which SLA?", "99.9 %")


@pytest.mark.parametrize(
    "steps", [(estimate, go), (estimate, go, priced, submit, lose)]
)
def test_a_clarification_needs_a_bid_in_its_opening(
    given: Given, steps: tuple[Step, ...]
) -> None:
    bid = given(*steps)

    rule = refused(lambda: bid.answer_clarification("q", "a", SETTLED_ON))

    assert rule == "clarification-during-opening"


def test_a_second_quotation_replaces_the_price(given: Given) -> None:
    bid = given(estimate, go, priced, submit)

    bid.submit_second_quotation(Decimal("112000.00"), OPENING_ON)

    [(kind, fields)] = new_events(bid)
    assert (kind, fields["price"]) == ("SecondQuotationSubmitted", Decimal("112000.00"))
    assert bid.price == Decimal("112000.00")


def test_a_second_quotation_is_given_once(given: Given) -> None:
    bid = given(estimate, go, priced, submit)
    bid.submit_second_quotation(Decimal("112000.00"), OPENING_ON)

    rule = refused(lambda: bid.submit_second_quotation(Decimal(1), OPENING_ON))

    assert rule == "second-quotation-once"


def test_a_second_quotation_needs_a_submission(given: Given) -> None:
    bid = given(estimate, go)

    rule = refused(lambda: bid.submit_second_quotation(Decimal(1), OPENING_ON))

    assert rule == "second-quotation-during-opening"
