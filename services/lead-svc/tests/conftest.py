from __future__ import annotations

from collections.abc import AsyncIterator
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
