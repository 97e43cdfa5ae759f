"""contract-svc's execution routes: success, 404, 409 with the rule, 403 for
ATAC, 422 naming the field, and the closure (ATCC) held back by disputes
and unpaid invoices; each refusal stores nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest

from ltc_shared.bus import InProcessBus
from ltc_shared.envelope import Envelope
from ltc_shared.service import ServiceParts

WinBid = Callable[..., Awaitable[UUID]]
Step = tuple[str, dict[str, Any]]

BUDGET = {
    "revenue": "120000.00",
    "cost": "90000.00",
    "currency": "USD",
    "occurred_on": "2024-03-05",
}
SIGNATURE = {
    "value": "118000.00",
    "currency": "USD",
    "payment_terms": {"days": 45},
    "signed_by": "ar.li",
    "occurred_on": "2024-03-12",
}
SIGNED: list[Step] = [
    ("budget", BUDGET),
    ("atc", {"approved": True, "occurred_on": "2024-03-08"}),
    ("signature", SIGNATURE),
]
ON = {"occurred_on": "2024-04-01"}
HANDOVER = {"attendees": ["ar.li", "fr.chen"], "commitments": ["go-live in June"]}
PO = {"po_number": "PO-1", "value": "50000.00"}
MILESTONE = {
    "milestone_id": "M1",
    "name": "pilot",
    "due_on": "2024-06-01",
    "value": "30000.00",
}
CHANGE = {
    "change_id": "CR-1",
    "value_delta": "10000.00",
    "budget_revenue_delta": "9000.00",
    "budget_cost_delta": "6000.00",
    "scope": "a second site",
    "new_end_on": "2025-03-31",
}
REVIEW = {"change_id": "CR-1", "reviewer": "pmo.gao", "verdict": "accepted"}
AGREEMENT = {"change_id": "CR-1", "customer_signatory": "cio.kim"}
DISPUTE = {"dispute_id": "D-1", "subject": "late acceptance"}
LEAD = {
    "customer": "Acme",
    "need": "a second site",
    "channel": "referral",
    "business_unit": "cloud",
    "region": "EMEA",
    "product": "X",
}


AR = {"X-Actor": "ar.li", "X-Actor-Role": "ar"}


def caller_for(path: str) -> dict[str, str] | None:
    """The project's AR records the handover and signs change agreements; the
    client's sponsor does the rest."""
    return AR if path in ("handover", "change-agreements") else None


def step(path: str, body: dict[str, Any]) -> Step:
    return path, body | ON


APPROVAL = step("atac", {"change_id": "CR-1", "approved": True})
ROUTES: list[tuple[list[Step], Step, Callable[[dict[str, Any]], Any]]] = [
    ([], step("handover", HANDOVER), lambda e: e["commitments"]),
    ([], step("purchase-orders", PO), lambda e: e["purchase_orders"]),
    (
        [step("purchase-orders", PO)],
        step("purchase-order-confirmations", {"po_number": "PO-1"}),
        lambda e: e["purchase_orders"][0]["confirmed_on"],
    ),
    ([], step("milestones", MILESTONE), lambda e: e["milestones"]),
    (
        [step("milestones", MILESTONE)],
        step("acceptances", {"milestone_id": "M1"}),
        lambda e: e["milestones"][0]["accepted_on"],
    ),
    ([], step("changes", CHANGE), lambda e: e["changes"]),
    (
        [step("changes", CHANGE)],
        step("change-reviews", REVIEW),
        lambda e: e["changes"][0]["reviews"][0]["verdict"],
    ),
    (
        [step("changes", CHANGE), step("change-reviews", REVIEW)],
        step("atac", {"change_id": "CR-1", "approved": True}),
        lambda e: e["scope"] and e["unsigned_change_agreements"] == ["CR-1"],
    ),
    (
        [step("changes", CHANGE), step("change-reviews", REVIEW), APPROVAL],
        step("change-agreements", AGREEMENT),
        lambda e: e["changes"][0]["agreement"]["signed_by"] == "ar.li",
    ),
    ([], step("disputes", DISPUTE), lambda e: e["disputes"]),
    (
        [step("disputes", DISPUTE)],
        step("dispute-closures", {"dispute_id": "D-1", "resolution": "credit"}),
        lambda e: e["disputes"][0]["closed_on"],
    ),
    ([], step("leads", LEAD), lambda e: e["leads_found"]),
]


