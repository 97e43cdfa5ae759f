"""Wires bid-svc: its event store, API, relay and consumers."""

from __future__ import annotations

from bid_svc import SERVICE
from bid_svc.api import batch, router
from bid_svc.application import BidStore
from bid_svc.consumers import REACTIONS
from ltc_shared.bus import Bus
from ltc_shared.relay import Relay
from ltc_shared.service import ServiceParts, reacting
from ltc_shared.settings import Settings
from ltc_shared.web import create_app


def build(settings: Settings, bus: Bus) -> ServiceParts:
    store = BidStore(env=settings.event_store_env(SERVICE))
    api = create_app(
        "bid-svc",
        [batch, router],
        description="Estimate the bid with its solution, take the ATB decision, "
        "submit it and record whether it was won or lost.",
    )
    api.state.store = store
    return ServiceParts(
        name=SERVICE,
        store=store,
        api=api,
        relay=Relay(SERVICE, store, bus, settings.relay_batch_size),
        consumers=reacting(SERVICE, store, bus, settings, REACTIONS),
    )
