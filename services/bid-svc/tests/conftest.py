"""Fixtures for bid-svc: a bid opened for an initiated project, a store, the
API, and the ProjectInitiated envelope that opens a bid."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest

from bid_svc import SERVICE
from bid_svc.application import BidStore
from bid_svc.consumers import REACTIONS
from bid_svc.domain import Bid
from bid_svc.service import build
from ltc_shared.bus import InProcessBus
from ltc_shared.consumer import Unit
from ltc_shared.envelope import Envelope
from ltc_shared.service import ServiceParts
from ltc_shared.settings import Settings

INITIATED_ON = date(2024, 4, 2)
Step = Callable[[Bid], None]


def _project_initiated(opportunity_id: UUID, tier: int | None = None) -> Envelope:
    return Envelope(
        id=str(uuid4()),
        source="/ltc/opportunity",
        type="ProjectInitiated",
        subject=str(opportunity_id),
        time=datetime(2024, 4, 3, 8, 0, tzinfo=UTC),
        businessdate=INITIATED_ON,
        sequence=12,
        version=3,
        data={
            "trace": {"opportunity_id": str(opportunity_id)},
            "decided_by": "sofia",
            "sponsor": "sofia",
            "iron_triangle": {"ar": "Ana", "sr": "Sam", "fr": "Fei"},
            "origin": "sudden",
            "customer": "Acme Telecom",
            "channel": "direct_sales",
            "business_unit": "cloud",
            "owner": "Ana",
            "product": "GTX Pro",
            "region": "West",
            "expected_value": "125000.00",
            "currency": "USD",
            "occurred_on": INITIATED_ON.isoformat(),
        }
        | ({} if tier is None else {"tier": tier}),
    )


def _open_bid(tier: int, sr: str | None) -> Bid:
    opportunity_id = uuid4()
    return Bid.for_project(
        opportunity_id,
        {"opportunity_id": str(opportunity_id)},
        origin="sudden",
        customer="Acme Telecom",
        channel="direct_sales",
        business_unit="cloud",
        owner="Ana",
        product="GTX Pro",
        region="West",
        currency="USD",
        occurred_on=INITIATED_ON,
        tier=tier,
        sr=sr,
    )


@pytest.fixture
def project_initiated() -> Callable[..., Envelope]:
    """The envelope opportunity-svc publishes when an opportunity's ATI is
    approved on 2024-04-02 (a USD project for Acme Telecom)."""
    return _project_initiated


@pytest.fixture
def given() -> Callable[..., Bid]:
    """A bid opened on 2024-04-02 for a project of `tier` (1 unless given), whose
    SR is `sr` if known, after `steps`, its events already collected."""

    def make(*steps: Step, tier: int = 1, sr: str | None = None) -> Bid:
        bid = _open_bid(tier, sr)
        for step in steps:
            step(bid)
        bid.collect_events()
        return bid

    return make


@pytest.fixture
def store(tmp_path: Path) -> BidStore:
    return BidStore(env=Settings(data_dir=tmp_path).event_store_env(SERVICE))


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


def _opened(parts: ServiceParts, tier: int | None) -> str:
    unit = Unit(parts.store)
    envelope = _project_initiated(uuid4(), tier)
    REACTIONS["opportunity"]["ProjectInitiated"](envelope, unit)
    [bid] = unit.touched.values()
    parts.store.commit(bid)
    return f"/bids/{bid.id}"


@pytest.fixture
def opened(parts: ServiceParts) -> str:
    """The path of a bid the service opened for an initiated ordinary project
    (its ProjectInitiated names no tier)."""
    return _opened(parts, None)


@pytest.fixture
def opened_major(parts: ServiceParts) -> str:
    """The path of a bid opened for an initiated tier 3 (major) project."""
    return _opened(parts, 3)


@pytest.fixture
def sponsor() -> dict[str, str]:
    """The headers of a company-level sponsor, who may take any ATB."""
    return {"X-Actor": "sofia", "X-Actor-Role": "sponsor", "X-Actor-Level": "4"}


@pytest.fixture
def estimate_body() -> dict[str, Any]:
    return {
        "revenue": "120000.00",
        "cost": "84000.00",
        "currency": "USD",
        "solution": "GTX Pro cluster, three sites",
        "occurred_on": "2024-04-05",
    }
