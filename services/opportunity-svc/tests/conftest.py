"""Fixtures for opportunity-svc: an opened opportunity, a store, the API."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from ltc_shared.bus import InProcessBus
from ltc_shared.service import ServiceParts
from ltc_shared.settings import Settings
from opportunity_svc import SERVICE
from opportunity_svc.application import OpportunityStore
from opportunity_svc.domain import Opportunity
from opportunity_svc.service import build

OPENED_ON = date(2024, 3, 1)
Step = Callable[[Opportunity], None]


def _open_sudden(external_ref: str = "crm-0001") -> Opportunity:
    return Opportunity.sudden(
        external_ref,
        customer="Acme Telecom",
        channel="direct_sales",
        business_unit="cloud",
        owner="Ana",
        product="GTX Pro",
        region="West",
        expected_value=Decimal("125000.00"),
        currency="USD",
        occurred_on=OPENED_ON,
    )


@pytest.fixture
def open_sudden() -> Callable[..., Opportunity]:
    """Opens a sudden opportunity for Acme Telecom on 2024-03-01, 125000 USD."""
    return _open_sudden


@pytest.fixture
def given() -> Callable[..., Opportunity]:
    """An opened opportunity after `steps`, its events already collected."""

    def make(*steps: Step) -> Opportunity:
        opportunity = _open_sudden()
        for step in steps:
            step(opportunity)
        opportunity.collect_events()
        return opportunity

    return make


@pytest.fixture
def store(tmp_path: Path) -> OpportunityStore:
    return OpportunityStore(env=Settings(data_dir=tmp_path).event_store_env(SERVICE))


@pytest.fixture
def bus() -> InProcessBus:
    return InProcessBus()


@pytest.fixture
def parts(tmp_path: Path, bus: InProcessBus) -> ServiceParts:
    return build(Settings(data_dir=tmp_path), bus)


@pytest.fixture
async def client(parts: ServiceParts) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=parts.api)
    async with httpx.AsyncClient(transport=transport, base_url="http://svc") as c:
        yield c


@pytest.fixture
def open_body() -> dict[str, Any]:
    """What a client sends to open the sudden opportunity `crm-0001`."""
    return {
        "external_ref": "crm-0001",
        "customer": "Acme Telecom",
        "channel": "direct_sales",
        "business_unit": "cloud",
        "owner": "Ana",
        "product": "GTX Pro",
        "region": "West",
        "expected_value": "125000.00",
        "currency": "USD",
        "occurred_on": OPENED_ON.isoformat(),
    }


@pytest.fixture
async def opened(client: httpx.AsyncClient, open_body: dict[str, Any]) -> str:
    """The path of a sudden opportunity opened through the API."""
    answer = await client.post("/opportunities", json=open_body)
    assert answer.status_code == 201, answer.text
    return f"/opportunities/{answer.json()['id']}"
