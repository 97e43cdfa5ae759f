from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest

from lead_svc.service import build
from ltc_shared.bus import InProcessBus
from ltc_shared.service import ServiceParts
from ltc_shared.settings import Settings


@pytest.fixture
def parts(tmp_path: Path) -> ServiceParts:
    return build(Settings(data_dir=tmp_path), InProcessBus())


@pytest.fixture
async def client(parts: ServiceParts) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=parts.api)
    async with httpx.AsyncClient(transport=transport, base_url="http://lead") as c:
        yield c


@pytest.fixture
def stored(parts: ServiceParts) -> Callable[[], int]:
    """How many events the lead store holds: a refused command adds none."""
    return lambda: parts.store.recorder.max_notification_id() or 0
