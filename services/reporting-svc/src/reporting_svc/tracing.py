"""The trace of a payment: from the invoice back through the contract, the bid
and the opportunity to the lead it came from, or to none for a sudden one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from ltc_shared.errors import NotFound
from reporting_svc.chains import Docs, ReadModel, amount, on
from reporting_svc.projection import Doc
from reporting_svc.schemas import (
    BidStep,
    ContractStep,
    InvoiceStep,
    LeadStep,
    OpportunityStep,
    Payment,
    PaymentTrace,
)


def _invoice(ledger: Doc, invoice: Doc) -> InvoiceStep:
    return InvoiceStep(
        ledger_id=UUID(ledger["id"]),
        invoice_number=invoice["number"],
        amount=Decimal(invoice["amount"]),
        issued_on=date.fromisoformat(invoice["issued_on"]),
        due_on=date.fromisoformat(invoice["due_on"]),
        disputed=invoice["disputed"],
        paid=Decimal(invoice["paid"]),
        settled_on=on(invoice["settled_on"]),
        payments=[
            Payment(received_on=p["received_on"], amount=Decimal(p["amount"]))
            for p in invoice["payments"]
        ],
    )


def _contract(contract: Doc) -> ContractStep:
    return ContractStep(
        contract_id=UUID(contract["id"]),
        value=Decimal(contract["value"]),
        currency=contract.get("currency"),
        signed_on=on(contract["signed_on"]),
        payment_days=contract["payment_days"],
        closed_on=on(contract["closed_on"]),
    )


def _bid(bid: Doc) -> BidStep:
    return BidStep(
        bid_id=UUID(bid["id"]),
        decision=bid["decision"],
        decided_on=on(bid["decided_on"]),
        submitted_on=on(bid["submitted_on"]),
        price=amount(bid["price"]),
        won_on=on(bid["won_on"]),
        award_value=amount(bid["award_value"]),
    )


def _opportunity(opportunity: Doc) -> OpportunityStep:
    return OpportunityStep(
        opportunity_id=UUID(opportunity["id"]),
        origin=opportunity.get("origin"),
        owner=opportunity.get("owner"),
        sponsor=opportunity["sponsor"],
        opened_on=date.fromisoformat(opportunity["opened_on"]),
        initiated_on=on(opportunity["initiated_on"]),
        expected_value=Decimal(opportunity["expected_value"]),
    )


def _lead(lead: Doc) -> LeadStep:
    return LeadStep(
        lead_id=UUID(lead["id"]),
        channel=lead.get("channel"),
        captured_on=date.fromisoformat(lead["captured_on"]),
        qualified_on=on(lead["qualified_on"]),
    )


def trace(
    docs: Docs, ledger_id: UUID, invoice_number: str, business_unit: str | None = None
) -> PaymentTrace:
    """Walk back from an invoice; a step not yet projected is left as none."""
    model = ReadModel(docs, business_unit)
    ledger = model.ledgers.get(str(ledger_id))
    if ledger is None or not model.in_unit(ledger):
        raise NotFound(f"ledger {ledger_id} does not exist")
    invoice = ledger["invoices"].get(invoice_number)
    if invoice is None:
        raise NotFound(f"invoice {invoice_number} of ledger {ledger_id} does not exist")

    contract = model.contracts.get(ledger["contract_id"])
    bid = None if contract is None else model.bids.get(contract["bid_id"])
    opportunity = (
        None if bid is None else model.opportunities.get(bid["opportunity_id"])
    )
    lead_id = None if opportunity is None else opportunity.get("lead_id")
    lead = None if lead_id is None else model.leads.get(lead_id)

    origin = None
    if opportunity is not None:
        origin = "lead" if opportunity.get("origin") == "lead" else "sudden"
    return PaymentTrace(
        origin=origin,
        invoice=_invoice(ledger, invoice),
        contract=None if contract is None else _contract(contract),
        bid=None if bid is None else _bid(bid),
        opportunity=None if opportunity is None else _opportunity(opportunity),
        lead=None if lead is None else _lead(lead),
    )
