"""Bid use cases: each command loads a bid, runs one method, and returns it.

Bids are opened by the reaction to an initiated project (see consumers);
the route or batch that called a use case stores its events.
"""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from bid_svc.domain import Bid
from bid_svc.schemas import (
    AnswerClarification,
    AttemptLossRecovery,
    DecideBid,
    PrepareBidDocument,
    PrepareEstimate,
    RecordBidFeedback,
    RecordCustomerRevisit,
    RecordDeviation,
    RecordOutcome,
    ReviewSolution,
    SetPrice,
    SetSolutionStrategy,
    SubmitBid,
    SubmitSecondQuotation,
    WithdrawBid,
    WritePostBidReview,
)
from ltc_shared.commands import Handler, Targeted, UnitOfWork
from ltc_shared.eventstore import ServiceApplication


class BidStore(ServiceApplication):
    name = "bid"


class OnBid(Targeted):
    bid_id: UUID


class PrepareEstimateCommand(PrepareEstimate, OnBid):
    type: Literal["PrepareEstimate"] = "PrepareEstimate"


class DecideBidCommand(DecideBid, OnBid):
    type: Literal["DecideBid"] = "DecideBid"


class SubmitBidCommand(SubmitBid, OnBid):
    type: Literal["SubmitBid"] = "SubmitBid"


class RecordOutcomeCommand(RecordOutcome, OnBid):
    type: Literal["RecordOutcome"] = "RecordOutcome"


class SetSolutionStrategyCommand(SetSolutionStrategy, OnBid):
    type: Literal["SetSolutionStrategy"] = "SetSolutionStrategy"


class ReviewSolutionCommand(ReviewSolution, OnBid):
    type: Literal["ReviewSolution"] = "ReviewSolution"


class RecordDeviationCommand(RecordDeviation, OnBid):
    type: Literal["RecordDeviation"] = "RecordDeviation"


class SetPriceCommand(SetPrice, OnBid):
    type: Literal["SetPrice"] = "SetPrice"


class PrepareBidDocumentCommand(PrepareBidDocument, OnBid):
    type: Literal["PrepareBidDocument"] = "PrepareBidDocument"


class AnswerClarificationCommand(AnswerClarification, OnBid):
    type: Literal["AnswerClarification"] = "AnswerClarification"


class SubmitSecondQuotationCommand(SubmitSecondQuotation, OnBid):
    type: Literal["SubmitSecondQuotation"] = "SubmitSecondQuotation"


class AttemptLossRecoveryCommand(AttemptLossRecovery, OnBid):
    type: Literal["AttemptLossRecovery"] = "AttemptLossRecovery"


class RecordCustomerRevisitCommand(RecordCustomerRevisit, OnBid):
    type: Literal["RecordCustomerRevisit"] = "RecordCustomerRevisit"


class RecordBidFeedbackCommand(RecordBidFeedback, OnBid):
    type: Literal["RecordBidFeedback"] = "RecordBidFeedback"


class WritePostBidReviewCommand(WritePostBidReview, OnBid):
    type: Literal["WritePostBidReview"] = "WritePostBidReview"


class WithdrawBidCommand(WithdrawBid, OnBid):
    type: Literal["WithdrawBid"] = "WithdrawBid"


def _bid(command: OnBid, unit: UnitOfWork) -> Bid:
    return unit.load(Bid, command.bid_id, "bid", command.expected_version)


def prepare_estimate(command: PrepareEstimateCommand, unit: UnitOfWork) -> Bid:
    bid = _bid(command, unit)
    bid.prepare_estimate(
        command.revenue,
        command.cost,
        command.currency,
        command.solution,
        command.occurred_on,
    )
    return bid


def decide(command: DecideBidCommand, unit: UnitOfWork) -> Bid:
    """Take the ATB decision."""
    bid = _bid(command, unit)
    bid.decide(
        command.decision,
        command.reason,
        command.actor,
        command.occurred_on,
        no_bid_reason=command.no_bid_reason,
        estimate_version=command.estimate_version,
    )
    return bid


def submit(command: SubmitBidCommand, unit: UnitOfWork) -> Bid:
    bid = _bid(command, unit)
    bid.submit(command.price, command.occurred_on)
    return bid


def record_outcome(command: RecordOutcomeCommand, unit: UnitOfWork) -> Bid:
    bid = _bid(command, unit)
    if command.won:
        bid.win(command.award_value, command.occurred_on)
    else:
        bid.lose(command.reason, command.occurred_on)
    return bid


