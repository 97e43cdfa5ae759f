"""finance-svc's batch endpoint, and what a ledger publishes: many commands in
order, refused ones store nothing, every payment traced to its lead."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID, uuid4

import httpx

from ltc_shared.bus import InProcessBus
from ltc_shared.service import ServiceParts

SignContract = Callable[..., Awaitable[UUID]]


def receivables(ledger_id: UUID) -> list[dict[str, Any]]:
    """Two invoices, the first paid in two parts after the second is issued."""
    target = {"ledger_id": str(ledger_id)}
    return [
        {
            "type": "IssueInvoice",
            **target,
            "invoice_number": "0000611365",
            "amount": "6000.00",
            "due_on": "2024-04-30",
            "occurred_on": "2024-03-31",
        },
        {
            "type": "IssueInvoice",
            **target,
            "invoice_number": "0007900770",
            "amount": "4000.00",
            "due_on": "2024-05-10",
            "disputed": True,
            "occurred_on": "2024-04-10",
        },
        {
            "type": "RecordPayment",
            **target,
            "invoice_number": "0000611365",
            "amount": "2000.00",
            "occurred_on": "2024-04-05",
        },
        {
            "type": "RecordPayment",
            **target,
            "invoice_number": "0000611365",
            "amount": "4000.00",
            "occurred_on": "2024-04-28",
        },
        {
            "type": "BookCost",
            **target,
            "category": "labour",
            "amount": "3100.00",
            "occurred_on": "2024-04-30",
        },
    ]


def stored(parts: ServiceParts) -> int:
    return parts.store.recorder.max_notification_id() or 0


async def test_a_batch_runs_every_ledger_command_in_order(
    client: httpx.AsyncClient, parts: ServiceParts, sign_contract: SignContract
) -> None:
    ledger_id = await sign_contract()

    answer = await client.post(
        "/ledgers/batch", json={"commands": receivables(ledger_id)}
    )

    body = answer.json()
    assert answer.status_code == 200
    assert (body["accepted"], body["refused"]) == (5, 0)
    assert stored(parts) == 7  # with the first invoice's InvoiceSettled
    view = (await client.get(f"/ledgers/{ledger_id}")).json()
    assert (view["invoiced"], view["collected"], view["outstanding"]) == (
        "10000.00",
        "6000.00",
        "4000.00",
    )
    assert [i["status"] for i in view["invoices"]] == ["paid", "open"]
    assert view["invoices"][0]["settled_on"] == "2024-04-28"
    assert view["actual_cost"] == "3100.00"


async def test_a_refused_item_stores_nothing_and_the_others_go_on(
    client: httpx.AsyncClient, parts: ServiceParts, sign_contract: SignContract
) -> None:
    ledger_id = await sign_contract()
    first, second, payment, *_ = receivables(ledger_id)
    overpaid = payment | {"amount": "6000.01"}

    answer = await client.post(
        "/ledgers/batch", json={"commands": [payment, first, overpaid, second]}
    )

    results = answer.json()["results"]
    assert [r["status"] for r in results] == [409, 200, 409, 200]
    assert results[0]["problem"]["rule"] == "payment-needs-invoice"
    assert results[2]["problem"]["rule"] == "payment-within-open-amount"
    assert stored(parts) == 3


async def test_unknown_ledgers_stale_versions_and_bad_items_are_reported(
    client: httpx.AsyncClient, parts: ServiceParts, sign_contract: SignContract
) -> None:
    ledger_id = await sign_contract()
    invoice = receivables(ledger_id)[0]
    before = stored(parts)

    answer = await client.post(
        "/ledgers/batch",
        json={
            "commands": [
                invoice | {"ledger_id": str(uuid4())},
                invoice | {"expected_version": 3},
                invoice | {"type": "WriteOff"},
                invoice | {"due_on": "soon"},
            ]
        },
    )

    results = answer.json()["results"]
    assert [r["status"] for r in results] == [404, 412, 422, 422]
    assert results[3]["problem"]["errors"][0]["field"] == "commands.3.due_on"
    assert stored(parts) == before


async def test_every_published_payment_is_traced_back_to_its_lead(
    client: httpx.AsyncClient,
    parts: ServiceParts,
    bus: InProcessBus,
    sign_contract: SignContract,
) -> None:
    ledger_id = await sign_contract()
    await client.post("/ledgers/batch", json={"commands": receivables(ledger_id)})

    await parts.relay.step()

    published = bus.topics["ltc.finance"]
    payments = [e for e in published if e.type == "PaymentReceived"]
    assert len(payments) == 2
    for payment in payments:
        assert payment.subject == str(ledger_id)
        assert set(payment.data["trace"]) == {
            "lead_id",
            "opportunity_id",
            "bid_id",
            "contract_id",
            "ledger_id",
        }
        assert payment.data["trace"]["ledger_id"] == str(ledger_id)
    assert payments[0].data["amount"] == "2000.00"
    assert str(payments[0].businessdate) == "2024-04-05"