async def given(
    client: httpx.AsyncClient, contract_id: UUID, steps: list[Step]
) -> None:
    for path, body in steps:
        answer = await client.post(
            f"/contracts/{contract_id}/{path}", json=body, headers=caller_for(path)
        )
        assert answer.status_code == 200, answer.text


def stored(parts: ServiceParts) -> int:
    return parts.store.recorder.max_notification_id() or 0


@pytest.mark.parametrize(("steps", "when", "shows"), ROUTES)
async def test_each_execution_route_records_its_step(
    client: httpx.AsyncClient,
    win_bid: WinBid,
    steps: list[Step],
    when: Step,
    shows: Callable[[dict[str, Any]], Any],
) -> None:
    contract_id = await win_bid()
    await given(client, contract_id, [*SIGNED, *steps])

    answer = await client.post(
        f"/contracts/{contract_id}/{when[0]}", json=when[1], headers=caller_for(when[0])
    )

    assert answer.status_code == 200, answer.text
    view = answer.json()
    assert answer.headers["ETag"] == f'"{view["version"]}"'
    assert shows(view["execution"])


async def test_an_approved_change_shows_in_value_and_budget(
    client: httpx.AsyncClient, win_bid: WinBid
) -> None:
    contract_id = await win_bid()
    reviewed = step("change-reviews", REVIEW)
    await given(client, contract_id, [*SIGNED, step("changes", CHANGE), reviewed,
                                      APPROVAL])  # fmt: skip

    view = (await client.get(f"/contracts/{contract_id}")).json()

    assert view["value"] == "128000.00"
    assert view["budget"]["version"] == 2
    assert view["budget"]["revenue"] == "129000.00"
    assert view["execution"]["end_on"] == "2025-03-31"


@pytest.mark.parametrize(("steps", "when", "shows"), ROUTES)
async def test_execution_routes_on_an_unknown_contract_are_not_found(
    client: httpx.AsyncClient,
    steps: list[Step],
    when: Step,
    shows: Callable[[dict[str, Any]], Any],
) -> None:
    answer = await client.post(
        f"/contracts/{uuid4()}/{when[0]}", json=when[1], headers=caller_for(when[0])
    )

    assert answer.status_code == 404


@pytest.mark.parametrize(
    ("steps", "when", "rule"),
    [
        (SIGNED[:2], step("handover", HANDOVER), "execution-needs-signature"),
        (
            SIGNED,
            step("purchase-orders", PO | {"value": "118000.01"}),
            "po-within-contract",
        ),
        (
            SIGNED,
            step("purchase-order-confirmations", {"po_number": "X"}),
            "po-unknown",
        ),
        (
            SIGNED,
            step("milestones", MILESTONE | {"value": "118000.01"}),
            "milestones-within-contract",
        ),
        (SIGNED, step("acceptances", {"milestone_id": "M9"}), "milestone-unknown"),
        ([*SIGNED, step("changes", CHANGE)], step("changes", CHANGE), "change-unique"),
        (
            SIGNED,
            step("atac", {"change_id": "CR-9", "approved": True}),
            "change-unknown",
        ),
        ([*SIGNED, step("changes", CHANGE)], APPROVAL, "atac-needs-accepted-review"),
        (
            [*SIGNED, step("changes", CHANGE)],
            step("change-agreements", AGREEMENT),
            "change-agreement-after-atac",
        ),
        (
            [*SIGNED, step("changes", CHANGE), step("change-reviews", REVIEW)],
            step("change-reviews", REVIEW | {"verdict": "rejected"}),
            "change-rejection-needs-opinions",
        ),
        (
            [
                *SIGNED,
                step("changes", CHANGE),
                step("change-reviews", REVIEW),
                APPROVAL,
            ],
            ("closure", {"occurred_on": "2024-12-20"}),
            "atcc-change-agreement-unsigned",
        ),
        (
            [*SIGNED, step("disputes", DISPUTE)],
            step("disputes", DISPUTE),
            "dispute-unique",
        ),
        (
            SIGNED,
            step("dispute-closures", {"dispute_id": "D-9", "resolution": "x"}),
            "dispute-unknown",
        ),
        (SIGNED[:2], step("leads", LEAD), "execution-needs-signature"),
        (
            [*SIGNED, step("disputes", DISPUTE)],
            ("closure", {"occurred_on": "2024-12-20"}),
            "atcc-dispute-open",
        ),
    ],
)
async def test_a_refused_execution_step_names_its_rule_and_stores_nothing(
    client: httpx.AsyncClient,
    parts: ServiceParts,
    win_bid: WinBid,
    steps: list[Step],
    when: Step,
    rule: str,
) -> None:
    contract_id = await win_bid()
    await given(client, contract_id, steps)
    before = stored(parts)

    answer = await client.post(
        f"/contracts/{contract_id}/{when[0]}", json=when[1], headers=caller_for(when[0])
    )

    assert answer.status_code == 409
    assert answer.json()["rule"] == rule
    assert stored(parts) == before


