"""Contract use cases: each command loads a contract, runs one method, and
returns it; the route or batch that called it stores the events.

Contracts are not created through the API: a won bid drafts them (see
contract_svc.consumers). This module holds the negotiation, the signing
decision (ATC), the signature and the closure (ATCC); the execution's use
cases are in contract_svc.application_execution.
"""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from contract_svc.domain import Contract
from contract_svc.schemas import (
    CloseContract,
    DecideContract,
    EvaluateContract,
    FormNegotiationTeam,
    GrantAuthorization,
    RecordContractLoss,
    ReviewContract,
    ReviseContract,
    SetBudget,
    SetNegotiationStrategy,
    SignContract,
)
from ltc_shared.commands import Handler, Targeted, UnitOfWork
from ltc_shared.eventstore import ServiceApplication


class ContractStore(ServiceApplication):
    name = "contract"


class OnContract(Targeted):
    contract_id: UUID


def load(command: OnContract, unit: UnitOfWork) -> Contract:
    return unit.load(
        Contract, command.contract_id, "contract", command.expected_version
    )


class SetBudgetCommand(SetBudget, OnContract):
    type: Literal["SetBudget"] = "SetBudget"


class DecideContractCommand(DecideContract, OnContract):
    type: Literal["DecideContract"] = "DecideContract"


class SignContractCommand(SignContract, OnContract):
    type: Literal["SignContract"] = "SignContract"


class CloseContractCommand(CloseContract, OnContract):
    type: Literal["CloseContract"] = "CloseContract"


class SetNegotiationStrategyCommand(SetNegotiationStrategy, OnContract):
    type: Literal["SetNegotiationStrategy"] = "SetNegotiationStrategy"


class FormNegotiationTeamCommand(FormNegotiationTeam, OnContract):
    type: Literal["FormNegotiationTeam"] = "FormNegotiationTeam"


class GrantAuthorizationCommand(GrantAuthorization, OnContract):
    type: Literal["GrantAuthorization"] = "GrantAuthorization"


class ReviseContractCommand(ReviseContract, OnContract):
    type: Literal["ReviseContract"] = "ReviseContract"


class ReviewContractCommand(ReviewContract, OnContract):
    type: Literal["ReviewContract"] = "ReviewContract"


class RecordContractLossCommand(RecordContractLoss, OnContract):
    type: Literal["RecordContractLoss"] = "RecordContractLoss"


class EvaluateContractCommand(EvaluateContract, OnContract):
    type: Literal["EvaluateContract"] = "EvaluateContract"


def set_budget(command: SetBudgetCommand, unit: UnitOfWork) -> Contract:
    contract = load(command, unit)
    contract.set_budget(
        command.revenue, command.cost, command.currency, command.occurred_on
    )
    return contract


def decide(command: DecideContractCommand, unit: UnitOfWork) -> Contract:
    contract = load(command, unit)
    contract.decide(
        command.approved, command.actor, command.reason, command.occurred_on
    )
    return contract


def sign(command: SignContractCommand, unit: UnitOfWork) -> Contract:
    contract = load(command, unit)
    contract.sign(
        command.value,
        command.currency,
        command.payment_terms.days,
        command.signed_by,
        command.occurred_on,
        command.actor,
    )
    return contract


def close(command: CloseContractCommand, unit: UnitOfWork) -> Contract:
    contract = load(command, unit)
    contract.close(command.occurred_on, command.actor)
    return contract


def set_strategy(command: SetNegotiationStrategyCommand, unit: UnitOfWork) -> Contract:
    contract = load(command, unit)
    contract.set_strategy(command.strategy, command.plan, command.occurred_on)
    return contract


def form_team(command: FormNegotiationTeamCommand, unit: UnitOfWork) -> Contract:
    contract = load(command, unit)
    members = [member.model_dump() for member in command.members]
    contract.form_team(members, command.occurred_on)
    return contract


def grant_authorization(
    command: GrantAuthorizationCommand, unit: UnitOfWork
) -> Contract:
    contract = load(command, unit)
    contract.grant_authorization(
        command.min_price,
        command.max_discount_share,
        command.terms_allowed,
        command.granted_by,
        command.occurred_on,
    )
    return contract


def revise(command: ReviseContractCommand, unit: UnitOfWork) -> Contract:
    contract = load(command, unit)
    contract.revise(command.value, command.terms, command.occurred_on)
    return contract


def review(command: ReviewContractCommand, unit: UnitOfWork) -> Contract:
    contract = load(command, unit)
    contract.record_review(
        command.reviewer, command.opinions, command.verdict, command.occurred_on
    )
    return contract


def record_loss(command: RecordContractLossCommand, unit: UnitOfWork) -> Contract:
    contract = load(command, unit)
    contract.record_loss(command.reason, command.analysis, command.occurred_on)
    return contract


def evaluate(command: EvaluateContractCommand, unit: UnitOfWork) -> Contract:
    contract = load(command, unit)
    contract.evaluate(command.score, command.lessons, command.occurred_on)
    return contract


NEGOTIATION_HANDLERS: dict[str, Handler[Any]] = {
    "SetBudget": Handler(SetBudgetCommand, set_budget),
    "DecideContract": Handler(DecideContractCommand, decide),
    "SignContract": Handler(SignContractCommand, sign),
    "CloseContract": Handler(CloseContractCommand, close),
    "SetNegotiationStrategy": Handler(SetNegotiationStrategyCommand, set_strategy),
    "FormNegotiationTeam": Handler(FormNegotiationTeamCommand, form_team),
    "GrantAuthorization": Handler(GrantAuthorizationCommand, grant_authorization),
    "ReviseContract": Handler(ReviseContractCommand, revise),
    "ReviewContract": Handler(ReviewContractCommand, review),
    "RecordContractLoss": Handler(RecordContractLossCommand, record_loss),
    "EvaluateContract": Handler(EvaluateContractCommand, evaluate),
}
