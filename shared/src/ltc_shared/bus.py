"""The bus between services: what a publisher and a reader need of it.

Two adapters implement it: an in-process log for the embedded default and
Apache Kafka for the distributed mode. A position is the offset of the next
message to read in one partition of one topic.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from ltc_shared.envelope import Envelope

TopicPartition = tuple[str, int]
DEAD_LETTER_TOPIC = "ltc.deadletter"


def service_topic(service: str) -> str:
    return f"ltc.{service}"


@dataclass(frozen=True)
class Delivery:
    """One message read from the bus; `envelope` is None if it could not be read."""

    topic: str
    partition: int
    offset: int
    envelope: Envelope | None
    raw: bytes = b""
    problem: str = ""


PositionLookup = Callable[[TopicPartition], Awaitable[int]]


class Reader(Protocol):
    async def start(self, position_of: PositionLookup) -> None:
        """Read each partition from the position its consumer has stored."""

    async def fetch(self, max_records: int, timeout: float) -> list[Delivery]: ...

    async def end_offsets(self) -> dict[TopicPartition, int]:
        """The offset after the last message of each partition it reads."""

    async def stop(self) -> None: ...


class Bus(Protocol):
    async def publish(self, topic: str, envelopes: Sequence[Envelope]) -> None:
        """Return only when every envelope is durably on the bus."""

    async def dead_letter(
        self, delivery: Delivery, reason: str, group: str
    ) -> None: ...

    def reader(self, group: str, topics: Sequence[str]) -> Reader: ...

    async def close(self) -> None: ...


class InProcessBus:
    """One ordered, single-partition log per topic, kept in memory."""

    def __init__(self) -> None:
        self.topics: dict[str, list[Envelope]] = {}
        self.dead_letters: list[tuple[Delivery, str, str]] = []

    async def publish(self, topic: str, envelopes: Sequence[Envelope]) -> None:
        self.topics.setdefault(topic, []).extend(envelopes)

    async def dead_letter(self, delivery: Delivery, reason: str, group: str) -> None:
        self.dead_letters.append((delivery, reason, group))

    def reader(self, group: str, topics: Sequence[str]) -> InProcessReader:
        return InProcessReader(self, topics)

    async def close(self) -> None:
        return None


class InProcessReader:
    def __init__(self, bus: InProcessBus, topics: Sequence[str]) -> None:
        self._bus = bus
        self._cursors = {(topic, 0): 0 for topic in topics}

    async def start(self, position_of: PositionLookup) -> None:
        for key in self._cursors:
            self._cursors[key] = await position_of(key)

    async def fetch(self, max_records: int, timeout: float) -> list[Delivery]:
        found: list[Delivery] = []
        for (topic, partition), cursor in self._cursors.items():
            log = self._bus.topics.get(topic, [])
            batch = log[cursor : cursor + max_records - len(found)]
            found.extend(
                Delivery(topic, partition, cursor + i, envelope)
                for i, envelope in enumerate(batch)
            )
            self._cursors[(topic, partition)] = cursor + len(batch)
            if len(found) >= max_records:
                break
        return found

    async def end_offsets(self) -> dict[TopicPartition, int]:
        return {
            (topic, partition): len(self._bus.topics.get(topic, []))
            for topic, partition in self._cursors
        }

    async def stop(self) -> None:
        return None
