"""Opportunity use cases: each command loads an opportunity, runs one method,
and returns it.

The route or batch that called it stores the events (see ltc_shared.commands).
"""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from ltc_shared.commands import Handler, Targeted, UnitOfWork
from ltc_shared.eventstore import ServiceApplication
from opportunity_svc.domain import Opportunity
from opportunity_svc.schemas import (
    DecideInitiation,
    EvaluateOpportunity,
    LoseOpportunity,
    OpenOpportunity,
    RequestInitiation,
)


class OpportunityStore(ServiceApplication):
    name = "opportunity"


class OnOpportunity(Targeted):
    opportunity_id: UUID


class OpenOpportunityCommand(OpenOpportunity):
    type: Literal["OpenOpportunity"] = "OpenOpportunity"


class EvaluateOpportunityCommand(EvaluateOpportunity, OnOpportunity):
    type: Literal["EvaluateOpportunity"] = "EvaluateOpportunity"


class RequestInitiationCommand(RequestInitiation, OnOpportunity):
    type: Literal["RequestInitiation"] = "RequestInitiation"


class DecideInitiationCommand(DecideInitiation, OnOpportunity):
    type: Literal["DecideInitiation"] = "DecideInitiation"


class LoseOpportunityCommand(LoseOpportunity, OnOpportunity):
    type: Literal["LoseOpportunity"] = "LoseOpportunity"


def _as_opened(opportunity: Opportunity) -> tuple[object, ...]:
    o = opportunity
    return (
        o.customer,
        o.channel,
        o.business_unit,
        o.owner,
        o.product,
        o.region,
        o.opened_value,
        o.currency,
        o.opened_on,
    )


def load_opportunity(command: OnOpportunity, unit: UnitOfWork) -> Opportunity:
    return unit.load(
        Opportunity, command.opportunity_id, "opportunity", command.expected_version
    )


def open_sudden(command: OpenOpportunity, unit: UnitOfWork) -> Opportunity:
    opportunity = Opportunity.sudden(
        command.external_ref,
        customer=command.customer,
        channel=command.channel,
        business_unit=command.business_unit,
        owner=command.owner,
        product=command.product,
        region=command.region,
        expected_value=command.expected_value,
        currency=command.currency,
        occurred_on=command.occurred_on,
    )
    return unit.create(opportunity, "opportunity", _as_opened)


def evaluate(command: EvaluateOpportunityCommand, unit: UnitOfWork) -> Opportunity:
    opportunity = load_opportunity(command, unit)
    success, payment = command.success_factors, command.payment_factors
    opportunity.evaluate(
        command.win_probability,
        command.expected_value,
        command.notes,
        command.occurred_on,
        success_factors=None if success is None else success.model_dump(),
        payment_factors=None if payment is None else payment.model_dump(),
    )
    return opportunity


def request_initiation(
    command: RequestInitiationCommand, unit: UnitOfWork
) -> Opportunity:
    opportunity = load_opportunity(command, unit)
    opportunity.request_initiation(
        command.requested_by, command.occurred_on, command.actor
    )
    return opportunity


def decide_initiation(
    command: DecideInitiationCommand, unit: UnitOfWork
) -> Opportunity:
    """Take the ATI decision."""
    opportunity = load_opportunity(command, unit)
    if command.approved:
        triangle = command.iron_triangle
        opportunity.approve_initiation(
            command.actor,
            command.sponsor,
            None if triangle is None else triangle.model_dump(),
            command.occurred_on,
        )
    else:
        opportunity.reject_initiation(
            command.actor, command.reason, command.occurred_on
        )
    return opportunity


def lose(command: LoseOpportunityCommand, unit: UnitOfWork) -> Opportunity:
    opportunity = load_opportunity(command, unit)
    opportunity.lose(command.reason, command.occurred_on)
    return opportunity


HANDLERS: dict[str, Handler[Any]] = {
    "OpenOpportunity": Handler(OpenOpportunityCommand, open_sudden),
    "EvaluateOpportunity": Handler(EvaluateOpportunityCommand, evaluate),
    "RequestInitiation": Handler(RequestInitiationCommand, request_initiation),
    "DecideInitiation": Handler(DecideInitiationCommand, decide_initiation),
    "LoseOpportunity": Handler(LoseOpportunityCommand, lose),
}
