"""Wires opportunity-svc: its event store, API, relay and consumers."""

from __future__ import annotations

from ltc_shared.bus import Bus
from ltc_shared.relay import Relay
from ltc_shared.service import ServiceParts, reacting
from ltc_shared.settings import Settings
from ltc_shared.web import create_app
from opportunity_svc import SERVICE
from opportunity_svc.api import batch, router
from opportunity_svc.api_competition import router as competition_router
from opportunity_svc.api_matching import router as matching_router
from opportunity_svc.api_project import router as project_router
from opportunity_svc.application import OpportunityStore
from opportunity_svc.consumers import REACTIONS


def build(settings: Settings, bus: Bus) -> ServiceParts:
    store = OpportunityStore(env=settings.event_store_env(SERVICE))
    api = create_app(
        "opportunity-svc",
        [batch, router, project_router, matching_router, competition_router],
        description="Open, verify and evaluate opportunities, request "
        "initiation and take the ATI decision that sets up the sales project; "
        "then its team, charter, risk register, customer guidance, buy/sell "
        "point matching, competitors, the customer's selection criteria and "
        "meetings.",
    )
    api.state.store = store
    return ServiceParts(
        name=SERVICE,
        store=store,
        api=api,
        relay=Relay(SERVICE, store, bus, settings.relay_batch_size),
        consumers=reacting(SERVICE, store, bus, settings, REACTIONS),
    )
