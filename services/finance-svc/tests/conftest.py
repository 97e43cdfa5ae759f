"""Fixtures of finance-svc's tests: ledgers in known states, the upstream
ContractSigned event, the wired service and a way to sign a contract through
the bus."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest

from finance_svc.domain import Ledger
from finance_svc.service import build
from ltc_shared.bus import InProcessBus
from ltc_shared.envelope import Envelope
from ltc_shared.errors import RuleViolated
from ltc_shared.ids import derived_id, natural_id
from ltc_shared.service import ServiceParts
from ltc_shared.settings import Settings
from ltc_shared.testing import event_types

LEAD_ID = natural_id("lead", "MQL-7")
OPPORTUNITY_ID = derived_id("opportunity", LEAD_ID)
BID_ID = derived_id("bid", OPPORTUNITY_ID)
CONTRACT_ID = derived_id("contract", BID_ID)
SIGNED_ON = date(2024, 3, 12)
UPSTREAM = {
    "lead_id": str(LEAD_ID),
    "opportunity_id": str(OPPORTUNITY_ID),
    "bid_id": str(BID_ID),
    "contract_id": str(CONTRACT_ID),
}

ContractSignedFactory = Callable[..., Envelope]
SignContract = Callable[..., Awaitable[UUID]]
Refused = Callable[[Ledger, str, Callable[[], object]], None]


def contract_signed_envelope(contract_id: UUID = CONTRACT_ID, **data: Any) -> Envelope:
    """A ContractSigned as contract-svc publishes it: amounts, dates as strings."""
    payload = {
        "value": "10000.00",
        "currency": "USD",
        "payment_terms": {"days": 30},
        "signed_by": "ar.li",
        "customer": "Acme",
        "channel": "paid_search",
        "business_unit": "cloud",
        "owner": "ar.li",
        "product": "GTX Pro",
        "region": "EMEA",
        "occurred_on": SIGNED_ON.isoformat(),
        "trace": UPSTREAM | {"contract_id": str(contract_id)},
    } | data
    return Envelope(
        id=f"contract/{contract_id}/4",
        source="/ltc/contract",
        type="ContractSigned",
        subject=str(contract_id),
        time=datetime.now(UTC),
        businessdate=SIGNED_ON,
        sequence=4,
        version=4,
        data=payload,
    )


@pytest.fixture
def contract_signed() -> ContractSignedFactory:
    """Make the ContractSigned of the contract won by lead MQL-7's bid."""
    return contract_signed_envelope


@pytest.fixture
def opened() -> Ledger:
    """Given: the ledger of a contract signed on 2024-03-12 for 10,000 USD."""
    ledger = Ledger.open(
        CONTRACT_ID,
        Decimal("10000.00"),
        "USD",
        30,
        "Acme",
        "cloud",
        SIGNED_ON,
        UPSTREAM,
    )
    ledger.collect_events()
    return ledger


@pytest.fixture
def invoiced(opened: Ledger) -> Ledger:
    """Given also: invoice 0000611365 of 4,000 issued 2024-04-01, due 2024-05-01."""
    opened.issue_invoice(
        "0000611365", Decimal("4000.00"), date(2024, 5, 1), False, date(2024, 4, 1)
    )
    opened.collect_events()
    return opened


@pytest.fixture
def bus() -> InProcessBus:
    return InProcessBus()


@pytest.fixture
def parts(tmp_path: Path, bus: InProcessBus) -> ServiceParts:
    return build(Settings(data_dir=tmp_path), bus)


@pytest.fixture
async def client(parts: ServiceParts) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=parts.api)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://finance"
    ) as http:
        yield http


@pytest.fixture
def sign_contract(parts: ServiceParts, bus: InProcessBus) -> SignContract:
    """Publish a ContractSigned on the bus, let the service react; the ledger's
    id."""

    async def sign(contract_id: UUID = CONTRACT_ID, **data: Any) -> UUID:
        envelope = contract_signed_envelope(contract_id, **data)
        await bus.publish("ltc.contract", [envelope])
        for loop in parts.consumers:
            await loop.step()
        return derived_id("ledger", contract_id)

    return sign


@pytest.fixture
def refused() -> Refused:
    """Then: the command is refused by `rule` and the ledger records nothing."""

    def check(ledger: Ledger, rule: str, command: Callable[[], object]) -> None:
        version = ledger.version
        with pytest.raises(RuleViolated) as caught:
            command()
        assert caught.value.rule == rule
        assert event_types(ledger) == []
        assert ledger.version == version

    return check
