"""The distributed bus: Apache Kafka through aiokafka.

Envelopes travel as CloudEvents in binary mode: the key is the subject (the
aggregate id, so one aggregate's events stay in order in one partition), the
attributes are headers and the value is the JSON data. Consumers store their
positions with their effects; on every assignment the reader seeks to those
stored positions, so offsets committed to Kafka are only a hint for lag
monitoring and never decide what is read.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import structlog
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.abc import ConsumerRebalanceListener
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import (
    KafkaError,
    MessageSizeTooLargeError,
    TopicAlreadyExistsError,
    for_code,
)
from aiokafka.partitioner import murmur2

from ltc_shared.bus import DEAD_LETTER_TOPIC, Delivery, PositionLookup
from ltc_shared.bus import TopicPartition as Position
from ltc_shared.envelope import Envelope
from ltc_shared.outbox import Headers, Message

log = structlog.get_logger()

PARTITIONS = 3
REPLICATION_FACTOR = 1
TOPIC_CONFIG = {"retention.ms": "-1"}


@dataclass(frozen=True)
class KafkaDelivery(Delivery):
    """A delivery that keeps the record's key and headers for the dead letters."""

    key: bytes | None = None
    headers: tuple[tuple[str, bytes], ...] = ()


@lru_cache(maxsize=1 << 16)
def _key_hash(key: bytes) -> int:
    return int(murmur2(key)) & 0x7FFFFFFF


def _by_key(key: bytes | None, all_partitions: list[int], available: list[int]) -> int:
    """Kafka's default key partitioning, with the pure-Python hash cached.

    An aggregate's events share a key; hashing it once instead of per event
    doubles what one process can publish.
    """
    if key is None:
        return random.choice(available or all_partitions)
    return sorted(all_partitions)[_key_hash(key) % len(all_partitions)]


def _pace_metadata_retries(client: Any, pause: float = 0.25) -> None:
    """Pause after a failed metadata refresh (aiokafka 0.14 retries it at once).

    While a partition has no leader, the producer's sender and the consumer's
    fetcher ask for fresh metadata in a loop; with the broker down every ask
    fails at once, so the loop spins a core on thousands of connection
    attempts a second. A short pause keeps the process responsive.
    """
    update = getattr(client, "_metadata_update", None)
    if update is None:
        return

    async def paced(*args: Any) -> bool:
        updated = bool(await update(*args))
        if not updated:
            await asyncio.sleep(pause)
        return updated

    client._metadata_update = paced


