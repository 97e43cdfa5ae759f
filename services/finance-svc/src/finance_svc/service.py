"""Wires finance-svc: its event store, API, relay and consumers."""

from __future__ import annotations

from finance_svc import SERVICE
from finance_svc.api import batch, router
from finance_svc.application import LedgerStore
from finance_svc.consumers import REACTIONS
from ltc_shared.bus import Bus
from ltc_shared.relay import Relay
from ltc_shared.service import ServiceParts, reacting
from ltc_shared.settings import Settings
from ltc_shared.web import create_app


def build(settings: Settings, bus: Bus) -> ServiceParts:
    store = LedgerStore(env=settings.event_store_env(SERVICE))
    api = create_app(
        "finance-svc",
        [batch, router],
        description="Invoice, collect and book the actual costs of signed contracts.",
    )
    api.state.store = store
    return ServiceParts(
        name=SERVICE,
        store=store,
        api=api,
        relay=Relay(SERVICE, store, bus, settings.relay_batch_size),
        consumers=reacting(SERVICE, store, bus, settings, REACTIONS),
    )
