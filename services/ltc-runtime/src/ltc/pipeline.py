"""Moves events along: every relay and every consumer loop of a process."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import structlog

from ltc_shared.consumer import ConsumerLoop
from ltc_shared.relay import Relay

log = structlog.get_logger()


@dataclass
class Pipeline:
    relays: Sequence[Relay]
    consumers: Sequence[ConsumerLoop]
    idle_seconds: float = 0.02
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
        while not stop.is_set():
            try:
                moved = await self.step(timeout=self.idle_seconds)
            except Exception as error:
                log.exception("pipeline.step_failed", error=str(error))
                self.errors.append(str(error))
                await self._recover()
                moved = 0
            if moved == 0:
                await asyncio.sleep(self.idle_seconds)

    async def _recover(self) -> None:
        await asyncio.sleep(1.0)
        for consumer in self.consumers:
            try:
                await consumer.restart()
            except Exception as error:  # noqa: BLE001 - the next step retries
                log.warning("pipeline.restart_failed", error=str(error))
