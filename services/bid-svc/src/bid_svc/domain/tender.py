"""Writing the bid documents and answering during the opening: deviations,
the price, the documents checklist, clarifications, a second quotation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from eventsourcing.domain import event

from bid_svc.domain.state import (
    REQUIRED_DOCUMENTS,
    BidDocument,
    BidState,
    Clarification,
    Deviation,
    DeviationKind,
)
from ltc_shared.aggregate import require, require_not_before
from ltc_shared.authority import PRICING, Actor


class TenderWork(BidState):
    if TYPE_CHECKING:
        deviations: list[Deviation]
        price_strategy: str | None
        priced_by: str | None
        documents: dict[str, str]
        clarifications: list[Clarification]
        second_quotation: Decimal | None

    @property
    def missing_documents(self) -> list[BidDocument]:
        return [name for name in REQUIRED_DOCUMENTS if name not in self.documents]

    def record_deviation(
        self,
        kind: DeviationKind,
        clause: str,
        deviation: str,
        justification: str,
        occurred_on: date,
    ) -> None:
        """Note where the bid departs from a clause of the tender, and why."""
        self._require_before_submission("a deviation", "deviation-before-submission")
        require_not_before(occurred_on, self.last_step_on, "deviation")
        self._deviation_recorded(
            kind=kind,
            clause=clause,
            deviation=deviation,
            justification=justification,
            occurred_on=occurred_on,
        )

    @event("DeviationRecorded")
    def _deviation_recorded(
        self,
        kind: DeviationKind,
        clause: str,
        deviation: str,
        justification: str,
        occurred_on: date,
    ) -> None:
        entry = Deviation(kind, clause, deviation, justification)
        self.deviations = [*self.deviations, entry]
        self.last_step_on = occurred_on

    def set_price(
        self, price: Decimal, strategy: str, actor: Actor | None, occurred_on: date
    ) -> None:
        """The project's AR sets the price and the pricing strategy behind it;
        it may be reset."""
        ar = PRICING.check(actor, self.tier, self.team)
        self._require_before_submission("the price", "price-before-submission")
        require_not_before(occurred_on, self.last_step_on, "pricing")
        self._price_set(
            price=price, strategy=strategy, by=ar.id, occurred_on=occurred_on
        )

    @event("PriceSet")
    def _price_set(
        self, price: Decimal, strategy: str, by: str, occurred_on: date
    ) -> None:
        self.priced_at = price
        self.price_strategy = strategy
        self.priced_by = by
        self.last_step_on = occurred_on

    def prepare_document(
        self, document: BidDocument, reference: str, occurred_on: date
    ) -> None:
        """Tick one required bid document off the checklist, or replace it."""
        self._require_before_submission(
            f"the {document}", "documents-before-submission"
        )
        require_not_before(occurred_on, self.last_step_on, "bid document")
        self._document_prepared(
            document=document, reference=reference, occurred_on=occurred_on
        )

    @event("BidDocumentPrepared")
    def _document_prepared(
        self, document: BidDocument, reference: str, occurred_on: date
    ) -> None:
        self.documents = self.documents | {document: reference}
        self.last_step_on = occurred_on

    def answer_clarification(
        self, question: str, answer: str, occurred_on: date
    ) -> None:
        """Answer a question the customer asks during the opening."""
        self._require_in_opening("a clarification", "clarification-during-opening")
        require_not_before(occurred_on, self.last_step_on, "clarification")
        self._clarification_answered(
            question=question, answer=answer, occurred_on=occurred_on
        )

    @event("ClarificationAnswered")
    def _clarification_answered(
        self, question: str, answer: str, occurred_on: date
    ) -> None:
        entry = Clarification(question, answer, occurred_on)
        self.clarifications = [*self.clarifications, entry]
        self.last_step_on = occurred_on

    def submit_second_quotation(self, price: Decimal, occurred_on: date) -> None:
        """Quote again when the customer asks for a second quotation."""
        self._require_in_opening(
            "a second quotation", "second-quotation-during-opening"
        )
        require(
            self.second_quotation is None,
            "second-quotation-once",
            f"a second quotation was already submitted at {self.second_quotation}",
        )
        require_not_before(occurred_on, self.last_step_on, "second quotation")
        self._second_quotation_submitted(price=price, occurred_on=occurred_on)

    @event("SecondQuotationSubmitted")
    def _second_quotation_submitted(self, price: Decimal, occurred_on: date) -> None:
        self.second_quotation = price
        self.price = price
        self.last_step_on = occurred_on