@pytest.mark.parametrize(
    ("role", "level", "rule"), [("fr", 4, "atac-role"), ("sponsor", 2, "atac-level")]
)
async def test_atac_without_authority_is_forbidden_and_stores_nothing(
    client: httpx.AsyncClient,
    parts: ServiceParts,
    win_bid: WinBid,
    role: str,
    level: int,
    rule: str,
) -> None:
    contract_id = await win_bid(tier=3)
    await given(client, contract_id, [*SIGNED, step("changes", CHANGE)])
    before = stored(parts)
    caller = {"X-Actor": "someone", "X-Actor-Role": role, "X-Actor-Level": str(level)}

    path, body = step("atac", {"change_id": "CR-1", "approved": True})
    answer = await client.post(
        f"/contracts/{contract_id}/{path}", json=body, headers=caller
    )

    assert answer.status_code == 403
    assert answer.json()["rule"] == rule
    assert stored(parts) == before


def invoice_issued(contract_id: UUID) -> Envelope:
    return Envelope(
        id=f"finance/ledger-of-{contract_id}/2",
        source="/ltc/finance",
        type="InvoiceIssued",
        subject=f"ledger-of-{contract_id}",
        time=datetime.now(UTC),
        businessdate=None,
        sequence=2,
        version=2,
        data={
            "invoice_number": "INV-1",
            "amount": "1000.00",
            "occurred_on": "2024-04-02",
            "trace": {"contract_id": str(contract_id)},
        },
    )


async def test_atcc_waits_for_unpaid_invoices(
    client: httpx.AsyncClient,
    parts: ServiceParts,
    bus: InProcessBus,
    win_bid: WinBid,
) -> None:
    contract_id = await win_bid()
    await given(client, contract_id, SIGNED)
    await bus.publish("ltc.finance", [invoice_issued(contract_id)])
    for loop in parts.consumers:
        await loop.step()
    before = stored(parts)

    answer = await client.post(
        f"/contracts/{contract_id}/closure", json={"occurred_on": "2024-12-20"}
    )

    assert answer.status_code == 409
    assert answer.json()["rule"] == "atcc-invoice-unpaid"
    assert stored(parts) == before
    view = (await client.get(f"/contracts/{contract_id}")).json()
    assert view["execution"]["open_receivables"] == "1000.00"


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("handover", {"attendees": [], **ON}, "attendees"),
        ("purchase-orders", PO | {"value": "0"} | ON, "value"),
        ("purchase-order-confirmations", ON, "po_number"),
        ("milestones", MILESTONE | {"due_on": "soon"} | ON, "due_on"),
        ("acceptances", {"milestone_id": "M1"}, "occurred_on"),
        ("changes", {k: v for k, v in CHANGE.items() if k != "scope"} | ON, "scope"),
        ("atac", {"change_id": "CR-1", **ON}, "approved"),
        ("disputes", {"dispute_id": "D-1", **ON}, "subject"),
        ("dispute-closures", {"dispute_id": "D-1", **ON}, "resolution"),
        ("leads", LEAD | {"need": ""} | ON, "need"),
    ],
)
async def test_an_invalid_execution_body_names_the_field(
    client: httpx.AsyncClient,
    parts: ServiceParts,
    win_bid: WinBid,
    path: str,
    body: dict[str, Any],
    field: str,
) -> None:
    contract_id = await win_bid()
    before = stored(parts)

    answer = await client.post(f"/contracts/{contract_id}/{path}", json=body)

    assert answer.status_code == 422
    assert any(e["field"].endswith(field) for e in answer.json()["errors"])
    assert stored(parts) == before


async def test_a_handover_recorded_by_anyone_but_the_ar_or_fr_is_forbidden(
    client: httpx.AsyncClient, parts: ServiceParts, win_bid: WinBid
) -> None:
    contract_id = await win_bid()
    await given(client, contract_id, SIGNED)
    before = stored(parts)

    path, body = step("handover", HANDOVER)
    answer = await client.post(f"/contracts/{contract_id}/{path}", json=body)

    assert answer.status_code == 403
    assert answer.json()["rule"] == "handover-role"
    assert stored(parts) == before
