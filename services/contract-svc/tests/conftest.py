"""Fixtures of contract-svc's tests: contracts in known states, the upstream
BidWon event, the wired service and a way to win a bid through the bus."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest

from contract_svc.domain import Contract, Profile
from contract_svc.service import build
from ltc_shared.authority import Actor
from ltc_shared.bus import InProcessBus
from ltc_shared.envelope import Envelope
from ltc_shared.errors import DomainError
from ltc_shared.ids import derived_id, natural_id
from ltc_shared.service import ServiceParts
from ltc_shared.settings import Settings

LEAD_ID = natural_id("lead", "MQL-7")
OPPORTUNITY_ID = derived_id("opportunity", LEAD_ID)
BID_ID = derived_id("bid", OPPORTUNITY_ID)
WON_ON = date(2024, 3, 1)
SPONSOR = Actor(id="sponsor.wang", role="sponsor", level=4)
AR = Actor(id="ar.li", role="ar")

ACTING = {"X-Actor": "sponsor.wang", "X-Actor-Role": "sponsor", "X-Actor-Level": "4"}
"""Who the API tests act as, unless a test says otherwise."""

BidWonFactory = Callable[..., Envelope]
WinBid = Callable[..., Awaitable[UUID]]


def bid_won_envelope(bid_id: UUID = BID_ID, **data: Any) -> Envelope:
    """A BidWon as bid-svc publishes it: amounts and dates as strings."""
    payload = {
        "award_value": "120000.00",
        "currency": "USD",
        "occurred_on": WON_ON.isoformat(),
        "trace": {
            "lead_id": str(LEAD_ID),
            "opportunity_id": str(OPPORTUNITY_ID),
            "bid_id": str(bid_id),
        },
    } | data
    return Envelope(
        id=f"bid/{bid_id}/5",
        source="/ltc/bid",
        type="BidWon",
        subject=str(bid_id),
        time=datetime.now(UTC),
        businessdate=WON_ON,
        sequence=5,
        version=5,
        data=payload,
    )


@pytest.fixture
def bid_won() -> BidWonFactory:
    """Make the BidWon of a bid won by lead MQL-7's opportunity."""
    return bid_won_envelope


@pytest.fixture
def drafted() -> Contract:
    """Given: a contract drafted from a bid won on 2024-03-01 for 120,000 USD."""
    contract = Contract.draft(
        derived_id("contract", BID_ID),
        BID_ID,
        OPPORTUNITY_ID,
        Decimal("120000.00"),
        "USD",
        Profile(customer="Acme", owner="ar.li"),
        WON_ON,
        bid_won_envelope().data["trace"],
    )
    contract.collect_events()
    return contract


@pytest.fixture
def budgeted(drafted: Contract) -> Contract:
    """Given also: a budget of 120,000 revenue and 90,000 cost on 2024-03-05."""
    drafted.set_budget(
        Decimal("120000.00"), Decimal("90000.00"), "USD", date(2024, 3, 5)
    )
    drafted.collect_events()
    return drafted


@pytest.fixture
def approved(budgeted: Contract) -> Contract:
    """Given also: the signing decision (ATC) approved it on 2024-03-08."""
    budgeted.decide(True, SPONSOR, None, date(2024, 3, 8))
    budgeted.collect_events()
    return budgeted


@pytest.fixture
def signed(approved: Contract) -> Contract:
    """Given also: signed on 2024-03-12 for 118,000 USD, payment in 30 days."""
    approved.sign(Decimal("118000.00"), "USD", 30, "ar.li", date(2024, 3, 12), AR)
    approved.collect_events()
    return approved


@pytest.fixture
def bus() -> InProcessBus:
    return InProcessBus()


@pytest.fixture
def parts(tmp_path: Path, bus: InProcessBus) -> ServiceParts:
    return build(Settings(data_dir=tmp_path), bus)


@pytest.fixture
async def client(parts: ServiceParts) -> AsyncIterator[httpx.AsyncClient]:
    """A client acting as a company-level sponsor."""
    transport = httpx.ASGITransport(app=parts.api)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://contract", headers=ACTING
    ) as http:
        yield http


@pytest.fixture
def win_bid(parts: ServiceParts, bus: InProcessBus) -> WinBid:
    """Publish a BidWon on the bus, let the service react; the contract's id."""

    async def win(bid_id: UUID = BID_ID, **data: Any) -> UUID:
        await bus.publish("ltc.bid", [bid_won_envelope(bid_id, **data)])
        for loop in parts.consumers:
            await loop.step()
        return derived_id("contract", bid_id)

    return win


Refused = Callable[[Contract, str, Callable[[], None]], None]


@pytest.fixture
def refused() -> Refused:
    """Then: the command is refused by `rule` (409, or 403 for authority) and
    the contract records nothing."""

    def check(contract: Contract, rule: str, command: Callable[[], None]) -> None:
        version = contract.version
        with pytest.raises(DomainError) as caught:
            command()
        assert caught.value.rule == rule
        assert contract.collect_events() == []
        assert contract.version == version

    return check
