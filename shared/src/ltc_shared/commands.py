"""Commands, the unit of work they run in, and the batch endpoint.

A route runs one command in its own unit of work. The batch endpoint runs
many, in order, and stores the events of those that succeeded in one
transaction; a refused command stores nothing and is reported by its index.
Aggregates check every rule before they record an event, so a refused
command leaves the aggregates of the unit as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate
from fastapi import APIRouter, Body, Header, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ltc_shared.authority import Actor, CallingActor
from ltc_shared.errors import (
    ConcurrentUpdate,
    DomainError,
    IdempotencyConflict,
    NotFound,
)
from ltc_shared.eventstore import ServiceApplication, check_version
from ltc_shared.problems import FieldProblem, Problem, problem_responses
from ltc_shared.receipts import (
    BatchReceipt,
    check_same_request,
    receipt_id,
    request_hash,
)

A = TypeVar("A", bound=Aggregate)
C = TypeVar("C", bound=BaseModel)
MAX_BATCH = 1000
COMMIT_ATTEMPTS = 3


class Command(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Targeted(Command):
    """A command on an existing aggregate, as the batch endpoint takes it."""

    expected_version: int | None = Field(
        None, description="Refuse with 412 unless the target is at this version."
    )


class UnitOfWork:
    """The aggregates one request loads, changes and creates."""

    def __init__(self, store: ServiceApplication) -> None:
        self.store = store
        self.touched: dict[UUID, Aggregate] = {}
        self.created: set[UUID] = set()
        self.missing: set[UUID] = set()

    def load(
        self, kind: type[A], aggregate_id: UUID, what: str, expected: int | None = None
    ) -> A:
        found = self.touched.get(aggregate_id)
        if found is None:
            # A unit sees each aggregate as it was when first asked for, even
            # if a reaction creates it while the unit runs.
            if aggregate_id in self.missing:
                raise NotFound(f"{what} {aggregate_id} does not exist")
            try:
                found = self.store.load(kind, aggregate_id, what)
            except NotFound:
                self.missing.add(aggregate_id)
                raise
            self.touched[aggregate_id] = found
        if not isinstance(found, kind):
            raise NotFound(f"{what} {aggregate_id} does not exist")
        check_version(found, expected)
        return found

    def find(self, kind: type[A], aggregate_id: UUID) -> A | None:
        try:
            return self.load(kind, aggregate_id, kind.__name__)
        except NotFound:
            self.missing.discard(aggregate_id)
            return None

    def create(self, aggregate: A, what: str, identity: Callable[[A], object]) -> A:
        """Add a new aggregate; repeating the same creation returns the one
        that exists, a different one under the same id is refused."""
        existing = self.find(type(aggregate), aggregate.id)
        if existing is not None:
            if identity(existing) != identity(aggregate):
                raise IdempotencyConflict(f"{what} {aggregate.id}")
            return existing
        self.touched[aggregate.id] = aggregate
        self.created.add(aggregate.id)
        return aggregate

    def commit(self) -> None:
        self.store.commit(*self.touched.values())


@dataclass(frozen=True)
class Handler(Generic[C]):
    """How one command type runs, for the batch endpoint."""

    model: type[C]
    run: Callable[[C, UnitOfWork], Aggregate]


class BatchRequest(BaseModel):
    commands: Annotated[list[dict[str, Any]], Field(min_length=1, max_length=MAX_BATCH)]


class BatchResult(BaseModel):
    index: int
    status: int
    id: UUID | None = None
    version: int | None = None
    problem: Problem | None = None


class BatchResponse(BaseModel):
    accepted: int
    refused: int
    results: list[BatchResult]


def _problem(status: int, title: str, detail: str, path: str, **extra: Any) -> Problem:
    kind = extra.pop("kind", None)
    return Problem(
        type=f"/problems/{extra.get('rule') or kind or 'invalid-request'}",
        title=title,
        status=status,
        detail=detail,
        instance=path,
        **extra,
    )


def _run_one(
    index: int,
    raw: dict[str, Any],
    handlers: dict[str, Handler[Any]],
    unit: UnitOfWork,
    path: str,
    actor: Actor | None = None,
) -> BatchResult:
    kind = raw.get("type")
    handler = handlers.get(kind) if isinstance(kind, str) else None
    if handler is None:
        detail = f"type must be one of: {', '.join(sorted(handlers))}"
        errors = [FieldProblem(field=f"commands.{index}.type", reason=detail)]
        problem = _problem(422, "Invalid request", detail, path, errors=errors)
        return BatchResult(index=index, status=422, problem=problem)
    if "actor" in handler.model.model_fields:
        # Decisions are taken by the caller the gateway vouched for, never by
        # whoever an item claims to be.
        raw = raw | {"actor": None if actor is None else actor.model_dump()}
    try:
        command = handler.model.model_validate(raw)
    except ValidationError as invalid:
        errors = [
            FieldProblem(
                field=".".join(str(p) for p in ("commands", index, *item["loc"])),
                reason=item["msg"],
            )
            for item in invalid.errors()
        ]
        detail = "invalid fields: " + ", ".join(e.field for e in errors)
        problem = _problem(422, "Invalid request", detail, path, errors=errors)
        return BatchResult(index=index, status=422, problem=problem)
    created_before = set(unit.created)
    try:
        aggregate = handler.run(command, unit)
    except DomainError as refused:
        problem = _problem(
            refused.status,
            refused.title,
            refused.detail,
            path,
            rule=refused.rule,
            kind=type(refused).__name__.lower(),
        )
        return BatchResult(index=index, status=refused.status, problem=problem)
    status = 201 if unit.created - created_before else 200
    return BatchResult(
        index=index, status=status, id=aggregate.id, version=aggregate.version
    )


def execute(
    store: ServiceApplication, run: Callable[[C, UnitOfWork], A], command: C
) -> tuple[A, bool]:
    """Run one command in its own unit of work; say if it created the target."""
    unit = UnitOfWork(store)
    aggregate = run(command, unit)
    unit.commit()
    return aggregate, bool(unit.created)


def _run_batch(
    store: ServiceApplication,
    commands: list[dict[str, Any]],
    handlers: dict[str, Handler[Any]],
    path: str,
    actor: Actor | None,
    idempotency_key: str | None,
) -> BatchResponse:
    unit = UnitOfWork(store)
    digest = request_hash(commands)
    receipt_key = receipt_id(store.name, idempotency_key or "")
    if idempotency_key is not None:
        found = unit.find(BatchReceipt, receipt_key)
        if found is not None:
            check_same_request(found, digest)
            return BatchResponse.model_validate_json(found.answer)
    results = [
        _run_one(i, raw, handlers, unit, path, actor) for i, raw in enumerate(commands)
    ]
    refused = sum(1 for r in results if r.problem is not None)
    answer = BatchResponse(
        accepted=len(results) - refused, refused=refused, results=results
    )
    if idempotency_key is not None:
        unit.touched[receipt_key] = BatchReceipt(
            receipt_id=receipt_key,
            request_hash=digest,
            answer=answer.model_dump_json(),
        )
    unit.commit()
    return answer


def batch_router(
    prefix: str,
    tag: str,
    handlers: dict[str, Handler[Any]],
    store_of: Callable[[Request], ServiceApplication],
) -> APIRouter:
    router = APIRouter(prefix=prefix, tags=[tag])
    kinds = ", ".join(sorted(handlers))

    @router.post(
        "/batch",
        response_model=BatchResponse,
        responses=problem_responses(409, 422),
        summary="Run many commands in order",
        description=f"Each item names its `type` ({kinds}) and carries the "
        "target's id with the fields of the matching single route. Items are "
        "run in order; refused items store nothing and are reported by index; "
        "the events of all accepted items are stored in one transaction. "
        "Decisions in the batch are taken by the caller named in the X-Actor "
        "headers.",
    )
    def run_batch(
        request: Request,
        body: Annotated[BatchRequest, Body()],
        actor: CallingActor,
        idempotency_key: Annotated[
            str | None,
            Header(
                min_length=8,
                max_length=200,
                description="Send the batch again with the same key and get the "
                "first answer back, with nothing run twice.",
            ),
        ] = None,
    ) -> BatchResponse:
        store = store_of(request)
        for attempt in range(1, COMMIT_ATTEMPTS + 1):
            try:
                return _run_batch(
                    store,
                    body.commands,
                    handlers,
                    request.url.path,
                    actor,
                    idempotency_key,
                )
            except ConcurrentUpdate:
                # A reaction changed one of the aggregates meanwhile: nothing
                # was stored, so the batch runs again on what is there now.
                if attempt == COMMIT_ATTEMPTS:
                    raise
        raise AssertionError("unreachable")

    return router
