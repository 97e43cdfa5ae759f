"""Every route of reporting-svc over the projected cloud story."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID, uuid4

import httpx
import pytest

from ltc_shared.bus import InProcessBus
from ltc_shared.settings import Settings
from reporting_svc.service import build
from reporting_svc.testing import Story

PROBLEM = "application/problem+json"


async def test_the_funnel_answers_each_stage_with_decimal_money(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/funnel", params={"business_unit": "cloud"})

    assert response.status_code == 200
    (only,) = response.json()["slices"]
    won = next(s for s in only["stages"] if s["stage"] == "won")
    assert (won["count"], won["value"], won["conversion"]) == (1, "1050.00", "0.5000")
    assert only["lead_to_won"] == "0.3333"


async def test_the_funnel_slices_by_channel(client: httpx.AsyncClient) -> None:
    response = await client.get("/funnel", params={"by": "channel"})

    assert response.status_code == 200
    assert [s["key"] for s in response.json()["slices"]] == ["direct", "partner", "web"]


async def test_win_rates_by_period(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/funnel/win-rates", params={"business_unit": "cloud", "by": "period"}
    )

    assert response.status_code == 200
    body = response.json()
    assert [(r["key"], r["win_rate"]) for r in body["rows"]] == [
        ("2024Q1", "1.0000"),
        ("2024Q2", "0.0000"),
    ]
    assert body["total"]["won_value"] == "1050.00"


async def test_the_pnl_pages_projects_under_the_totals(
    client: httpx.AsyncClient, cloud: dict[str, UUID]
) -> None:
    response = await client.get("/pnl", params={"offset": 1, "limit": 1})

    assert response.status_code == 200
    body = response.json()
    assert (body["total"], body["offset"], body["limit"]) == (3, 1, 1)
    assert [p["project_id"] for p in body["projects"]] == [str(cloud["s1"])]
    assert body["totals"][0]["final_accounts"]["margin"] == "650.00"


async def test_one_project_pnl(
    client: httpx.AsyncClient, cloud: dict[str, UUID]
) -> None:
    response = await client.get(f"/pnl/projects/{cloud['o1']}")

    assert response.status_code == 200
    body = response.json()
    assert body["stage"] == "closed"
    assert body["budget"] == {
        "revenue": "1050.00",
        "cost": "600.00",
        "margin": "450.00",
    }


async def test_receivables_as_of_a_business_date(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/receivables", params={"as_of": "2024-04-15", "business_unit": "cloud"}
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["outstanding"], body["overdue"], body["invoice_count"]) == (
        "850.00",
        "300.00",
        2,
    )


async def test_receivables_find_a_ledger_that_names_no_unit_by_its_contract(
    tmp_path: Path,
) -> None:
    story = Story()
    bid = story.initiate(story.sudden("x1", "2024-03-01", "10.00", "cy"), "2024-03-02")
    contract = story.win(bid, "2024-03-07", "50.00")
    ledger = story.sign(contract, "2024-03-08", "50.00", named=False)
    story.invoice(ledger, "1", "50.00", "2024-03-09", "2024-04-08", False)
    bus = InProcessBus()
    parts = build(Settings(data_dir=tmp_path), bus)
    for topic, envelopes in story.by_topic().items():
        await bus.publish(topic, envelopes)
    while await parts.consumer.step():
        pass
    transport = httpx.ASGITransport(app=parts.api)

    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.get(
            "/receivables", params={"as_of": "2024-06-30", "business_unit": "cloud"}
        )

    assert response.json()["invoice_count"] == 1
    await parts.store.close()


async def test_a_payment_trace(
    client: httpx.AsyncClient, cloud: dict[str, UUID]
) -> None:
    response = await client.get(f"/trace/payments/{cloud['g1']}/INV-2")

    assert response.status_code == 200
    body = response.json()
    assert body["origin"] == "lead"
    assert body["invoice"]["disputed"] is True
    assert body["lead"]["lead_id"] == str(cloud["l1"])


async def test_the_lead_register_filters_and_pages(
    client: httpx.AsyncClient, cloud: dict[str, UUID]
) -> None:
    response = await client.get(
        "/leads", params={"business_unit": "cloud", "status": "qualified", "limit": 1}
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["total"], body["limit"]) == (2, 1)
    assert [row["lead_id"] for row in body["items"]] == [str(cloud["l1"])]


@pytest.mark.parametrize(
    "path",
    [
        "/pnl/projects/{unknown}",
        "/pnl/projects/{s2}",
        "/trace/payments/{unknown}/INV-1",
        "/trace/payments/{g1}/INV-404",
    ],
)
async def test_an_unknown_resource_is_a_404_problem(
    client: httpx.AsyncClient, cloud: dict[str, UUID], path: str
) -> None:
    ids = {name: str(value) for name, value in cloud.items()}
    response = await client.get(path.format(unknown=uuid4(), **ids))

    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["status"] == 404


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/funnel", {"by": "colour"}, "query.by"),
        ("/funnel/win-rates", {"by": "origin"}, "query.by"),
        ("/funnel", {"business_unit": ""}, "query.business_unit"),
        ("/pnl", {"limit": 0}, "query.limit"),
        ("/pnl/projects/not-a-uuid", {}, "path.project_id"),
        ("/receivables", {}, "query.as_of"),
        ("/receivables", {"as_of": "15/04/2024"}, "query.as_of"),
        ("/trace/payments/42/INV-1", {}, "path.ledger_id"),
        ("/leads", {"status": "won"}, "query.status"),
        ("/leads", {"offset": -1}, "query.offset"),
    ],
)
async def test_an_invalid_query_is_a_422_naming_the_field(
    client: httpx.AsyncClient, path: str, params: dict[str, str | int], field: str
) -> None:
    response = await client.get(path, params=params)

    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    assert field in [e["field"] for e in response.json()["errors"]]


async def test_the_read_model_is_ready(client: httpx.AsyncClient) -> None:
    response = await client.get("/health/ready")

    assert response.status_code == 200
    assert response.json()["checks"] == {"read_model": True}