class KafkaBus:
    def __init__(
        self, bootstrap_servers: str, client_id: str, max_batch_bytes: int = 512 * 1024
    ) -> None:
        self.bootstrap_servers = bootstrap_servers
        self.client_id = client_id
        self.max_batch_bytes = max_batch_bytes
        self._producer: AIOKafkaProducer | None = None
        self._producer_lock = asyncio.Lock()
        self._topics_lock = asyncio.Lock()
        self._known_topics: set[str] = set()
        self._readers: list[KafkaReader] = []

    async def ensure_topics(self, names: Iterable[str]) -> None:
        """Create the topics that do not exist yet; never rely on auto-creation."""
        wanted = [
            name for name in dict.fromkeys(names) if name not in self._known_topics
        ]
        if not wanted:
            return
        async with self._topics_lock:
            admin = AIOKafkaAdminClient(
                bootstrap_servers=self.bootstrap_servers,
                client_id=f"{self.client_id}-admin",
            )
            await admin.start()
            try:
                existing = set(await admin.list_topics())
                missing = [name for name in wanted if name not in existing]
                if missing:
                    await _create(admin, missing)
            finally:
                await admin.close()
            self._known_topics.update(wanted)

    async def _started_producer(self) -> AIOKafkaProducer:
        async with self._producer_lock:
            if self._producer is None:
                producer = AIOKafkaProducer(
                    bootstrap_servers=self.bootstrap_servers,
                    client_id=self.client_id,
                    enable_idempotence=True,
                    acks="all",
                    linger_ms=5,
                    partitioner=_by_key,
                    max_batch_size=self.max_batch_bytes,
                    max_request_size=2 * self.max_batch_bytes,
                )
                _pace_metadata_retries(producer.client)
                await producer.start()
                self._producer = producer
            return self._producer

    async def _send_all(self, topic: str, messages: Iterable[Message]) -> None:
        """Queue the messages as whole batches, one per partition, then wait
        until the broker acknowledged all of them.

        A message goes to the partition its key picks (`_by_key`), so an
        aggregate's events stay in order; a batch holds them in that order.
        Filling aiokafka's batches directly costs a fraction of one `send`
        per message, which was most of what publishing cost.
        """
        await self.ensure_topics([topic])
        producer = await self._started_producer()
        partitions = sorted(await producer.partitions_for(topic))
        batches: dict[int, Any] = {}
        acks = []
        for key, value, headers in messages:
            if key is None:
                available = producer.client.cluster.available_partitions_for_topic
                partition = _by_key(None, partitions, list(available(topic)))
            else:
                partition = partitions[_key_hash(key) % len(partitions)]
            batch = batches.get(partition)
            if batch is None:
                batch = batches[partition] = producer.create_batch()
            added = batch.append(key=key, value=value, timestamp=None, headers=headers)
            if added is not None:
                continue
            acks.append(await _send_batch(producer, batch, topic, partition))
            batch = batches[partition] = producer.create_batch()
            added = batch.append(key=key, value=value, timestamp=None, headers=headers)
            if added is None:
                raise MessageSizeTooLargeError(
                    f"a message to {topic} of {len(value)} bytes"
                )
        for partition, batch in batches.items():
            acks.append(await _send_batch(producer, batch, topic, partition))
        results = await asyncio.gather(*acks, return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                raise result

    async def publish_messages(self, topic: str, messages: Sequence[Message]) -> None:
        """Publish records encoded beforehand (the relay's); see `_send_all`."""
        if messages:
            await self._send_all(topic, messages)

    async def publish(self, topic: str, envelopes: Sequence[Envelope]) -> None:
        if not envelopes:
            return
        await self._send_all(
            topic, ((e.subject.encode(), e.value(), e.headers()) for e in envelopes)
        )

    async def dead_letter(self, delivery: Delivery, reason: str, group: str) -> None:
        key, headers, value = _original(delivery)
        headers = [(k, v) for k, v in headers if not k.startswith("ltc_")]
        headers += [
            ("ltc_reason", reason.encode()),
            ("ltc_group", group.encode()),
            ("ltc_source_topic", delivery.topic.encode()),
            ("ltc_source_partition", str(delivery.partition).encode()),
            ("ltc_source_offset", str(delivery.offset).encode()),
        ]
        await self._send_all(DEAD_LETTER_TOPIC, [(key, value, headers)])

    def reader(
        self,
        group: str,
        topics: Sequence[str],
        partitions: Sequence[Position] | None = None,
    ) -> KafkaReader:
        """A member of `group`; or, given `partitions`, a reader of those
        alone that joins no group, so readers may split the topics."""
        reader = KafkaReader(self, group, topics, partitions=partitions)
        self._readers.append(reader)
        return reader

    async def partition_ends(self, topics: Sequence[str]) -> dict[Position, int]:
        """The offset after the last message of every partition of `topics`."""
        await self.ensure_topics(topics)
        admin = AIOKafkaAdminClient(
            bootstrap_servers=self.bootstrap_servers,
            client_id=f"{self.client_id}-admin",
        )
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.bootstrap_servers, client_id=self.client_id
        )
        await admin.start()
        await consumer.start()
        try:
            found = [
                TopicPartition(described["topic"], partition["partition"])
                for described in await admin.describe_topics(list(topics))
                for partition in described["partitions"]
            ]
            ends = {}
            if found:
                # Assigned, their metadata comes at once; else half a second on.
                consumer.assign(found)
                ends = await consumer.end_offsets(found)
        finally:
            await consumer.stop()
            await admin.close()
        return {(tp.topic, tp.partition): int(end) for tp, end in sorted(ends.items())}

    async def close(self) -> None:
        for reader in self._readers:
            await reader.stop()
        self._readers.clear()
        if self._producer is not None:
            producer, self._producer = self._producer, None
            await producer.stop()


