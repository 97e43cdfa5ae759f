"""contract-svc's REST API: thin routes over the contract use cases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel

from contract_svc import application as use
from contract_svc.domain import Contract
from contract_svc.schemas import (
    CloseContract,
    ContractView,
    DecideContract,
    SetBudget,
    SignContract,
)
from ltc_shared.commands import UnitOfWork, batch_router, execute
from ltc_shared.problems import problem_responses
from ltc_shared.web import ExpectedVersion, set_version

router = APIRouter(prefix="/contracts", tags=["contracts"])
COMMAND_ERRORS = problem_responses(404, 409, 412, 422)
C = TypeVar("C", bound=BaseModel)


def store(request: Request) -> use.ContractStore:
    found = request.app.state.store
    assert isinstance(found, use.ContractStore)
    return found


Contracts = Annotated[use.ContractStore, Depends(store)]


def _answer(
    contracts: use.ContractStore,
    run: Callable[[C, UnitOfWork], Contract],
    command: C,
    response: Response,
) -> ContractView:
    contract, _ = execute(contracts, run, command)
    set_version(response, contract.version)
    return ContractView.of(contract)


@router.get(
    "/{contract_id}", response_model=ContractView, responses=problem_responses(404)
)
def get_contract(
    contract_id: UUID, contracts: Contracts, response: Response
) -> ContractView:
    """A contract, drafted when its bid was won."""
    contract = contracts.load(Contract, contract_id, "contract")
    set_version(response, contract.version)
    return ContractView.of(contract)


@router.post(
    "/{contract_id}/budget", response_model=ContractView, responses=COMMAND_ERRORS
)
def set_budget(
    contract_id: UUID,
    body: SetBudget,
    contracts: Contracts,
    v: ExpectedVersion,
    r: Response,
) -> ContractView:
    """Set or revise the budget, before the signing decision approves it."""
    command = use.SetBudgetCommand(
        contract_id=contract_id, expected_version=v, **body.model_dump()
    )
    return _answer(contracts, use.set_budget, command, r)


@router.post(
    "/{contract_id}/atc", response_model=ContractView, responses=COMMAND_ERRORS
)
def decide_contract(
    contract_id: UUID,
    body: DecideContract,
    contracts: Contracts,
    v: ExpectedVersion,
    r: Response,
) -> ContractView:
    """The signing decision (ATC): approve, or send back to revision."""
    command = use.DecideContractCommand(
        contract_id=contract_id, expected_version=v, **body.model_dump()
    )
    return _answer(contracts, use.decide, command, r)


@router.post(
    "/{contract_id}/signature", response_model=ContractView, responses=COMMAND_ERRORS
)
def sign_contract(
    contract_id: UUID,
    body: SignContract,
    contracts: Contracts,
    v: ExpectedVersion,
    r: Response,
) -> ContractView:
    """Sign the contract the signing decision approved."""
    command = use.SignContractCommand(
        contract_id=contract_id, expected_version=v, **body.model_dump()
    )
    return _answer(contracts, use.sign, command, r)


@router.post(
    "/{contract_id}/closure", response_model=ContractView, responses=COMMAND_ERRORS
)
def close_contract(
    contract_id: UUID,
    body: CloseContract,
    contracts: Contracts,
    v: ExpectedVersion,
    r: Response,
) -> ContractView:
    """Close the signed contract (ATCC)."""
    command = use.CloseContractCommand(
        contract_id=contract_id, expected_version=v, **body.model_dump()
    )
    return _answer(contracts, use.close, command, r)


batch = batch_router("/contracts", "contracts", use.HANDLERS, store)