def set_strategy(command: SetSolutionStrategyCommand, unit: UnitOfWork) -> Bid:
    bid = _bid(command, unit)
    bid.set_strategy(command.summary, command.actor, command.occurred_on)
    return bid


def review_solution(command: ReviewSolutionCommand, unit: UnitOfWork) -> Bid:
    bid = _bid(command, unit)
    bid.review_solution(
        command.reviewer, command.opinions, command.verdict, command.occurred_on
    )
    return bid


def record_deviation(command: RecordDeviationCommand, unit: UnitOfWork) -> Bid:
    bid = _bid(command, unit)
    bid.record_deviation(
        command.kind,
        command.clause,
        command.deviation,
        command.justification,
        command.occurred_on,
    )
    return bid


def set_price(command: SetPriceCommand, unit: UnitOfWork) -> Bid:
    bid = _bid(command, unit)
    bid.set_price(command.price, command.strategy, command.actor, command.occurred_on)
    return bid


def prepare_document(command: PrepareBidDocumentCommand, unit: UnitOfWork) -> Bid:
    bid = _bid(command, unit)
    bid.prepare_document(command.document, command.reference, command.occurred_on)
    return bid


def answer_clarification(command: AnswerClarificationCommand, unit: UnitOfWork) -> Bid:
    bid = _bid(command, unit)
    bid.answer_clarification(command.question, command.answer, command.occurred_on)
    return bid


def submit_second_quotation(
    command: SubmitSecondQuotationCommand, unit: UnitOfWork
) -> Bid:
    bid = _bid(command, unit)
    bid.submit_second_quotation(command.price, command.occurred_on)
    return bid


def attempt_loss_recovery(command: AttemptLossRecoveryCommand, unit: UnitOfWork) -> Bid:
    bid = _bid(command, unit)
    bid.attempt_loss_recovery(command.action, command.result, command.occurred_on)
    return bid


def revisit_customer(command: RecordCustomerRevisitCommand, unit: UnitOfWork) -> Bid:
    bid = _bid(command, unit)
    bid.revisit_customer(command.notes, command.occurred_on)
    return bid


def record_feedback(command: RecordBidFeedbackCommand, unit: UnitOfWork) -> Bid:
    bid = _bid(command, unit)
    bid.record_feedback(
        command.customer_contact,
        command.price,
        command.solution,
        command.relationship,
        command.lessons,
        command.occurred_on,
    )
    return bid


def write_post_bid_review(command: WritePostBidReviewCommand, unit: UnitOfWork) -> Bid:
    bid = _bid(command, unit)
    bid.write_post_bid_review(command.lessons, command.actor, command.occurred_on)
    return bid


def withdraw(command: WithdrawBidCommand, unit: UnitOfWork) -> Bid:
    bid = _bid(command, unit)
    bid.withdraw(command.reason, command.occurred_on)
    return bid


HANDLERS: dict[str, Handler[Any]] = {
    "PrepareEstimate": Handler(PrepareEstimateCommand, prepare_estimate),
    "DecideBid": Handler(DecideBidCommand, decide),
    "SubmitBid": Handler(SubmitBidCommand, submit),
    "RecordOutcome": Handler(RecordOutcomeCommand, record_outcome),
    "SetSolutionStrategy": Handler(SetSolutionStrategyCommand, set_strategy),
    "ReviewSolution": Handler(ReviewSolutionCommand, review_solution),
    "RecordDeviation": Handler(RecordDeviationCommand, record_deviation),
    "SetPrice": Handler(SetPriceCommand, set_price),
    "PrepareBidDocument": Handler(PrepareBidDocumentCommand, prepare_document),
    "AnswerClarification": Handler(AnswerClarificationCommand, answer_clarification),
    "SubmitSecondQuotation": Handler(
        SubmitSecondQuotationCommand, submit_second_quotation
    ),
    "AttemptLossRecovery": Handler(AttemptLossRecoveryCommand, attempt_loss_recovery),
    "RecordCustomerRevisit": Handler(RecordCustomerRevisitCommand, revisit_customer),
    "WritePostBidReview": Handler(WritePostBidReviewCommand, write_post_bid_review),
    "RecordBidFeedback": Handler(RecordBidFeedbackCommand, record_feedback),
    "WithdrawBid": Handler(WithdrawBidCommand, withdraw),
}
