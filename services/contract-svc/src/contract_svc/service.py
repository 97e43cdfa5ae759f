"""Wires contract-svc: its event store, API, relay and consumers."""

from __future__ import annotations

from contract_svc import SERVICE, api_execution
from contract_svc.api import batch, router
from contract_svc.application import ContractStore
from contract_svc.consumers import REACTIONS
from ltc_shared.bus import Bus
from ltc_shared.relay import Relay
from ltc_shared.service import ServiceParts, reacting
from ltc_shared.settings import Settings
from ltc_shared.web import create_app


def build(settings: Settings, bus: Bus) -> ServiceParts:
    store = ContractStore(env=settings.event_store_env(SERVICE))
    api = create_app(
        "contract-svc",
        [batch, router, api_execution.router],
        description="Negotiate, decide (ATC), sign, execute, change (ATAC), close "
        "(ATCC) and evaluate the contracts of won bids.",
    )
    api.state.store = store
    return ServiceParts(
        name=SERVICE,
        store=store,
        api=api,
        relay=Relay(SERVICE, store, bus, settings.relay_batch_size),
        consumers=reacting(SERVICE, store, bus, settings, REACTIONS),
    )
