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
    BidView,
    DecideBid,
    PrepareEstimate,
    RecordOutcome,
    SubmitBid,
)
from ltc_shared.commands import UnitOfWork, batch_router, execute
from ltc_shared.problems import problem_responses
from ltc_shared.web import ExpectedVersion, set_version

router = APIRouter(prefix="/bids", tags=["bids"])
COMMAND_ERRORS = problem_responses(404, 409, 412, 422)
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
    responses=COMMAND_ERRORS,
    summary="Decide ATB",
)
def decide_bid(
    bid_id: UUID, body: DecideBid, bids: Bids, v: ExpectedVersion, r: Response
) -> BidView:
    """The ATB decision: "bid" needs an estimate, "no_bid" a reason."""
    command = use.DecideBidCommand(
        bid_id=bid_id, expected_version=v, **body.model_dump()
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


batch = batch_router("/bids", "bids", use.HANDLERS, store)
