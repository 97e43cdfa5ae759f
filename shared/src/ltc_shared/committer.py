"""Single commands that arrive together are stored together.

A route that takes one command hands it to its store's committer. While one
group of commands is being stored, the commands that arrive wait; the next
group takes them all. Each command still runs in its own unit of work on what
is stored, exactly as it would alone; only the events of the accepted ones
are stored in one transaction. A command that read or changed an aggregate an
earlier command of the group changed waits for the next group, so it sees
that change. If the transaction loses a race with another writer, each
command runs and is stored again on its own. A busy service thus stores many
commands per round trip, and an idle one answers each as soon as it is stored.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.domain import Aggregate
from pydantic import BaseModel

from ltc_shared.commands import MAX_BATCH, UnitOfWork, execute
from ltc_shared.errors import ConcurrentUpdate
from ltc_shared.eventstore import ServiceApplication

A = TypeVar("A", bound=Aggregate)
C = TypeVar("C", bound=BaseModel)
Run = Callable[[Any, UnitOfWork], Aggregate]
Answer = tuple[Aggregate, bool]


@dataclass
class _Waiting:
    run: Run
    command: BaseModel
    answer: asyncio.Future[Answer]


class _Deferred:
    """The command meets a change of its group: it runs in the next one."""


DEFERRED = _Deferred()
Outcome = Answer | BaseException | _Deferred


class Committer:
    """Stores the commands that arrive while a group is being stored as the
    next group, in a worker thread, so the event loop keeps serving."""

    def __init__(self, store: ServiceApplication) -> None:
        self.store = store
        self.waiting: list[_Waiting] = []
        self.storing: asyncio.Task[None] | None = None
        self.loop: asyncio.AbstractEventLoop | None = None

    async def perform(self, run: Run, command: BaseModel) -> Answer:
        loop = asyncio.get_running_loop()
        if loop is not self.loop:
            self.loop, self.waiting, self.storing = loop, [], None
        answer: asyncio.Future[Answer] = loop.create_future()
        self.waiting.append(_Waiting(run, command, answer))
        if self.storing is None or self.storing.done():
            self.storing = asyncio.create_task(self._store_all())
        return await answer

    async def _store_all(self) -> None:
        while self.waiting:
            group = self.waiting[:MAX_BATCH]
            del self.waiting[:MAX_BATCH]
            try:
                items = [(w.run, w.command) for w in group]
                outcomes = await asyncio.to_thread(run_group, self.store, items)
            except BaseException as error:
                for waiting in group:
                    _settle(waiting.answer, error)
                raise
            deferred = []
            for waiting, outcome in zip(group, outcomes, strict=True):
                if isinstance(outcome, _Deferred):
                    deferred.append(waiting)
                else:
                    _settle(waiting.answer, outcome)
            self.waiting[:0] = deferred


def _settle(answer: asyncio.Future[Answer], outcome: Answer | BaseException) -> None:
    if answer.done():
        return
    if isinstance(outcome, asyncio.CancelledError):
        answer.cancel()
    elif isinstance(outcome, BaseException):
        answer.set_exception(outcome)
    else:
        answer.set_result(outcome)


def run_group(
    store: ServiceApplication, items: list[tuple[Run, BaseModel]]
) -> list[Outcome]:
    """Run each command in its own unit; store the accepted ones together."""
    outcomes: list[Outcome] = []
    accepted: list[tuple[int, UnitOfWork]] = []
    changed: set[UUID] = set()
    for index, (run, command) in enumerate(items):
        unit = UnitOfWork(store)
        try:
            aggregate = run(command, unit)
        except Exception as refused:  # noqa: BLE001 - each command answers its own
            outcomes.append(refused)
            continue
        if changed & (unit.touched.keys() | unit.missing):
            outcomes.append(DEFERRED)
            continue
        changed |= unit.touched.keys()
        accepted.append((index, unit))
        outcomes.append((aggregate, bool(unit.created)))
    changes = [
        aggregate
        for _, unit in accepted
        for aggregate in unit.touched.values()
        if aggregate.pending_events
    ]
    if not changes:
        return outcomes
    try:
        store.commit(*changes)
    except ConcurrentUpdate:
        # Nothing was stored; each command runs again alone, as if the
        # others had not been there.
        for index, _ in accepted:
            run, command = items[index]
            try:
                outcomes[index] = execute(store, run, command)
            except Exception as refused:  # noqa: BLE001 - its own answer
                outcomes[index] = refused
    except Exception as failed:  # noqa: BLE001 - every accepted command failed
        for index, _ in accepted:
            outcomes[index] = failed
    return outcomes


_committers: weakref.WeakKeyDictionary[ServiceApplication, Committer] = (
    weakref.WeakKeyDictionary()
)


async def perform(
    store: ServiceApplication, run: Callable[[C, UnitOfWork], A], command: C
) -> tuple[A, bool]:
    """Run one command in its own unit of work and store its events, together
    with those of the commands that arrived at the same time; say if it
    created its target."""
    committer = _committers.get(store)
    if committer is None:
        committer = _committers[store] = Committer(store)
    aggregate, created = await committer.perform(cast(Run, run), command)
    return cast(A, aggregate), created
