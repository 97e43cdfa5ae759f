"""The one composition root: the same services on either pair of adapters."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bid_svc.service import build as build_bid
from contract_svc.service import build as build_contract
from finance_svc.service import build as build_finance
from lead_svc.service import build as build_lead
from ltc.pipeline import Pipeline
from ltc_shared.bus import Bus
from ltc_shared.bus_local import LocalLogBus
from ltc_shared.service import ServiceParts
from ltc_shared.settings import Settings
from opportunity_svc.service import build as build_opportunity
from reporting_svc.service import ReportingParts
from reporting_svc.service import build as build_reporting

BUILDERS: dict[str, Callable[[Settings, Bus], ServiceParts]] = {
    "lead": build_lead,
    "opportunity": build_opportunity,
    "bid": build_bid,
    "contract": build_contract,
    "finance": build_finance,
}
STAGES = (*BUILDERS, "reporting")


def ports(settings: Settings) -> dict[str, int]:
    """Where each stage listens in distributed mode: LTC_PORT_BASE and up."""
    return {name: settings.port_base + i for i, name in enumerate(STAGES)}


@dataclass
class System:
    settings: Settings
    bus: Bus
    services: dict[str, ServiceParts]
    reporting: ReportingParts | None
    pipeline: Pipeline

    async def close(self) -> None:
        await self.bus.close()
        for parts in self.services.values():
            parts.store.close()
        if self.reporting is not None:
            await self.reporting.store.close()


def make_bus(settings: Settings) -> Bus:
    if settings.mode == "embedded":
        return LocalLogBus(settings.data_dir / "bus.sqlite")
    from ltc_shared.bus_kafka import KafkaBus

    return KafkaBus(settings.kafka_bootstrap_servers, client_id="ltc")


def build_system(settings: Settings, only: Iterable[str] = STAGES) -> System:
    """Every stage named in `only`, wired to one bus, with their pipeline."""
    wanted = set(only)
    bus = make_bus(settings)
    services = {
        name: build(settings, bus) for name, build in BUILDERS.items() if name in wanted
    }
    reporting = build_reporting(settings, bus) if "reporting" in wanted else None
    consumers = [loop for parts in services.values() for loop in parts.consumers]
    if reporting is not None:
        consumers.append(reporting.consumer)
    pipeline = Pipeline(
        relays=[parts.relay for parts in services.values()],
        consumers=consumers,
        idle_seconds=settings.idle_poll_seconds,
        relay_seconds=settings.relay_interval_seconds,
    )
    return System(settings, bus, services, reporting, pipeline)
