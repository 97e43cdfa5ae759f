"""How the events of contracts and ledgers fold into documents."""

from __future__ import annotations

from datetime import date
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
        "signed_value": None,
        "changes": [],
        "disputes": {},
        "lost_on": None,
        "lost_reason": None,
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
        "signed_value": money(data["value"]),
        "payment_days": int(data["payment_terms"]["days"]),
    }


def _contract_closed(doc: Doc, data: Data, on: str) -> None:
    doc |= {"status": "closed", "closed_on": on}


def _change_approved(doc: Doc, data: Data, on: str) -> None:
    """An approved change (ATAC) moves the contract value and the budget."""
    value_delta = Decimal(money(data["value_delta"]))
    revenue_delta = Decimal(money(data.get("budget_revenue_delta", 0)))
    cost_delta = Decimal(money(data.get("budget_cost_delta", 0)))
    doc["value"] = str(Decimal(doc["value"]) + value_delta)
    budget = doc["budget"]
    if budget is not None:
        budget["revenue"] = str(Decimal(budget["revenue"]) + revenue_delta)
        budget["cost"] = str(Decimal(budget["cost"]) + cost_delta)
    doc.setdefault("changes", []).append(
        {
            "change_id": str(data["change_id"]),
            "value_delta": str(value_delta),
            "budget_revenue_delta": str(revenue_delta),
            "budget_cost_delta": str(cost_delta),
            "approved_on": on,
        }
    )


def _contract_lost(doc: Doc, data: Data, on: str) -> None:
    doc |= {"status": "lost", "lost_on": on, "lost_reason": str(data["reason"])}


def _dispute_opened(doc: Doc, data: Data, on: str) -> None:
    dispute = str(data["dispute_id"])
    doc.setdefault("disputes", {})[dispute] = {
        "subject": str(data["subject"]),
        "opened_on": on,
        "closed_on": None,
        "resolution": None,
    }


def _dispute_closed(doc: Doc, data: Data, on: str) -> None:
    dispute = doc["disputes"][str(data["dispute_id"])]
    dispute |= {"closed_on": on, "resolution": str(data["resolution"])}


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
        "customer_credits": [],
        "final_accounts": None,
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
        "advance": bool(data.get("advance", False)),
        "advance_deduction": money(data.get("advance_deduction", 0)),
        "credit_notes": [],
        "credits_applied": [],
    }


def _payment_received(doc: Doc, data: Data, on: str) -> None:
    invoice = doc["invoices"][str(data["invoice_number"])]
    amount = money(data["amount"])
    paid = Decimal(invoice["paid"]) + Decimal(amount)
    invoice["paid"] = str(paid)
    invoice["payments"].append({"received_on": on, "amount": amount})
    _settle_when_nothing_owed(invoice, on)


def _settle_when_nothing_owed(invoice: Doc, on: str) -> None:
    """Events published before InvoiceSettled existed settle an invoice by
    what was paid; InvoiceSettled, when it comes, names the date itself."""
    if invoice["settled_on"] is None and owed(invoice) <= 0:
        invoice["settled_on"] = on


def owed(invoice: Doc, until: date | None = None) -> Decimal:
    """What the customer still owes on an invoice, up to `until` if given:
    the amount less the advance it recovers, less what credit notes took off
    (net of the advance they gave back), less payments and credit applied."""

    def kept(day: str) -> bool:
        return until is None or date.fromisoformat(day) <= until

    credited = sum(
        (
            Decimal(note["amount"]) - Decimal(note["advance_returned"])
            for note in invoice.get("credit_notes", [])
            if kept(note["issued_on"])
        ),
        Decimal(0),
    )
    settled = sum(
        (
            Decimal(part["amount"])
            for name in ("payments", "credits_applied")
            for part in invoice.get(name, [])
            if kept(part["received_on"])
        ),
        Decimal(0),
    )
    deduction = Decimal(invoice.get("advance_deduction", "0"))
    return Decimal(invoice["amount"]) - deduction - credited - settled


def _credit_note_issued(doc: Doc, data: Data, on: str) -> None:
    invoice = doc["invoices"][str(data["invoice_number"])]
    invoice.setdefault("credit_notes", []).append(
        {
            "number": str(data["credit_note_number"]),
            "amount": money(data["amount"]),
            "advance_returned": money(data.get("advance_returned", 0)),
            "issued_on": on,
        }
    )


def _credit_applied(doc: Doc, data: Data, on: str) -> None:
    invoice = doc["invoices"][str(data["invoice_number"])]
    invoice.setdefault("credits_applied", []).append(
        {"received_on": on, "amount": money(data["amount"])}
    )
    _settle_when_nothing_owed(invoice, on)


def _customer_credit_recorded(doc: Doc, data: Data, on: str) -> None:
    doc.setdefault("customer_credits", []).append(
        {"received_on": on, "amount": money(data["amount"])}
    )


def _credit_refunded(doc: Doc, data: Data, on: str) -> None:
    # paid back to the customer: collected no more
    doc.setdefault("customer_credits", []).append(
        {"received_on": on, "amount": money(-Decimal(str(data["amount"])))}
    )


def _invoice_settled(doc: Doc, data: Data, on: str) -> None:
    doc["invoices"][str(data["invoice_number"])]["settled_on"] = on


def _final_accounts_drawn(doc: Doc, data: Data, on: str) -> None:
    doc["final_accounts"] = {
        name: money(data[name]) for name in ("revenue", "cost", "margin", "collected")
    } | {"drawn_on": on}


def _cost_booked(doc: Doc, data: Data, on: str) -> None:
    cost = {
        "category": str(data["category"]),
        "amount": money(data["amount"]),
        "booked_on": on,
    }
    # labour booked as hours says whose and how many
    if data.get("role") is not None:
        cost["role"] = str(data["role"])
    if data.get("hours") is not None:
        cost["hours"] = money(data["hours"])
    doc["costs"].append(cost)


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
    "ChangeApproved": ("contract", _change_approved),
    "ContractLost": ("contract", _contract_lost),
    "DisputeOpened": ("contract", _dispute_opened),
    "DisputeClosed": ("contract", _dispute_closed),
    "InvoiceIssued": ("ledger", _invoice_issued),
    "PaymentReceived": ("ledger", _payment_received),
    "CostBooked": ("ledger", _cost_booked),
    "CreditNoteIssued": ("ledger", _credit_note_issued),
    "CreditApplied": ("ledger", _credit_applied),
    "CustomerCreditRecorded": ("ledger", _customer_credit_recorded),
    "CreditRefunded": ("ledger", _credit_refunded),
    "InvoiceSettled": ("ledger", _invoice_settled),
    "FinalAccountsDrawn": ("ledger", _final_accounts_drawn),
}
