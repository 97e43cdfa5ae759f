"""The customer's credit paid back, and a project closed by ATCC that books
no more costs: given events, when a command, then new events or the rule
that refused it; and the same through the API and the contract's events."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

import httpx
import pytest

from finance_svc.domain import Ledger
from ltc_shared.bus import InProcessBus
from ltc_shared.envelope import Envelope
from ltc_shared.ids import derived_id, natural_id
from ltc_shared.service import ServiceParts
from ltc_shared.testing import event_types, new_events

D = Decimal
Refused = Callable[[Ledger, str, Callable[[], object]], None]
SignContract = Callable[..., Awaitable[UUID]]
CONTRACT_ID = derived_id(
    "contract",
    derived_id("bid", derived_id("opportunity", natural_id("lead", "MQL-7"))),
)
UPSTREAM = {"contract_id": str(CONTRACT_ID)}
ON = date(2024, 4, 20)


@pytest.fixture
def in_credit(invoiced: Ledger) -> Ledger:
    """Given also: 4,600 received against the 4,000 invoice: 600 of credit."""
    invoiced.receive_payment("BANK-1", D("4600.00"), None, ON)
    invoiced.collect_events()
    return invoiced


def test_a_refund_pays_back_part_of_the_credit(in_credit: Ledger) -> None:
    in_credit.refund_credit("RF-1", D("250.00"), date(2024, 4, 25))

    (only,) = new_events(in_credit)
    assert only[0] == "CreditRefunded"
    assert (only[1]["amount"], only[1]["credit_left"]) == (D("250.00"), D("350.00"))
    assert in_credit.receivables.unapplied == D("350.00")
    assert in_credit.actuals.collected == D("4350.00")
    assert in_credit.outstanding == D(0)


def test_the_whole_credit_may_be_refunded(in_credit: Ledger) -> None:
    in_credit.refund_credit("RF-1", D("600.00"), date(2024, 4, 25))

    assert in_credit.receivables.unapplied == D(0)


@pytest.mark.parametrize(
    ("ref", "amount", "rule"),
    [
        ("RF-2", "600.01", "refund-within-credit"),
        ("RF-2", "0", "amount-positive"),
        ("RF-1", "1.00", "refund-ref-unique"),
    ],
)
def test_a_refund_beyond_the_credit_or_repeated_is_refused(
    in_credit: Ledger, refused: Refused, ref: str, amount: str, rule: str
) -> None:
    in_credit.refund_credit("RF-1", D("100.00"), date(2024, 4, 25))
    in_credit.collect_events()

    refused(in_credit, rule, lambda: in_credit.refund_credit(ref, D(amount), ON))


def test_a_ledger_without_credit_refunds_nothing(
    invoiced: Ledger, refused: Refused
) -> None:
    refused(
        invoiced,
        "refund-within-credit",
        lambda: invoiced.refund_credit("RF-1", D("1.00"), ON),
    )


def test_no_cost_is_booked_once_atcc_closed_the_project(
    invoiced: Ledger, refused: Refused
) -> None:
    invoiced.book_cost("travel", D("80.00"), "", date(2024, 4, 30))
    assert invoiced.note_project_closed(date(2024, 5, 2))
    assert not invoiced.note_project_closed(date(2024, 5, 2))
    assert event_types(invoiced) == ["CostBooked", "ProjectClosureNoted"]

    refused(
        invoiced,
        "no-costs-after-atcc",
        lambda: invoiced.book_cost("travel", D("10.00"), "", date(2024, 5, 3)),
    )
    assert invoiced.actual_cost == D("80.00")


def contract_closed(on: str = "2024-05-02") -> Envelope:
    return Envelope(
        id=f"contract/{CONTRACT_ID}/9",
        source="/ltc/contract",
        type="ContractClosed",
        subject=str(CONTRACT_ID),
        time=datetime.now(UTC),
        businessdate=date.fromisoformat(on),
        sequence=9,
        version=9,
        data={"occurred_on": on, "trace": UPSTREAM, "decided_by": "vera"},
    )


async def test_costs_after_atcc_are_refused_through_the_api(
    client: httpx.AsyncClient,
    parts: ServiceParts,
    bus: InProcessBus,
    sign_contract: SignContract,
) -> None:
    ledger_id = await sign_contract()
    cost = {"category": "travel", "amount": "50.00", "occurred_on": "2024-04-01"}
    assert (await client.post(f"/ledgers/{ledger_id}/costs", json=cost)).is_success
    await bus.publish("ltc.contract", [contract_closed()])
    for _ in range(2):  # a repeated delivery notes the closure once
        for loop in parts.consumers:
            await loop.step()
    before = (await client.get(f"/ledgers/{ledger_id}")).json()

    late = cost | {"occurred_on": "2024-05-03"}
    answer = await client.post(f"/ledgers/{ledger_id}/costs", json=late)

    assert answer.status_code == 409
    assert answer.json()["rule"] == "no-costs-after-atcc"
    after = (await client.get(f"/ledgers/{ledger_id}")).json()
    assert after == before
    assert (after["project_closed_on"], after["actual_cost"]) == ("2024-05-02", "50.00")


async def test_a_refund_through_the_api(
    client: httpx.AsyncClient, sign_contract: SignContract
) -> None:
    ledger_id: UUID = await sign_contract()
    receipt = {"payment_ref": "BANK-1", "amount": "300.00", "occurred_on": "2024-04-01"}
    await client.post(f"/ledgers/{ledger_id}/receipts", json=receipt)
    refund = {"refund_ref": "RF-1", "amount": "120.00", "occurred_on": "2024-04-02"}

    answer = await client.post(f"/ledgers/{ledger_id}/refunds", json=refund)

    assert answer.status_code == 200, answer.json()
    view = answer.json()
    assert (view["unapplied_credit"], view["refunds"]) == ("180.00", ["RF-1"])
    assert view["actuals"]["collected"] == "180.00"
    too_much = refund | {"refund_ref": "RF-2", "amount": "180.01"}
    refused = await client.post(f"/ledgers/{ledger_id}/refunds", json=too_much)
    assert (refused.status_code, refused.json()["rule"]) == (
        409,
        "refund-within-credit",
    )


def test_no_invoice_is_raised_once_atcc_closed_the_project(
    invoiced: Ledger, refused: Refused
) -> None:
    invoiced.note_project_closed(date(2024, 5, 2))
    invoiced.collect_events()

    refused(
        invoiced,
        "no-invoices-after-atcc",
        lambda: invoiced.issue_invoice(
            "0000611366", D("500.00"), date(2024, 6, 3), False, date(2024, 5, 3)
        ),
    )
    assert list(invoiced.invoices) == ["0000611365"]


def test_a_payment_of_an_earlier_invoice_is_received_after_atcc(
    invoiced: Ledger,
) -> None:
    invoiced.note_project_closed(date(2024, 5, 2))
    invoiced.collect_events()

    invoiced.receive_payment("BANK-9", D("4000.00"), None, date(2024, 5, 3))

    assert "PaymentReceived" in event_types(invoiced)
    assert invoiced.outstanding == D(0)


async def test_invoices_after_atcc_are_refused_through_the_api(
    client: httpx.AsyncClient,
    parts: ServiceParts,
    bus: InProcessBus,
    sign_contract: SignContract,
) -> None:
    ledger_id = await sign_contract()
    first = {"invoice_number": "INV-1", "amount": "1000.00",
             "due_on": "2024-05-01", "occurred_on": "2024-04-01"}  # fmt: skip
    assert (await client.post(f"/ledgers/{ledger_id}/invoices", json=first)).is_success
    await bus.publish("ltc.contract", [contract_closed()])
    for loop in parts.consumers:
        await loop.step()
    before = (await client.get(f"/ledgers/{ledger_id}")).json()

    late = first | {"invoice_number": "INV-2", "occurred_on": "2024-05-03",
                    "due_on": "2024-06-03"}  # fmt: skip
    answer = await client.post(f"/ledgers/{ledger_id}/invoices", json=late)

    assert answer.status_code == 409
    assert answer.json()["rule"] == "no-invoices-after-atcc"
    assert (await client.get(f"/ledgers/{ledger_id}")).json() == before
    payment = {"invoice_number": "INV-1", "amount": "1000.00",
               "occurred_on": "2024-05-04"}  # fmt: skip
    paid = await client.post(f"/ledgers/{ledger_id}/payments", json=payment)
    assert paid.status_code == 200, paid.json()
    assert paid.json()["outstanding"] == "0.00"


@pytest.mark.parametrize("amount", [99999999999999.99, 10.1, 1234567890123456.7])
async def test_money_as_a_json_number_with_a_fraction_is_refused(
    client: httpx.AsyncClient, sign_contract: SignContract, amount: float
) -> None:
    """Binary floating point has already changed such an amount (the first
    would be stored as ...98): the client is asked for a string instead."""
    ledger_id: UUID = await sign_contract()
    before = (await client.get(f"/ledgers/{ledger_id}")).json()
    receipt = {"payment_ref": "BANK-1", "amount": amount, "occurred_on": "2024-04-01"}

    answer = await client.post(f"/ledgers/{ledger_id}/receipts", json=receipt)

    assert answer.status_code == 422, answer.text
    assert [e["field"] for e in answer.json()["errors"]] == ["body.amount"]
    assert (await client.get(f"/ledgers/{ledger_id}")).json() == before
    whole = receipt | {"amount": 300}
    taken = await client.post(f"/ledgers/{ledger_id}/receipts", json=whole)
    assert (taken.status_code, taken.json()["unapplied_credit"]) == (200, "300.00")
