"""bid-svc's REST API: thin routes over the bid use cases.

Bids are not created here: each is opened when its project is initiated, at
the id `derived_id("bid", opportunity_id)`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel

from bid_svc import application as use
from bid_svc.domain import Bid
from bid_svc.schemas import (
    AnswerClarification,
    AttemptLossRecovery,
    BidView,
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
from ltc_shared.authority import Actor, CallingActor
from ltc_shared.commands import UnitOfWork, batch_router, execute
from ltc_shared.problems import problem_responses
from ltc_shared.web import ExpectedVersion, set_version

router = APIRouter(prefix="/bids", tags=["bids"])
COMMAND_ERRORS = problem_responses(404, 409, 412, 422)
DECISION_ERRORS = problem_responses(403, 404, 409, 412, 422)
C = TypeVar("C", bound=BaseModel)


def store(request: Request) -> use.BidStore:
    found = request.app.state.store
    assert isinstance(found, use.BidStore)
    return found


Bids = Annotated[use.BidStore, Depends(store)]


def _answer(
    bids: use.BidStore,
    run: Callable[[C, UnitOfWork], Bid],
    command: C,
    response: Response,
) -> BidView:
    bid, _ = execute(bids, run, command)
    set_version(response, bid.version)
    return BidView.of(bid)


def _as_caller(
    bids: use.BidStore,
    run: Callable[[C, UnitOfWork], Bid],
    kind: type[C],
    bid_id: UUID,
    body: BaseModel,
    caller: Actor | None,
    version: int | None,
    response: Response,
) -> BidView:
    """Run work the project reserved for a named person, as the caller."""
    fields = body.model_dump(exclude={"actor"})
    command = kind(bid_id=bid_id, expected_version=version, **fields, actor=caller)
    return _answer(bids, run, command, response)


@router.get("/{bid_id}", response_model=BidView, responses=problem_responses(404))
def get_bid(bid_id: UUID, bids: Bids, response: Response) -> BidView:
    bid = bids.load(Bid, bid_id, "bid")
    set_version(response, bid.version)
    return BidView.of(bid)


@router.post("/{bid_id}/estimate", response_model=BidView, responses=COMMAND_ERRORS)
def prepare_estimate(
    bid_id: UUID, body: PrepareEstimate, bids: Bids, v: ExpectedVersion, r: Response
) -> BidView:
    """Prepare the estimate with the solution; each revision replaces it."""
    command = use.PrepareEstimateCommand(
        bid_id=bid_id, expected_version=v, **body.model_dump()
    )
    return _answer(bids, use.prepare_estimate, command, r)


@router.post(
    "/{bid_id}/atb",
    response_model=BidView,
    responses=DECISION_ERRORS,
    summary="Decide ATB",
)
def decide_bid(
    bid_id: UUID,
    body: DecideBid,
    bids: Bids,
    caller: CallingActor,
    v: ExpectedVersion,
    r: Response,
) -> BidView:
    """The ATB decision by the caller: "bid" needs an estimate (and, above
    tier 1, a passed solution review), "no_bid" a reason."""
    command = use.DecideBidCommand(
        bid_id=bid_id,
        expected_version=v,
        **body.model_dump(exclude={"actor"}),
        actor=caller,
    )
    return _answer(bids, use.decide, command, r)


@router.post("/{bid_id}/submission", response_model=BidView, responses=COMMAND_ERRORS)
def submit_bid(
    bid_id: UUID, body: SubmitBid, bids: Bids, v: ExpectedVersion, r: Response
) -> BidView:
    """Submit the bid at a price; a second quotation is another submission."""
    command = use.SubmitBidCommand(
        bid_id=bid_id, expected_version=v, **body.model_dump()
    )
    return _answer(bids, use.submit, command, r)


@router.post("/{bid_id}/outcome", response_model=BidView, responses=COMMAND_ERRORS)
def record_outcome(
    bid_id: UUID, body: RecordOutcome, bids: Bids, v: ExpectedVersion, r: Response
) -> BidView:
    """Record that the submitted bid was won or lost; once only."""
    command = use.RecordOutcomeCommand(
        bid_id=bid_id, expected_version=v, **body.model_dump()
    )
    return _answer(bids, use.record_outcome, command, r)


@router.post(
    "/{bid_id}/solution-strategy", response_model=BidView, responses=DECISION_ERRORS
)
def set_solution_strategy(
    bid_id: UUID,
    body: SetSolutionStrategy,
    bids: Bids,
    caller: CallingActor,
    v: ExpectedVersion,
    r: Response,
) -> BidView:
    """The SR sets the overall solution strategy; a new one replaces it."""
    kind = use.SetSolutionStrategyCommand
    return _as_caller(bids, use.set_strategy, kind, bid_id, body, caller, v, r)


@router.post(
    "/{bid_id}/solution-reviews", response_model=BidView, responses=COMMAND_ERRORS
)
def review_solution(
    bid_id: UUID, body: ReviewSolution, bids: Bids, v: ExpectedVersion, r: Response
) -> BidView:
    """Review the solution and its current estimate: pass or revise."""
    command = use.ReviewSolutionCommand(
        bid_id=bid_id, expected_version=v, **body.model_dump()
    )
    return _answer(bids, use.review_solution, command, r)


@router.post("/{bid_id}/deviations", response_model=BidView, responses=COMMAND_ERRORS)
def record_deviation(
    bid_id: UUID, body: RecordDeviation, bids: Bids, v: ExpectedVersion, r: Response
) -> BidView:
    """Record a technical or commercial deviation from the tender."""
    command = use.RecordDeviationCommand(
        bid_id=bid_id, expected_version=v, **body.model_dump()
    )
    return _answer(bids, use.record_deviation, command, r)


@router.post("/{bid_id}/price", response_model=BidView, responses=DECISION_ERRORS)
def set_price(
    bid_id: UUID,
    body: SetPrice,
    bids: Bids,
    caller: CallingActor,
    v: ExpectedVersion,
    r: Response,
) -> BidView:
    """Set the price and its strategy; submission uses it by default."""
    return _as_caller(
        bids, use.set_price, use.SetPriceCommand, bid_id, body, caller, v, r
    )


@router.post("/{bid_id}/documents", response_model=BidView, responses=COMMAND_ERRORS)
def prepare_bid_document(
    bid_id: UUID, body: PrepareBidDocument, bids: Bids, v: ExpectedVersion, r: Response
) -> BidView:
    """Mark one of the required bid documents as prepared."""
    command = use.PrepareBidDocumentCommand(
        bid_id=bid_id, expected_version=v, **body.model_dump()
    )
    return _answer(bids, use.prepare_document, command, r)


@router.post(
    "/{bid_id}/clarifications", response_model=BidView, responses=COMMAND_ERRORS
)
def answer_clarification(
    bid_id: UUID, body: AnswerClarification, bids: Bids, v: ExpectedVersion, r: Response
) -> BidView:
    """Answer a clarification asked during the opening."""
    command = use.AnswerClarificationCommand(
        bid_id=bid_id, expected_version=v, **body.model_dump()
    )
    return _answer(bids, use.answer_clarification, command, r)


@router.post(
    "/{bid_id}/second-quotation", response_model=BidView, responses=COMMAND_ERRORS
)
def submit_second_quotation(
    bid_id: UUID,
    body: SubmitSecondQuotation,
    bids: Bids,
    v: ExpectedVersion,
    r: Response,
) -> BidView:
    """Quote a second time during the opening; once."""
    command = use.SubmitSecondQuotationCommand(
        bid_id=bid_id, expected_version=v, **body.model_dump()
    )
    return _answer(bids, use.submit_second_quotation, command, r)


@router.post(
    "/{bid_id}/loss-recoveries", response_model=BidView, responses=COMMAND_ERRORS
)
def attempt_loss_recovery(
    bid_id: UUID, body: AttemptLossRecovery, bids: Bids, v: ExpectedVersion, r: Response
) -> BidView:
    """Try to recover a lost bid and record the result."""
    command = use.AttemptLossRecoveryCommand(
        bid_id=bid_id, expected_version=v, **body.model_dump()
    )
    return _answer(bids, use.attempt_loss_recovery, command, r)


@router.post(
    "/{bid_id}/customer-revisits", response_model=BidView, responses=COMMAND_ERRORS
)
def revisit_customer(
    bid_id: UUID,
    body: RecordCustomerRevisit,
    bids: Bids,
    v: ExpectedVersion,
    r: Response,
) -> BidView:
    """Record a visit to the customer after the outcome."""
    command = use.RecordCustomerRevisitCommand(
        bid_id=bid_id, expected_version=v, **body.model_dump()
    )
    return _answer(bids, use.revisit_customer, command, r)


@router.post("/{bid_id}/feedback", response_model=BidView, responses=COMMAND_ERRORS)
def record_feedback(
    bid_id: UUID, body: RecordBidFeedback, bids: Bids, v: ExpectedVersion, r: Response
) -> BidView:
    """The bid feedback form, after submission: the customer's word on price,
    solution and relationship, and the lessons."""
    command = use.RecordBidFeedbackCommand(
        bid_id=bid_id, expected_version=v, **body.model_dump()
    )
    return _answer(bids, use.record_feedback, command, r)


@router.post(
    "/{bid_id}/post-bid-reviews", response_model=BidView, responses=DECISION_ERRORS
)
def write_post_bid_review(
    bid_id: UUID,
    body: WritePostBidReview,
    bids: Bids,
    caller: CallingActor,
    v: ExpectedVersion,
    r: Response,
) -> BidView:
    """The SR's post-bid review: lessons for later projects."""
    kind = use.WritePostBidReviewCommand
    return _as_caller(bids, use.write_post_bid_review, kind, bid_id, body, caller, v, r)


@router.post("/{bid_id}/withdrawal", response_model=BidView, responses=COMMAND_ERRORS)
def withdraw_bid(
    bid_id: UUID, body: WithdrawBid, bids: Bids, v: ExpectedVersion, r: Response
) -> BidView:
    """Withdraw a pending bid, before its outcome."""
    command = use.WithdrawBidCommand(
        bid_id=bid_id, expected_version=v, **body.model_dump()
    )
    return _answer(bids, use.withdraw, command, r)


batch = batch_router("/bids", "bids", use.HANDLERS, store)
