"""A bid follows its project after ATI: a changed tier sets the level of the
ATB decider, a newly appointed sponsor is the one who may take it, and the
decision records the risk register version it saw. An older or repeated
fact changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest

from bid_svc.application import BidStore
from bid_svc.consumers import REACTIONS
from bid_svc.domain import Bid
from ltc_shared.authority import Actor
from ltc_shared.bus import InProcessBus
from ltc_shared.consumer import Unit
from ltc_shared.envelope import Envelope
from ltc_shared.errors import Forbidden
from ltc_shared.ids import derived_id
from ltc_shared.service import ServiceParts

Initiated = Callable[..., Envelope]
ON = "2024-04-04"


def project_event(
    opportunity_id: UUID, type_: str, version: int, **data: Any
) -> Envelope:
    return Envelope(
        id=str(uuid4()),
        source="/ltc/opportunity",
        type=type_,
        subject=str(opportunity_id),
        time=datetime(2024, 4, 4, tzinfo=UTC),
        businessdate=date.fromisoformat(ON),
        sequence=version,
        version=version,
        data={"occurred_on": ON, "trace": {}} | data,
    )


def deliver(store: BidStore, *envelopes: Envelope) -> Bid:
    for envelope in envelopes:
        unit = Unit(store)
        REACTIONS["opportunity"][envelope.type](envelope, unit)
        store.commit(*unit.touched.values())
    return store.load(Bid, derived_id("bid", envelopes[0].subject), "bid")


def test_the_bid_follows_tier_sponsor_and_risk_register(
    store: BidStore, project_initiated: Initiated
) -> None:
    initiated = project_initiated(uuid4(), 2)  # at project version 3
    project = UUID(initiated.subject)

    bid = deliver(
        store,
        initiated,
        project_event(project, "RiskRaised", 4, risk_id="R1", register_version=1),
        project_event(project, "ProjectTypeSet", 5, tier=4, scale="strategic"),
        project_event(project, "SponsorAppointed", 6, sponsor="max", tier=4),
        project_event(project, "RiskClosed", 7, risk_id="R1", register_version=2),
    )

    assert (bid.tier, bid.sponsor, bid.risk_register_version) == (4, "max", 2)
    assert bid.project_version == 7
    assert bid.last_step_on == date(2024, 4, 2)  # the project's dates are its own


def test_an_older_or_repeated_fact_changes_nothing(
    store: BidStore, project_initiated: Initiated
) -> None:
    initiated = project_initiated(uuid4())
    project = UUID(initiated.subject)
    newer = project_event(project, "RiskUpdated", 6, risk_id="R1", register_version=3)
    deliver(store, initiated, newer)
    stored = store.recorder.max_notification_id()

    bid = deliver(
        store,
        newer,
        project_event(project, "RiskRaised", 5, risk_id="R1", register_version=2),
        project_event(project, "ProjectTypeSet", 4, tier=3, scale="major"),
    )

    assert (bid.tier, bid.risk_register_version) == (1, 3)
    assert store.recorder.max_notification_id() == stored


def test_a_fact_about_a_project_without_a_bid_is_ignored(store: BidStore) -> None:
    unit = Unit(store)

    REACTIONS["opportunity"]["ProjectTypeSet"](
        project_event(uuid4(), "ProjectTypeSet", 2, tier=3), unit
    )

    assert unit.touched == {}


async def _follow(parts: ServiceParts, opened: str, *envelopes: Envelope) -> None:
    unit = Unit(parts.store)
    for envelope in envelopes:
        REACTIONS["opportunity"][envelope.type](envelope, unit)
    parts.store.commit(*unit.touched.values())


async def test_the_atb_follows_the_raised_tier_and_the_new_sponsor(
    client: httpx.AsyncClient,
    parts: ServiceParts,
    bus: InProcessBus,
    opened: str,
    estimate_body: dict[str, Any],
) -> None:
    bid = parts.store.load(Bid, UUID(opened.rsplit("/", 1)[-1]), "bid")
    project = bid.opportunity_id
    await client.post(f"{opened}/estimate", json=estimate_body)
    await _follow(
        parts,
        opened,
        project_event(project, "RiskRaised", 4, register_version=1),
        project_event(project, "ProjectTypeSet", 5, tier=2),
    )
    atb = {"decision": "bid", "reason": "fits", "occurred_on": "2024-04-08"}
    review = {"reviewer": "Rita", "opinions": [], "verdict": "pass"}
    reviewed = await client.post(
        f"{opened}/solution-reviews", json=review | {"occurred_on": "2024-04-06"}
    )
    assert reviewed.status_code == 200, reviewed.text
    sofia = {"X-Actor": "sofia", "X-Actor-Role": "sponsor"}

    junior = await client.post(
        f"{opened}/atb", json=atb, headers=sofia | {"X-Actor-Level": "1"}
    )
    assert (junior.status_code, junior.json()["rule"]) == (403, "atb-level")
    await _follow(parts, opened, project_event(project, "SponsorAppointed", 6,
                                               sponsor="max", tier=2))  # fmt: skip
    stored = parts.store.recorder.max_notification_id()
    former = await client.post(
        f"{opened}/atb", json=atb, headers=sofia | {"X-Actor-Level": "4"}
    )
    assert (former.status_code, former.json()["rule"]) == (403, "atb-named-sponsor")
    assert parts.store.recorder.max_notification_id() == stored

    max_ = {"X-Actor": "max", "X-Actor-Role": "sponsor", "X-Actor-Level": "2"}
    decided = await client.post(f"{opened}/atb", json=atb, headers=max_)

    assert decided.status_code == 200, decided.text
    await parts.relay.step()
    (event,) = [e for e in bus.topics["ltc.bid"] if e.type == "BidDecided"]
    assert event.data["inputs"] == {"estimate_version": 1, "risk_register_version": 1}


def test_a_new_team_renames_the_ar_and_sr_of_the_bid(
    store: BidStore, project_initiated: Initiated
) -> None:
    initiated = project_initiated(uuid4())
    project = UUID(initiated.subject)
    triangle = {"ar": "Al", "sr": "Sam", "fr": "Fei"}

    bid = deliver(
        store,
        initiated,
        project_event(project, "TeamAppointed", 4, iron_triangle=triangle),
    )

    assert (bid.ar, bid.sr, bid.fr) == ("Al", "Sam", "Fei")
    ana = Actor(id="Ana", role="ar")
    with pytest.raises(Forbidden) as refused:
        bid.set_price(Decimal("1.00"), "value based", ana, date(2024, 4, 5))
    assert refused.value.rule == "pricing-named-ar"
