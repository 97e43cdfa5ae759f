"""Single commands that arrive together are stored together, and each is
answered as if it had run alone."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.domain import Aggregate, event
from pydantic import BaseModel

from ltc_shared.commands import UnitOfWork
from ltc_shared.committer import perform
from ltc_shared.errors import ConcurrentUpdate, RuleViolated
from ltc_shared.eventstore import ServiceApplication


class Counter(Aggregate):
    @staticmethod
    def create_id(counter_id: UUID) -> UUID:
        return counter_id

    @event("CounterOpened")
    def __init__(self, counter_id: UUID) -> None:
        self.count = 0

    def add(self, amount: int) -> None:
        if amount <= 0:
            raise RuleViolated("positive-amount", "only positive amounts count")
        self._added(amount)

    @event("CounterAdded")
    def _added(self, amount: int) -> None:
        self.count += amount


class Add(BaseModel):
    counter_id: UUID
    amount: int


class Open(BaseModel):
    counter_id: UUID


def add(command: Add, unit: UnitOfWork) -> Counter:
    counter = unit.load(Counter, command.counter_id, "counter")
    counter.add(command.amount)
    return counter


def open_counter(command: Open, unit: UnitOfWork) -> Counter:
    return unit.create(Counter(command.counter_id), "counter", lambda c: c.id)


class CountingStore(ServiceApplication):
    """An in-memory store that counts its transactions and can be told to
    lose the next one to another writer."""

    name = "counting"

    def __init__(self) -> None:
        super().__init__(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
        self.transactions: list[int] = []
        self.lose_next = False

    def commit(self, *aggregates: Aggregate) -> None:
        if self.lose_next:
            self.lose_next = False
            raise ConcurrentUpdate()
        self.transactions.append(len(aggregates))
        super().commit(*aggregates)


@pytest.fixture
def store() -> CountingStore:
    return CountingStore()


def opened(store: CountingStore, count: int) -> list[UUID]:
    ids = [uuid4() for _ in range(count)]
    store.commit(*(Counter(counter_id) for counter_id in ids))
    store.transactions.clear()
    return ids


async def together(*calls: Any) -> list[Any]:
    return await asyncio.gather(*calls, return_exceptions=True)


async def test_commands_that_arrive_together_are_stored_in_one_transaction(
    store: CountingStore,
) -> None:
    ids = opened(store, 5)

    answers = await together(
        *(perform(store, add, Add(counter_id=i, amount=1)) for i in ids)
    )

    assert [(a.id, a.version, created) for a, created in answers] == [
        (i, 2, False) for i in ids
    ]
    assert store.transactions == [5]
    assert all(store.load(Counter, i, "counter").count == 1 for i in ids)


async def test_a_refused_command_answers_its_rule_and_the_others_are_stored(
    store: CountingStore,
) -> None:
    first, second = opened(store, 2)

    refused, accepted = await together(
        perform(store, add, Add(counter_id=first, amount=-1)),
        perform(store, add, Add(counter_id=second, amount=2)),
    )

    assert isinstance(refused, RuleViolated)
    assert refused.rule == "positive-amount"
    assert accepted[0].count == 2
    assert store.load(Counter, first, "counter").version == 1
    assert store.transactions == [1]


async def test_a_command_on_an_aggregate_its_group_changed_sees_that_change(
    store: CountingStore,
) -> None:
    (counter_id,) = opened(store, 1)

    answers = await together(
        *(perform(store, add, Add(counter_id=counter_id, amount=n)) for n in (1, 10))
    )

    assert [(a.version, a.count) for a, _ in answers] == [(2, 1), (3, 11)]
    assert store.transactions == [1, 1]


async def test_the_same_creation_twice_at_once_creates_once(
    store: CountingStore,
) -> None:
    counter_id = uuid4()

    answers = await together(
        *(perform(store, open_counter, Open(counter_id=counter_id)) for _ in (1, 2))
    )

    assert [created for _, created in answers] == [True, False]
    assert store.transactions == [1]


async def test_a_group_that_loses_a_race_stores_each_command_on_its_own(
    store: CountingStore,
) -> None:
    ids = opened(store, 3)
    store.lose_next = True

    answers = await together(
        *(perform(store, add, Add(counter_id=i, amount=1)) for i in ids)
    )

    assert [a.version for a, _ in answers] == [2, 2, 2]
    assert store.transactions == [1, 1, 1]


async def test_a_command_that_fails_unexpectedly_fails_alone(
    store: CountingStore,
) -> None:
    (counter_id,) = opened(store, 1)

    def broken(command: Add, unit: UnitOfWork) -> Counter:
        raise OverflowError("date value out of range")

    failed, accepted = await together(
        perform(store, broken, Add(counter_id=counter_id, amount=1)),
        perform(store, add, Add(counter_id=counter_id, amount=1)),
    )

    assert isinstance(failed, OverflowError)
    assert accepted[0].count == 1
