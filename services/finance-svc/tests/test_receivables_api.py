"""The routes of billing plans, credit notes, cash, dunning, ageing and final
accounts: every answer, and that a refused command stores nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest

from ltc_shared.bus import InProcessBus
from ltc_shared.service import ServiceParts

SignContract = Callable[..., Awaitable[UUID]]
ON = {"occurred_on": "2024-04-01"}
INVOICE = {
    "invoice_number": "0000611365",
    "amount": "4000.00",
    "due_on": "2024-05-01",
    "occurred_on": "2024-04-01",
}
PLAN = {
    "lines": [
        {"line_id": "A", "kind": "advance", "due_on": "2024-04-01", "amount": "1000"},
        {
            "line_id": "M1",
            "kind": "milestone",
            "due_on": "2024-06-01",
            "amount": "4000",
        },
        {
            "line_id": "M2",
            "kind": "milestone",
            "due_on": "2024-09-01",
            "amount": "6000",
        },
    ],
    "occurred_on": "2024-03-20",
}
GENERATED = {
    "value": "10000.00",
    "advance_share": "0.3",
    "instalments": 3,
    "first_due_on": "2024-04-01",
    "interval_days": 30,
    "occurred_on": "2024-03-20",
}
CREDIT_NOTE = {"credit_note_number": "CN-1", "invoice_number": "0000611365"} | {
    "amount": "500.00",
    "occurred_on": "2024-04-02",
}
RECEIPT = {"payment_ref": "BANK-1", "amount": "4500.00", "occurred_on": "2024-04-20"}
APPLY = {"invoice_number": "0000611365", "amount": "10.00", "occurred_on": "2024-04-21"}
REFUND = {"refund_ref": "RF-1", "amount": "10.00", "occurred_on": "2024-04-21"}
DUNNING = {"invoice_number": "0000611365", "level": 1, "occurred_on": "2024-05-02"}
LABOUR = {"category": "labour", "role": "FR", "hours": "7.5", "rate": "80.00"} | ON
FINAL = {"occurred_on": "2024-06-30"}

# each route, a body it accepts once the ledger has INVOICE, one it refuses
# with the rule named, and a body missing a field
ROUTES: list[tuple[str, dict[str, Any], dict[str, Any], str, str]] = [
    (
        "billing-plan",
        PLAN,
        PLAN | {"lines": PLAN["lines"][:2]},
        "plan-sums-to-contract-value",
        "lines",
    ),
    (
        "billing-plan/generate",
        GENERATED,
        GENERATED | {"value": "9999.99"},
        "plan-sums-to-contract-value",
        "instalments",
    ),
    (
        "credit-notes",
        CREDIT_NOTE,
        CREDIT_NOTE | {"amount": "4000.01"},
        "credited-within-invoiced",
        "credit_note_number",
    ),
    (
        "receipts",
        RECEIPT,
        RECEIPT | {"allocations": [{"invoice_number": "9", "amount": "1.00"}]},
        "payment-needs-invoice",
        "payment_ref",
    ),
    (
        "credit-applications",
        APPLY,
        APPLY,
        "credit-within-unapplied",
        "invoice_number",
    ),
    (
        "refunds",
        REFUND,
        REFUND,
        "refund-within-credit",
        "refund_ref",
    ),
    (
        "dunning-notices",
        DUNNING,
        DUNNING | {"level": 2},
        "dunning-levels-in-order",
        "level",
    ),
    (
        "costs",
        LABOUR,
        LABOUR | {"amount": "1.00"},
        "cost-is-hours-times-rate",
        "category",
    ),
    (
        "final-accounts",
        FINAL,
        FINAL,
        "final-accounts-need-nothing-open",
        "occurred_on",
    ),
]
SUCCEEDS = [
    pytest.param(path, ok, id=path)
    for path, ok, *_ in ROUTES
    if path not in {"credit-applications", "refunds", "final-accounts"}
]


def stored(parts: ServiceParts) -> int:
    return parts.store.recorder.max_notification_id() or 0


async def post(
    client: httpx.AsyncClient, ledger_id: UUID, path: str, body: dict[str, Any]
) -> httpx.Response:
    return await client.post(f"/ledgers/{ledger_id}/{path}", json=body)


@pytest.fixture
async def ledger_id(client: httpx.AsyncClient, sign_contract: SignContract) -> UUID:
    """Given: a signed contract's ledger with invoice 0000611365 of 4,000."""
    found = await sign_contract()
    assert (await post(client, found, "invoices", INVOICE)).status_code == 200
    return found


@pytest.mark.parametrize(("path", "body"), SUCCEEDS)
async def test_a_command_answers_the_ledger(
    client: httpx.AsyncClient, ledger_id: UUID, path: str, body: dict[str, Any]
) -> None:
    answer = await post(client, ledger_id, path, body)

    assert answer.status_code == 200, answer.json()
    assert answer.headers["ETag"] == f'"{answer.json()["version"]}"'
    assert int(answer.headers["ETag"].strip('"')) > 2


