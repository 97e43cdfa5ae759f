"""Moves events along: every relay and every consumer loop of a process.

While the process serves, each relay and each consumer runs in its own loop,
so that none waits for another. A relay sleeps until its store records new
events (or `poll_seconds` passed, for events another replica stored), then
publishes them at once; while events keep coming it publishes no more often
than every `relay_seconds` (unless a full batch is waiting), so that a busy
store publishes in batches: a step has a fixed cost of a few round trips. A
consumer waits for its reader's next messages, which Kafka hands over as
soon as they arrive.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

import structlog

from ltc_shared.consumer import ConsumerLoop
from ltc_shared.relay import Relay

log = structlog.get_logger()
RECOVERY_SECONDS = 1.0


@dataclass
class Pipeline:
    relays: Sequence[Relay]
    consumers: Sequence[ConsumerLoop]
    idle_seconds: float = 0.02
    relay_seconds: float = 0.05
    poll_seconds: float = 1.0
    # How long a consumer's fetch waits for messages; a reader that has them
    # (Kafka hands them over as they arrive) answers sooner.
    fetch_seconds: float = 0.25
    errors: list[str] = field(default_factory=list)

    async def step(self, timeout: float = 0.0) -> int:
        """One pass over every relay and consumer; how many events moved."""
        moved = 0
        for relay in self.relays:
            moved += await relay.step()
        for consumer in self.consumers:
            moved += await consumer.step(timeout)
        return moved

    async def settle(self, deadline_seconds: float = 300.0) -> None:
        """Run until two passes in a row move nothing."""
        until = time.monotonic() + deadline_seconds
        quiet = 0
        while quiet < 2:
            if time.monotonic() > until:
                raise TimeoutError("events were still moving at the deadline")
            quiet = quiet + 1 if await self.step() == 0 else 0

    async def run_forever(self, stop: asyncio.Event) -> None:
        """Run every relay and consumer until `stop` is set; each finishes the
        batch it is moving first."""
        loops = [self._relaying(relay, stop) for relay in self.relays]
        loops += [self._consuming(consumer, stop) for consumer in self.consumers]
        await asyncio.gather(*loops)

    async def _relaying(self, relay: Relay, stop: asyncio.Event) -> None:
        loop = asyncio.get_running_loop()
        wake = asyncio.Event()

        def recorded() -> None:
            # Called in whichever thread committed; only the first commit
            # since the last wake-up costs a hand-off to the event loop.
            if not wake.is_set():
                loop.call_soon_threadsafe(wake.set)

        forget = relay.app.on_record(recorded)
        waking = asyncio.create_task(_set_on(stop, wake))
        try:
            while not stop.is_set():
                wake.clear()
                started = loop.time()
                moved = await self._guarded(relay.step, None)
                if moved >= relay.batch_size:
                    continue
                if moved:
                    await _pause(stop, started + self.relay_seconds - loop.time())
                    continue
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(wake.wait(), self.poll_seconds)
        finally:
            forget()
            waking.cancel()

    async def _consuming(self, consumer: ConsumerLoop, stop: asyncio.Event) -> None:
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            started = loop.time()
            moved = await self._guarded(
                lambda: consumer.step(self.fetch_seconds), consumer
            )
            if moved == 0:
                # A reader that answers at once when it has nothing (the
                # embedded log) is asked again only after `idle_seconds`.
                await _pause(stop, started + self.idle_seconds - loop.time())

    async def _guarded(
        self, step: Callable[[], Awaitable[int]], consumer: ConsumerLoop | None
    ) -> int:
        """Run one step; a failure is logged and kept, and the part (a
        consumer reads again from its stored positions) resumes a little
        later."""
        try:
            return await step()
        except Exception as error:
            log.exception("pipeline.step_failed", error=str(error))
            self.errors.append(str(error))
        await asyncio.sleep(RECOVERY_SECONDS)
        if consumer is not None:
            try:
                await consumer.restart()
            except Exception as error:  # noqa: BLE001 - the next step retries
                log.warning("pipeline.restart_failed", error=str(error))
        return 0


async def _set_on(stop: asyncio.Event, wake: asyncio.Event) -> None:
    await stop.wait()
    wake.set()


async def _pause(stop: asyncio.Event, seconds: float) -> None:
    if seconds > 0 and not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), seconds)
