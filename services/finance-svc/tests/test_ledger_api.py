"""finance-svc's HTTP API: every route's answers, and that a refused command
stores nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest

from ltc_shared.service import ServiceParts

SignContract = Callable[..., Awaitable[UUID]]

INVOICE = {
    "invoice_number": "0000611365",
    "amount": "4000.00",
    "due_on": "2024-05-01",
    "occurred_on": "2024-04-01",
}
PAYMENT = {
    "invoice_number": "0000611365",
    "amount": "1500.00",
    "occurred_on": "2024-04-20",
}
COST = {
    "category": "labour",
    "amount": "700.00",
    "note": "FR on site",
    "occurred_on": "2024-04-03",
}
ROUTES = [("invoices", INVOICE), ("payments", PAYMENT), ("costs", COST)]


def stored(parts: ServiceParts) -> int:
    return parts.store.recorder.max_notification_id() or 0


async def post(
    client: httpx.AsyncClient, ledger_id: UUID, path: str, body: dict[str, Any]
) -> httpx.Response:
    return await client.post(f"/ledgers/{ledger_id}/{path}", json=body)


async def test_a_signed_contract_can_be_read_as_an_empty_ledger(
    client: httpx.AsyncClient, sign_contract: SignContract
) -> None:
    ledger_id = await sign_contract()

    answer = await client.get(f"/ledgers/{ledger_id}")

    assert answer.status_code == 200
    assert answer.headers["ETag"] == '"1"'
    view = answer.json()
    assert view["id"] == str(ledger_id)
    assert view["value"] == "10000.00"
    assert view["payment_days"] == 30
    assert (view["invoiced"], view["collected"], view["outstanding"]) == (
        "0.00",
        "0.00",
        "0.00",
    )
    assert view["actual_cost"] == "0.00"
    assert view["invoices"] == []
    assert view["trace"]["ledger_id"] == str(ledger_id)


async def test_an_unknown_ledger_is_not_found(client: httpx.AsyncClient) -> None:
    answer = await client.get(f"/ledgers/{uuid4()}")

    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"


async def test_invoicing_collecting_and_booking_costs(
    client: httpx.AsyncClient, sign_contract: SignContract
) -> None:
    ledger_id = await sign_contract()

    invoiced = await post(client, ledger_id, "invoices", INVOICE)
    paid = await post(client, ledger_id, "payments", PAYMENT)
    costed = await post(client, ledger_id, "costs", COST)

    assert [a.status_code for a in (invoiced, paid, costed)] == [200, 200, 200]
    assert costed.headers["ETag"] == '"4"'
    view = costed.json()
    assert (view["invoiced"], view["collected"], view["outstanding"]) == (
        "4000.00",
        "1500.00",
        "2500.00",
    )
    assert view["uninvoiced"] == "6000.00"
    assert view["actual_cost"] == "700.00"
    assert view["costs_by_category"] == {"labour": "700.00"}
    [invoice] = view["invoices"]
    assert invoice["invoice_number"] == "0000611365"
    assert invoice["open_amount"] == "2500.00"
    assert invoice["status"] == "partly_paid"
    assert invoice["disputed"] is False


@pytest.mark.parametrize(("path", "body"), ROUTES)
async def test_commands_on_an_unknown_ledger_are_not_found(
    client: httpx.AsyncClient, path: str, body: dict[str, Any]
) -> None:
    answer = await post(client, uuid4(), path, body)

    assert answer.status_code == 404


@pytest.mark.parametrize(
    ("path", "body", "rule"),
    [
        ("invoices", INVOICE, "invoice-number-unique"),
        (
            "invoices",
            INVOICE | {"invoice_number": "2", "amount": "6000.01"},
            "invoiced-within-contract-value",
        ),
        (
            "invoices",
            INVOICE | {"invoice_number": "2", "due_on": "2024-03-31"},
            "due-not-before-issue",
        ),
        ("payments", PAYMENT | {"invoice_number": "999"}, "payment-needs-invoice"),
        ("payments", PAYMENT | {"amount": "4000.01"}, "payment-within-open-amount"),
        (
            "payments",
            PAYMENT | {"occurred_on": "2024-03-30"},
            "business-dates-in-order",
        ),
        ("costs", COST | {"occurred_on": "2024-01-01"}, "business-dates-in-order"),
    ],
)
async def test_a_refused_command_names_its_rule_and_stores_nothing(
    client: httpx.AsyncClient,
    parts: ServiceParts,
    sign_contract: SignContract,
    path: str,
    body: dict[str, Any],
    rule: str,
) -> None:
    ledger_id = await sign_contract()
    await post(client, ledger_id, "invoices", INVOICE)
    before = stored(parts)

    answer = await post(client, ledger_id, path, body)

    assert answer.status_code == 409
    assert answer.json()["rule"] == rule
    assert stored(parts) == before
    view = await client.get(f"/ledgers/{ledger_id}")
    assert view.json()["version"] == 2


@pytest.mark.parametrize(("path", "body"), ROUTES)
async def test_a_stale_version_is_refused(
    client: httpx.AsyncClient,
    parts: ServiceParts,
    sign_contract: SignContract,
    path: str,
    body: dict[str, Any],
) -> None:
    ledger_id = await sign_contract()
    await post(client, ledger_id, "invoices", INVOICE | {"invoice_number": "1"})
    before = stored(parts)

    answer = await client.post(
        f"/ledgers/{ledger_id}/{path}", json=body, headers={"If-Match": '"1"'}
    )

    assert answer.status_code == 412
    assert answer.json()["rule"] == "optimistic-concurrency"
    assert stored(parts) == before


async def test_the_current_version_is_accepted(
    client: httpx.AsyncClient, sign_contract: SignContract
) -> None:
    ledger_id = await sign_contract()

    answer = await client.post(
        f"/ledgers/{ledger_id}/invoices", json=INVOICE, headers={"If-Match": '"1"'}
    )

    assert answer.status_code == 200
    assert answer.headers["ETag"] == '"2"'


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("invoices", INVOICE | {"amount": "0"}, "amount"),
        ("invoices", INVOICE | {"amount": "10.001"}, "amount"),
        ("invoices", INVOICE | {"invoice_number": ""}, "invoice_number"),
        ("invoices", {k: v for k, v in INVOICE.items() if k != "due_on"}, "due_on"),
        ("payments", PAYMENT | {"amount": "-5"}, "amount"),
        ("payments", PAYMENT | {"occurred_on": "20 April"}, "occurred_on"),
        ("costs", COST | {"category": ""}, "category"),
        ("costs", COST | {"currency": "USD"}, "currency"),
    ],
)
async def test_an_invalid_body_names_the_field(
    client: httpx.AsyncClient,
    parts: ServiceParts,
    sign_contract: SignContract,
    path: str,
    body: dict[str, Any],
    field: str,
) -> None:
    ledger_id = await sign_contract()
    before = stored(parts)

    answer = await post(client, ledger_id, path, body)

    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == [f"body.{field}"]
    assert stored(parts) == before
