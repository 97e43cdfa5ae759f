"""Wires lead-svc: its event store, API, relay and consumers."""

from __future__ import annotations

from lead_svc import SERVICE
from lead_svc.api import batch, router
from lead_svc.application import LeadStore
from lead_svc.consumers import REACTIONS
from ltc_shared.bus import Bus
from ltc_shared.relay import Relay
from ltc_shared.service import ServiceParts, reacting
from ltc_shared.settings import Settings
from ltc_shared.web import create_app


def build(settings: Settings, bus: Bus) -> ServiceParts:
    store = LeadStore(env=settings.event_store_env(SERVICE))
    api = create_app(
        "lead-svc",
        [batch, router],
        description="Collect, generate, verify, distribute, nurture, grade and "
        "qualify leads; flag and merge duplicates.",
    )
    api.state.store = store
    return ServiceParts(
        name=SERVICE,
        store=store,
        api=api,
        relay=Relay(
            SERVICE,
            store,
            bus,
            settings.relay_batch_size,
            private=frozenset({"LeadKeyOpened", "LeadKeyReused"}),
        ),
        consumers=reacting(SERVICE, store, bus, settings, REACTIONS),
    )
