"""Contract use cases: each command loads a contract, runs one method, and
returns it; the route or batch that called it stores the events.

Contracts are not created through the API: a won bid drafts them (see
contract_svc.consumers).
"""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from contract_svc.domain import Contract
from contract_svc.schemas import CloseContract, DecideContract, SetBudget, SignContract
from ltc_shared.commands import Handler, Targeted, UnitOfWork
from ltc_shared.eventstore import ServiceApplication


class ContractStore(ServiceApplication):
    name = "contract"


class OnContract(Targeted):
    contract_id: UUID


class SetBudgetCommand(SetBudget, OnContract):
    type: Literal["SetBudget"] = "SetBudget"


class DecideContractCommand(DecideContract, OnContract):
    type: Literal["DecideContract"] = "DecideContract"


class SignContractCommand(SignContract, OnContract):
    type: Literal["SignContract"] = "SignContract"


class CloseContractCommand(CloseContract, OnContract):
    type: Literal["CloseContract"] = "CloseContract"


def _contract(command: OnContract, unit: UnitOfWork) -> Contract:
    return unit.load(
        Contract, command.contract_id, "contract", command.expected_version
    )


def set_budget(command: SetBudgetCommand, unit: UnitOfWork) -> Contract:
    contract = _contract(command, unit)
    contract.set_budget(
        command.revenue, command.cost, command.currency, command.occurred_on
    )
    return contract


def decide(command: DecideContractCommand, unit: UnitOfWork) -> Contract:
    contract = _contract(command, unit)
    contract.decide(
        command.approved, command.decided_by, command.reason, command.occurred_on
    )
    return contract


def sign(command: SignContractCommand, unit: UnitOfWork) -> Contract:
    contract = _contract(command, unit)
    contract.sign(
        command.value,
        command.currency,
        command.payment_terms.days,
        command.signed_by,
        command.occurred_on,
    )
    return contract


def close(command: CloseContractCommand, unit: UnitOfWork) -> Contract:
    contract = _contract(command, unit)
    contract.close(command.occurred_on)
    return contract


HANDLERS: dict[str, Handler[Any]] = {
    "SetBudget": Handler(SetBudgetCommand, set_budget),
    "DecideContract": Handler(DecideContractCommand, decide),
    "SignContract": Handler(SignContractCommand, sign),
    "CloseContract": Handler(CloseContractCommand, close),
}