async def test_cash_is_received_credited_applied_and_the_books_closed(
    client: httpx.AsyncClient, ledger_id: UUID
) -> None:
    await post(client, ledger_id, "receipts", RECEIPT)
    await post(client, ledger_id, "invoices", INVOICE | {"invoice_number": "2"})
    await post(
        client, ledger_id, "credit-applications", APPLY | {"invoice_number": "2"}
    )
    await post(client, ledger_id, "receipts", RECEIPT | {"payment_ref": "BANK-2"})
    await post(client, ledger_id, "costs", LABOUR)
    answer = await post(client, ledger_id, "final-accounts", FINAL)

    assert answer.status_code == 200, answer.json()
    view = answer.json()
    assert view["outstanding"] == "0.00"
    assert view["unapplied_credit"] == "1000.00"
    assert view["costs_by_role"] == {"FR": "600.00"}
    expected = {
        "revenue": "8000.00",
        "cost": "600.00",
        "margin": "7400.00",
        "collected": "9000.00",
    }
    assert view["actuals"] == expected
    assert view["final_accounts"] == expected
    assert [i["status"] for i in view["invoices"]] == ["paid", "paid"]


async def test_the_ageing_of_the_receivables(
    client: httpx.AsyncClient, ledger_id: UUID
) -> None:
    answer = await client.get(f"/ledgers/{ledger_id}/ageing?as_of=2024-06-15")

    assert answer.status_code == 200
    assert answer.json() == {
        "ledger_id": str(ledger_id),
        "as_of": "2024-06-15",
        "not_yet_due": "0.00",
        "days_1_30": "0.00",
        "days_31_60": "4000.00",
        "days_61_90": "0.00",
        "over_90": "0.00",
        "total_outstanding": "4000.00",
        "unapplied_credit": "0.00",
    }


@pytest.mark.parametrize("query", ["", "?as_of=soon"])
async def test_the_ageing_needs_a_date(
    client: httpx.AsyncClient, ledger_id: UUID, query: str
) -> None:
    answer = await client.get(f"/ledgers/{ledger_id}/ageing{query}")

    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["query.as_of"]


async def test_the_ageing_of_an_unknown_ledger_is_not_found(
    client: httpx.AsyncClient,
) -> None:
    answer = await client.get(f"/ledgers/{uuid4()}/ageing?as_of=2024-06-15")

    assert answer.status_code == 404


@pytest.mark.parametrize(("path", "body"), [(r[0], r[1]) for r in ROUTES])
async def test_a_command_on_an_unknown_ledger_is_not_found(
    client: httpx.AsyncClient, path: str, body: dict[str, Any]
) -> None:
    assert (await post(client, uuid4(), path, body)).status_code == 404


@pytest.mark.parametrize(("path", "body", "rule"), [(r[0], r[2], r[3]) for r in ROUTES])
async def test_a_refused_command_names_its_rule_and_stores_nothing(
    client: httpx.AsyncClient,
    parts: ServiceParts,
    ledger_id: UUID,
    path: str,
    body: dict[str, Any],
    rule: str,
) -> None:
    before = stored(parts)

    answer = await post(client, ledger_id, path, body)

    assert answer.status_code == 409
    assert answer.json()["rule"] == rule
    assert stored(parts) == before
    assert (await client.get(f"/ledgers/{ledger_id}")).json()["version"] == 2


@pytest.mark.parametrize(
    ("path", "body", "field"), [(r[0], r[1], r[4]) for r in ROUTES]
)
async def test_an_invalid_body_names_the_field(
    client: httpx.AsyncClient,
    parts: ServiceParts,
    ledger_id: UUID,
    path: str,
    body: dict[str, Any],
    field: str,
) -> None:
    before = stored(parts)

    answer = await post(
        client, ledger_id, path, {k: v for k, v in body.items() if k != field}
    )

    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == [f"body.{field}"]
    assert stored(parts) == before


@pytest.mark.parametrize(("path", "body"), [(r[0], r[1]) for r in ROUTES])
async def test_a_stale_version_is_refused(
    client: httpx.AsyncClient,
    parts: ServiceParts,
    ledger_id: UUID,
    path: str,
    body: dict[str, Any],
) -> None:
    before = stored(parts)

    answer = await client.post(
        f"/ledgers/{ledger_id}/{path}", json=body, headers={"If-Match": '"1"'}
    )

    assert answer.status_code == 412
    assert stored(parts) == before


async def test_the_new_commands_run_in_a_batch(
    client: httpx.AsyncClient,
    parts: ServiceParts,
    bus: InProcessBus,
    ledger_id: UUID,
) -> None:
    target = {"ledger_id": str(ledger_id)}
    commands = [
        {"type": "IssueCreditNote", **target, **CREDIT_NOTE},
        {"type": "ReceivePayment", **target, **RECEIPT},
        {"type": "SendDunningNotice", **target, **DUNNING},
        {"type": "BookCost", **target, **LABOUR},
        {"type": "ApplyCredit", **target, **APPLY},
        {"type": "DrawFinalAccounts", **target, **FINAL},
        {"type": "SetBillingPlan", **target, **PLAN},
        {"type": "GenerateBillingPlan", **target, **GENERATED},
    ]

    answer = await client.post("/ledgers/batch", json={"commands": commands})

    results = answer.json()["results"]
    assert [r["status"] for r in results] == [200, 200, 409, 200, 409, 200, 409, 409]
    assert results[2]["problem"]["rule"] == "dunning-only-when-overdue"
    assert results[4]["problem"]["rule"] == "payment-within-open-amount"
    assert results[6]["problem"]["rule"] == "books-closed-by-final-accounts"
    await parts.relay.step()
    published = [e.type for e in bus.topics["ltc.finance"]]
    assert published[-7:] == [
        "CreditNoteIssued",
        "PaymentReceived",
        "CustomerCreditRecorded",
        "InvoiceSettled",
        "AccountSettled",
        "CostBooked",
        "FinalAccountsDrawn",
    ]