async def _send_batch(
    producer: AIOKafkaProducer, batch: Any, topic: str, partition: int
) -> asyncio.Future[Any]:
    """Hand a full batch to the producer; the future is its acknowledgement.

    Closed, the batch goes out with the sender's next request instead of
    lingering for more messages that will not come.
    """
    batch.close()
    ack: asyncio.Future[Any] = await producer.send_batch(
        batch, topic, partition=partition
    )
    return ack


async def _create(admin: AIOKafkaAdminClient, names: list[str]) -> None:
    response = await admin.create_topics(
        [
            NewTopic(name, PARTITIONS, REPLICATION_FACTOR, topic_configs=TOPIC_CONFIG)
            for name in names
        ]
    )
    for topic, code, *_ in response.topic_errors:
        error = for_code(code)
        # Another process may have created it since we listed the topics.
        if code and error is not TopicAlreadyExistsError:
            raise error(f"creating topic {topic}")
    await _until_led(admin, names)


async def _until_led(admin: AIOKafkaAdminClient, names: list[str]) -> None:
    """Wait a little for new partitions' leaders, so first sends need no retry."""
    for _ in range(50):
        described = await admin.describe_topics(names)
        if all(
            topic["error_code"] == 0
            and topic["partitions"]
            and all(p["leader"] >= 0 for p in topic["partitions"])
            for topic in described
        ):
            return
        await asyncio.sleep(0.1)


def _original(delivery: Delivery) -> tuple[bytes | None, Headers, bytes]:
    """The key, headers and value the message had when it was read."""
    if isinstance(delivery, KafkaDelivery):
        return delivery.key, list(delivery.headers), delivery.raw
    if delivery.envelope is not None:
        envelope = delivery.envelope
        return envelope.subject.encode(), envelope.headers(), envelope.value()
    return None, [], delivery.raw


class PositionLookupError(RuntimeError):
    """The stored position of an assigned partition could not be read."""


class _SeekToStoredPositions(ConsumerRebalanceListener):  # type: ignore[misc]
    def __init__(self, reader: KafkaReader, position_of: PositionLookup) -> None:
        self.reader = reader
        self.position_of = position_of

    async def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        return None

    async def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        await self.reader._seek_to_stored(assigned, self.position_of)


