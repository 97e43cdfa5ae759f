"""How the events of contracts and ledgers fold into documents."""

from __future__ import annotations

from decimal import Decimal

from reporting_svc.documents import (
    DESCRIPTIVE,
    Data,
    Doc,
    Step,
    copy_fields,
    day,
    money,
)

# contract


def _contract_drafted(doc: Doc, data: Data, on: str) -> None:
    copy_fields(doc, data, (*DESCRIPTIVE, "origin", "currency"))
    doc |= {
        "bid_id": str(data["bid_id"]),
        "opportunity_id": str(data["opportunity_id"]),
        "value": money(data["value"]),
        "drafted_on": on,
        "status": "draft",
        "budget": None,
        "budget_set_on": None,
        "approved_on": None,
        "revisions": [],
        "signed_on": None,
        "payment_days": None,
        "closed_on": None,
    }


def _budget_set(doc: Doc, data: Data, on: str) -> None:
    doc["budget"] = {
        "revenue": money(data["revenue"]),
        "cost": money(data["cost"]),
        "currency": str(data["currency"]),
    }
    doc["budget_set_on"] = on


def _contract_approved(doc: Doc, data: Data, on: str) -> None:
    doc |= {"status": "approved", "approved_on": on}


def _revision_requested(doc: Doc, data: Data, on: str) -> None:
    doc["revisions"].append({"requested_on": on, "reason": str(data["reason"])})
    doc["status"] = "revision"


def _contract_signed(doc: Doc, data: Data, on: str) -> None:
    copy_fields(doc, data, (*DESCRIPTIVE, "currency"))
    doc |= {
        "status": "signed",
        "signed_on": on,
        "value": money(data["value"]),
        "payment_days": int(data["payment_terms"]["days"]),
    }


def _contract_closed(doc: Doc, data: Data, on: str) -> None:
    doc |= {"status": "closed", "closed_on": on}


# ledger


def _ledger_opened(doc: Doc, data: Data, on: str) -> None:
    copy_fields(doc, data, ("customer", "business_unit", "currency"))
    doc |= {
        "contract_id": str(data["contract_id"]),
        "value": money(data["value"]),
        "payment_days": int(data["payment_days"]),
        "opened_on": on,
        "invoices": {},
        "costs": [],
    }


def _invoice_issued(doc: Doc, data: Data, on: str) -> None:
    number = str(data["invoice_number"])
    if number in doc["invoices"]:
        raise ValueError(f"invoice {number} was already issued")
    doc["invoices"][number] = {
        "number": number,
        "amount": money(data["amount"]),
        "issued_on": on,
        "due_on": day(data["due_on"]),
        "disputed": bool(data.get("disputed", False)),
        "paid": "0",
        "payments": [],
        "settled_on": None,
    }


def _payment_received(doc: Doc, data: Data, on: str) -> None:
    invoice = doc["invoices"][str(data["invoice_number"])]
    amount = money(data["amount"])
    paid = Decimal(invoice["paid"]) + Decimal(amount)
    invoice["paid"] = str(paid)
    invoice["payments"].append({"received_on": on, "amount": amount})
    if invoice["settled_on"] is None and paid >= Decimal(invoice["amount"]):
        invoice["settled_on"] = on


def _cost_booked(doc: Doc, data: Data, on: str) -> None:
    doc["costs"].append(
        {
            "category": str(data["category"]),
            "amount": money(data["amount"]),
            "booked_on": on,
        }
    )


OPENING: dict[str, tuple[str, Step]] = {
    "ContractDrafted": ("contract", _contract_drafted),
    "LedgerOpened": ("ledger", _ledger_opened),
}
CHANGES: dict[str, tuple[str, Step]] = {
    "BudgetSet": ("contract", _budget_set),
    "ContractApproved": ("contract", _contract_approved),
    "ContractRevisionRequested": ("contract", _revision_requested),
    "ContractSigned": ("contract", _contract_signed),
    "ContractClosed": ("contract", _contract_closed),
    "InvoiceIssued": ("ledger", _invoice_issued),
    "PaymentReceived": ("ledger", _payment_received),
    "CostBooked": ("ledger", _cost_booked),
}
