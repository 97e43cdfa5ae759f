"""contract-svc's REST API: thin routes over the contract use cases, for the
negotiation, the signing decision (ATC), signature, closure (ATCC) and
evaluation; the execution's routes are in contract_svc.api_execution."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response

from contract_svc import application as use
from contract_svc.application_execution import HANDLERS
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
from contract_svc.views import ContractView
from ltc_shared.authority import Actor, CallingActor
from ltc_shared.commands import Command, UnitOfWork, batch_router, execute
from ltc_shared.problems import problem_responses
from ltc_shared.web import ExpectedVersion, set_version

router = APIRouter(prefix="/contracts", tags=["contracts"])
COMMAND_ERRORS = problem_responses(404, 409, 412, 422)
DECISION_ERRORS = problem_responses(403, 404, 409, 412, 422)


def store(request: Request) -> use.ContractStore:
    found = request.app.state.store
    assert isinstance(found, use.ContractStore)
    return found


Contracts = Annotated[use.ContractStore, Depends(store)]


def run(
    contracts: use.ContractStore,
    use_case: Callable[[Any, UnitOfWork], Contract],
    kind: type[use.OnContract],
    contract_id: UUID,
    body: Command,
    version: int | None,
    response: Response,
    actor: Actor | None = None,
) -> ContractView:
    """Run one command on a contract; a decision acts as the caller unless
    the body names its decider."""
    fields = body.model_dump()
    if "actor" in kind.model_fields:
        # The caller's identity is the one the gateway vouched for.
        fields["actor"] = None if actor is None else actor.model_dump()
    command = kind(contract_id=contract_id, expected_version=version, **fields)
    contract, _ = execute(contracts, use_case, command)
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
    "/{contract_id}/negotiation-strategy",
    response_model=ContractView,
    responses=COMMAND_ERRORS,
)
def set_negotiation_strategy(
    contract_id: UUID,
    body: SetNegotiationStrategy,
    contracts: Contracts,
    v: ExpectedVersion,
    r: Response,
) -> ContractView:
    """Set or update the negotiation strategy and plan."""
    kind = use.SetNegotiationStrategyCommand
    return run(contracts, use.set_strategy, kind, contract_id, body, v, r)


@router.post(
    "/{contract_id}/negotiation-team",
    response_model=ContractView,
    responses=COMMAND_ERRORS,
)
def form_negotiation_team(
    contract_id: UUID,
    body: FormNegotiationTeam,
    contracts: Contracts,
    v: ExpectedVersion,
    r: Response,
) -> ContractView:
    """Form (or re-form) the negotiation team."""
    kind = use.FormNegotiationTeamCommand
    return run(contracts, use.form_team, kind, contract_id, body, v, r)


@router.post(
    "/{contract_id}/authorization",
    response_model=ContractView,
    responses=COMMAND_ERRORS,
)
def grant_authorization(
    contract_id: UUID,
    body: GrantAuthorization,
    contracts: Contracts,
    v: ExpectedVersion,
    r: Response,
) -> ContractView:
    """Confirm or update how far the negotiation team may go."""
    kind = use.GrantAuthorizationCommand
    return run(contracts, use.grant_authorization, kind, contract_id, body, v, r)


@router.post(
    "/{contract_id}/revisions", response_model=ContractView, responses=COMMAND_ERRORS
)
def revise_contract(
    contract_id: UUID,
    body: ReviseContract,
    contracts: Contracts,
    v: ExpectedVersion,
    r: Response,
) -> ContractView:
    """Put a new draft to the customer, within the authorization."""
    kind = use.ReviseContractCommand
    return run(contracts, use.revise, kind, contract_id, body, v, r)


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
    kind = use.SetBudgetCommand
    return run(contracts, use.set_budget, kind, contract_id, body, v, r)


@router.post(
    "/{contract_id}/reviews", response_model=ContractView, responses=COMMAND_ERRORS
)
def review_contract(
    contract_id: UUID,
    body: ReviewContract,
    contracts: Contracts,
    v: ExpectedVersion,
    r: Response,
) -> ContractView:
    """Record the contract review and its verdict."""
    kind = use.ReviewContractCommand
    return run(contracts, use.review, kind, contract_id, body, v, r)


@router.post(
    "/{contract_id}/atc", response_model=ContractView, responses=DECISION_ERRORS
)
def decide_contract(
    contract_id: UUID,
    body: DecideContract,
    contracts: Contracts,
    v: ExpectedVersion,
    r: Response,
    actor: CallingActor,
) -> ContractView:
    """The signing decision (ATC): approve, or send back to revision."""
    kind = use.DecideContractCommand
    return run(contracts, use.decide, kind, contract_id, body, v, r, actor)


@router.post(
    "/{contract_id}/signature", response_model=ContractView, responses=DECISION_ERRORS
)
def sign_contract(
    contract_id: UUID,
    body: SignContract,
    contracts: Contracts,
    v: ExpectedVersion,
    r: Response,
    actor: CallingActor,
) -> ContractView:
    """Sign the contract the signing decision approved (the AR or sponsor)."""
    kind = use.SignContractCommand
    return run(contracts, use.sign, kind, contract_id, body, v, r, actor)


@router.post(
    "/{contract_id}/loss", response_model=ContractView, responses=COMMAND_ERRORS
)
def record_contract_loss(
    contract_id: UUID,
    body: RecordContractLoss,
    contracts: Contracts,
    v: ExpectedVersion,
    r: Response,
) -> ContractView:
    """The deal is lost in negotiation: record the win/loss analysis."""
    kind = use.RecordContractLossCommand
    return run(contracts, use.record_loss, kind, contract_id, body, v, r)


@router.post(
    "/{contract_id}/closure", response_model=ContractView, responses=DECISION_ERRORS
)
def close_contract(
    contract_id: UUID,
    body: CloseContract,
    contracts: Contracts,
    v: ExpectedVersion,
    r: Response,
    actor: CallingActor,
) -> ContractView:
    """Close the signed contract (ATCC), once nothing is disputed or unpaid."""
    kind = use.CloseContractCommand
    return run(contracts, use.close, kind, contract_id, body, v, r, actor)


@router.post(
    "/{contract_id}/evaluation", response_model=ContractView, responses=COMMAND_ERRORS
)
def evaluate_contract(
    contract_id: UUID,
    body: EvaluateContract,
    contracts: Contracts,
    v: ExpectedVersion,
    r: Response,
) -> ContractView:
    """Evaluate the closed contract and record its lessons learned."""
    kind = use.EvaluateContractCommand
    return run(contracts, use.evaluate, kind, contract_id, body, v, r)


batch = batch_router("/contracts", "contracts", HANDLERS, store)
