"""The parts one service is made of, as the composition root wires them."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import FastAPI

from ltc_shared.bus import Bus, service_topic
from ltc_shared.consumer import ConsumerLoop, EventSourcedSink, Reaction
from ltc_shared.eventstore import ServiceApplication
from ltc_shared.relay import Relay
from ltc_shared.settings import Settings


@dataclass
class ServiceParts:
    name: str
    store: ServiceApplication
    api: FastAPI
    relay: Relay
    consumers: list[ConsumerLoop] = field(default_factory=list)


def reacting(
    name: str,
    store: ServiceApplication,
    bus: Bus,
    settings: Settings,
    reactions: dict[str, dict[str, Reaction]],
) -> list[ConsumerLoop]:
    """One consumer loop per upstream service whose events `name` reacts to."""
    loops = []
    for upstream, by_type in reactions.items():
        group = f"{name}-from-{upstream}"
        reader = bus.reader(group, [service_topic(upstream)])
        sink = EventSourcedSink(group, store, by_type)
        loops.append(ConsumerLoop(bus, reader, sink, settings.consumer_batch_size))
    return loops
