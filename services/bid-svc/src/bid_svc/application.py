"""Bid use cases: each command loads a bid, runs one method, and returns it.

Bids are opened by the reaction to an initiated project (see consumers);
the route or batch that called a use case stores its events.
"""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from bid_svc.domain import Bid
from bid_svc.schemas import DecideBid, PrepareEstimate, RecordOutcome, SubmitBid
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
        command.decision, command.reason, command.decided_by, command.occurred_on
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


HANDLERS: dict[str, Handler[Any]] = {
    "PrepareEstimate": Handler(PrepareEstimateCommand, prepare_estimate),
    "DecideBid": Handler(DecideBidCommand, decide),
    "SubmitBid": Handler(SubmitBidCommand, submit),
    "RecordOutcome": Handler(RecordOutcomeCommand, record_outcome),
}
