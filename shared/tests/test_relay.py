"""The relay reads ahead while the bus acknowledges, and still loses nothing."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from uuid import UUID, uuid4

import pytest
from eventsourcing.domain import event

from ltc_shared.aggregate import Trace, TracedAggregate
from ltc_shared.bus import InProcessBus
from ltc_shared.eventstore import ServiceApplication
from ltc_shared.outbox import Message
from ltc_shared.relay import Relay
from ltc_shared.settings import Settings


class Task(TracedAggregate):
    @staticmethod
    def create_id(task_id: UUID) -> UUID:
        return task_id

    @event("TaskOpened")
    def __init__(self, task_id: UUID, occurred_on: date, trace: Trace) -> None:
        self.trace = trace

    @event("TaskNoted")
    def note(self, text: str, occurred_on: date) -> None:
        pass


class FlakyBroker(InProcessBus):
    """Takes encoded messages as Kafka does; refuses the calls numbered in
    `refuse` as a broker that went away would."""

    def __init__(self, refuse: set[int]) -> None:
        super().__init__()
        self.refuse = refuse
        self.calls = 0
        self.acknowledged: list[Message] = []

    async def publish_messages(self, topic: str, messages: Sequence[Message]) -> None:
        self.calls += 1
        await asyncio.sleep(0.01)  # the read-ahead runs meanwhile
        if self.calls in self.refuse:
            raise ConnectionError("broker gone")
        self.acknowledged += messages


def sequences(messages: Sequence[Message]) -> list[int]:
    return [int(dict(headers)["ce_sequence"]) for _, _, headers in messages]


@pytest.fixture
def tasks(tmp_path: Path) -> ServiceApplication:
    store = ServiceApplication(env=Settings(data_dir=tmp_path).event_store_env("tasks"))
    for _ in range(3):
        task_id = uuid4()
        task = Task(task_id=task_id, occurred_on=date(2025, 1, 2), trace={})
        for n in range(2):
            task.note(f"note {n}", date(2025, 1, 3))
        store.save(task)
    return store


async def run_until_caught_up(relay: Relay) -> list[str]:
    failures: list[str] = []
    for _ in range(50):
        try:
            if await relay.step() == 0:
                return failures
        except ConnectionError as error:
            failures.append(str(error))
    raise AssertionError("the relay never caught up")


async def test_reading_ahead_publishes_every_event_once_in_order(
    tasks: ServiceApplication,
) -> None:
    broker = FlakyBroker(refuse=set())
    relay = Relay("tasks", tasks, broker, batch_size=2)

    assert await run_until_caught_up(relay) == []

    assert sequences(broker.acknowledged) == list(range(1, 10))
    assert relay.published_position() == 9


@pytest.mark.parametrize("refused", [1, 2, 4, 5])
async def test_a_refused_batch_is_sent_again_and_none_after_it_is_skipped(
    tasks: ServiceApplication, refused: int
) -> None:
    broker = FlakyBroker(refuse={refused})
    relay = Relay("tasks", tasks, broker, batch_size=2)

    assert await run_until_caught_up(relay) == ["broker gone"]

    assert sequences(broker.acknowledged) == list(range(1, 10))
    assert relay.published_position() == 9