class KafkaReader:
    """One member of a consumer group, or the one reader of fixed partitions,
    reading from the positions it stored."""

    def __init__(
        self,
        bus: KafkaBus,
        group: str,
        topics: Sequence[str],
        join_timeout: float = 30.0,
        partitions: Sequence[Position] | None = None,
    ) -> None:
        self.bus = bus
        self.group = group
        self.topics = list(topics)
        self.partitions = None if partitions is None else list(partitions)
        self.join_timeout = join_timeout
        self._consumer: AIOKafkaConsumer | None = None
        self._assigned = asyncio.Event()
        self._failure: BaseException | None = None

    async def start(self, position_of: PositionLookup) -> None:
        """Join the group; return once partitions were assigned (or it timed out)."""
        await self.stop()
        await self.bus.ensure_topics(self.topics)
        if self.partitions is not None:
            await self._start_assigned(self.partitions, position_of)
            return
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.bus.bootstrap_servers,
            client_id=f"{self.bus.client_id}-{self.group}",
            group_id=self.group,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_partition_fetch_bytes=4 * 1024 * 1024,
        )
        _pace_metadata_retries(consumer._client)
        self._assigned.clear()
        self._failure = None
        consumer.subscribe(
            self.topics, listener=_SeekToStoredPositions(self, position_of)
        )
        # Set before starting: the first assignment may come during start().
        self._consumer = consumer
        try:
            await consumer.start()
        except BaseException:
            self._consumer = None
            await consumer.stop()
            raise
        try:
            await asyncio.wait_for(self._assigned.wait(), self.join_timeout)
        except TimeoutError:
            log.warning("kafka.join_slow", group=self.group, waited=self.join_timeout)

    async def _start_assigned(
        self, partitions: Sequence[Position], position_of: PositionLookup
    ) -> None:
        # Positions first: a partition assigned before its seek is fetched
        # from its end, and the broker holds that fetch for half a second.
        starts = {TopicPartition(*p): await position_of(p) for p in partitions}
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.bus.bootstrap_servers,
            client_id=f"{self.bus.client_id}-{self.group}",
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_partition_fetch_bytes=4 * 1024 * 1024,
        )
        _pace_metadata_retries(consumer._client)
        self._failure = None
        try:
            await consumer.start()
        except BaseException:
            await consumer.stop()
            raise
        self._consumer = consumer
        consumer.assign(set(starts))
        for partition, start in starts.items():
            consumer.seek(partition, start)
        log.info("kafka.assigned", group=self.group, partitions=len(starts))

    async def _seek_to_stored(
        self, assigned: set[TopicPartition], position_of: PositionLookup
    ) -> None:
        consumer = self._consumer
        if consumer is None:
            return
        try:
            for tp in assigned:
                consumer.seek(tp, await position_of((tp.topic, tp.partition)))
        except Exception as error:  # noqa: BLE001 - aiokafka would swallow it
            # Reading on from Kafka's own offsets could skip messages: stop here.
            consumer.pause(*assigned)
            self._failure = error
        log.info("kafka.assigned", group=self.group, partitions=len(assigned))
        self._assigned.set()

    async def fetch(self, max_records: int, timeout: float) -> list[Delivery]:
        consumer = self._consumer
        if consumer is None:
            raise RuntimeError(f"reader {self.group} is not started")
        if self._failure is not None:
            raise PositionLookupError(
                f"reader {self.group}: {self._failure}"
            ) from self._failure
        batches = await consumer.getmany(
            timeout_ms=int(timeout * 1000), max_records=max_records
        )
        return [_delivery(record) for records in batches.values() for record in records]

    async def end_offsets(self) -> dict[Position, int]:
        consumer = self._consumer
        if consumer is None:
            return {}
        assigned = list(consumer.assignment())
        if not assigned:
            return {}
        found = await consumer.end_offsets(assigned)
        return {(tp.topic, tp.partition): int(end) for tp, end in found.items()}

    async def mark_processed(self, positions: Mapping[Position, int]) -> None:
        """Commit the consumer's own positions to Kafka, as a hint for lag metrics."""
        consumer = self._consumer
        if consumer is None or self.partitions is not None:
            return  # no group to commit to
        assigned = consumer.assignment()
        offsets = {
            tp: offset
            for (topic, partition), offset in positions.items()
            if (tp := TopicPartition(topic, partition)) in assigned
        }
        if not offsets:
            return
        try:
            await consumer.commit(offsets)
        except KafkaError as error:
            log.info("kafka.hint_not_committed", group=self.group, error=str(error))

    async def stop(self) -> None:
        if self._consumer is not None:
            consumer, self._consumer = self._consumer, None
            try:
                await consumer.stop()
            except (KafkaError, asyncio.CancelledError) as error:
                # aiokafka re-raises the cancellation of its own fetch task
                # when the broker is gone; only a real shutdown goes on up.
                task = asyncio.current_task()
                if task is not None and task.cancelling():
                    raise
                log.warning("kafka.stop_failed", group=self.group, error=repr(error))


def _delivery(record: Any) -> KafkaDelivery:
    headers = tuple(record.headers or ())
    raw = record.value or b""
    envelope: Envelope | None = None
    problem = ""
    try:
        envelope = Envelope.from_kafka(headers, raw)
    except (KeyError, ValueError, TypeError, AttributeError) as error:
        problem = f"unreadable envelope: {type(error).__name__}: {error}"
    return KafkaDelivery(
        record.topic,
        record.partition,
        record.offset,
        envelope,
        raw,
        problem,
        key=record.key,
        headers=headers,
    )
