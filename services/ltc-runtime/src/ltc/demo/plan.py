"""How each data set maps onto lead to cash, as chains of API commands.

A chain is the ordered commands on one aggregate for one source row. The
replay sends the chains of one stage after another; a row refused at one
stage sends nothing to the later ones. `data/README.md` explains the mapping.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from ltc.demo.datasets import ClosedDeal, Invoice, MarketingLead, Pipeline
from ltc_shared.ids import derived_id, natural_id

Command = dict[str, Any]
STAGE_ORDER = ("lead", "opportunity", "bid", "contract", "finance", "closure")
NOT_RECORDED = "not recorded in the source data"
OLIST_CURRENCY = "BRL"
# The data sets name no deciders: one company-level sponsor, named at every
# ATI, takes every decision (the replay sends it as the caller).
DEMO_SPONSOR = "demo"
CRITERIA_MET = {
    "in_purchasing_process": True,
    "has_investment_plan": True,
    "can_take_part": True,
}


@dataclass
class Chain:
    source: str
    row: str
    stage: str
    commands: list[Command]


@dataclass
class Plan:
    chains: list[Chain] = field(default_factory=list)
    adjustments: dict[str, dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    rows: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    as_of: dict[str, date] = field(default_factory=dict)

    def add(self, source: str, row: str, stage: str, *commands: Command) -> None:
        self.chains.append(Chain(source, row, stage, list(commands)))

    def adjust(self, source: str, what: str) -> None:
        self.adjustments[source][what] += 1


def _day(value: date) -> str:
    return value.isoformat()


def _money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


def _initiation(opportunity: UUID, on: date, owner: str) -> list[Command]:
    return [
        {
            "type": "RequestInitiation",
            "opportunity_id": str(opportunity),
            "requested_by": owner,
            "occurred_on": _day(on),
        },
        {
            "type": "DecideInitiation",
            "opportunity_id": str(opportunity),
            "approved": True,
            "decided_by": DEMO_SPONSOR,
            "sponsor": DEMO_SPONSOR,
            "iron_triangle": {"ar": owner, "sr": NOT_RECORDED, "fr": NOT_RECORDED},
            "occurred_on": _day(on),
        },
    ]


def _bid(
    bid: UUID,
    price: Decimal,
    decided_on: date,
    outcome_on: date,
    won: Decimal | None,
    currency: str = "USD",
) -> list[Command]:
    target = {"bid_id": str(bid)}
    outcome: Command = (
        {"won": True, "award_value": _money(won)}
        if won is not None
        else {"won": False, "reason": NOT_RECORDED}
    )
    return [
        {
            "type": "PrepareEstimate",
            **target,
            "revenue": _money(price),
            "cost": "0.00",
            "currency": currency,
            "solution": NOT_RECORDED,
            "occurred_on": _day(decided_on),
        },
        {
            "type": "DecideBid",
            **target,
            "decision": "bid",
            "reason": "opportunity pursued",
            "decided_by": "sales decision team",
            "occurred_on": _day(decided_on),
        },
        {
            "type": "SubmitBid",
            **target,
            "price": _money(price),
            "occurred_on": _day(decided_on),
        },
        {"type": "RecordOutcome", **target, **outcome, "occurred_on": _day(outcome_on)},
    ]


def _contract(contract: UUID, value: Decimal, on: date, owner: str) -> list[Command]:
    target = {"contract_id": str(contract)}
    return [
        {
            "type": "SetBudget",
            **target,
            "revenue": _money(value),
            "cost": "0.00",
            "currency": "USD",
            "occurred_on": _day(on),
        },
        {
            "type": "DecideContract",
            **target,
            "approved": True,
            "decided_by": "sales decision team",
            "occurred_on": _day(on),
        },
        {
            "type": "SignContract",
            **target,
            "value": _money(value),
            "currency": "USD",
            "payment_terms": {"days": 30},
            "signed_by": owner,
            "occurred_on": _day(on),
        },
    ]


def plan_olist(plan: Plan, leads: list[MarketingLead], deals: list[ClosedDeal]) -> None:
    closed = {deal.mql_id: deal for deal in deals}
    known = {lead.mql_id for lead in leads}
    for orphan in deals:
        if orphan.mql_id not in known:
            plan.adjust("olist", "deal without lead (rejected)")
    for lead in leads:
        plan.rows["olist"] += 1
        if lead.channel == "unknown":
            plan.adjust("olist", "empty or unknown origin kept as channel 'unknown'")
        lead_id = natural_id("lead", lead.mql_id)
        capture: Command = {
            "type": "CaptureLead",
            "external_ref": lead.mql_id,
            "customer": f"mql {lead.mql_id}",
            "channel": lead.channel,
            "business_unit": "olist",
            "first_contact_on": _day(lead.first_contact_on),
        }
        deal = closed.get(lead.mql_id)
        if deal is None:
            plan.add("olist", lead.mql_id, "lead", capture)
            continue
        capture["product"] = deal.segment
        target = {"lead_id": str(lead_id), "occurred_on": _day(deal.won_on)}
        plan.add(
            "olist",
            lead.mql_id,
            "lead",
            capture,
            {"type": "AssignLead", **target, "owner": deal.owner},
            {"type": "GradeLead", **target, "maturity": "high"},
            {
                "type": "QualifyLead",
                **target,
                "criteria": CRITERIA_MET,
                "expected_value": _money(deal.monthly_revenue),
                "currency": OLIST_CURRENCY,
            },
        )
        opportunity = derived_id("opportunity", lead_id)
        plan.add(
            "olist",
            lead.mql_id,
            "opportunity",
            *_initiation(opportunity, deal.won_on, deal.owner),
        )
        bid = derived_id("bid", opportunity)
        value = deal.monthly_revenue
        plan.add(
            "olist",
            lead.mql_id,
            "bid",
            *_bid(bid, value, deal.won_on, deal.won_on, value, OLIST_CURRENCY),
        )


def _product(name: str, prices: dict[str, Decimal], plan: Plan) -> str:
    if name in prices:
        return name
    squashed = {known.replace(" ", "").lower(): known for known in prices}
    plan.adjust("maven", f"product '{name}' read as '{squashed[name.lower()]}'")
    return squashed[name.lower()]


def plan_maven(plan: Plan, pipeline: Pipeline) -> None:
    dates = [d for deal in pipeline.deals for d in (deal.engage_on, deal.close_on) if d]
    as_of = max(dates)
    for deal in pipeline.deals:
        plan.rows["maven"] += 1
        product = _product(deal.product, pipeline.list_prices, plan)
        price = pipeline.list_prices[product]
        opened_on = deal.engage_on or as_of
        if deal.engage_on is None:
            plan.adjust("maven", f"prospecting deal opened as of {as_of}")
        opportunity = natural_id("opportunity", deal.opportunity_id)
        open_command: Command = {
            "type": "OpenOpportunity",
            "external_ref": deal.opportunity_id,
            "customer": deal.account or "unknown account",
            "channel": "direct sales",
            "business_unit": "maven",
            "owner": deal.agent,
            "product": product,
            "region": pipeline.regions[deal.agent],
            "expected_value": _money(price),
            "currency": "USD",
            "occurred_on": _day(opened_on),
        }
        if deal.stage == "Prospecting":
            plan.add("maven", deal.opportunity_id, "opportunity", open_command)
            continue
        plan.add(
            "maven",
            deal.opportunity_id,
            "opportunity",
            open_command,
            *_initiation(opportunity, opened_on, deal.agent),
        )
        if deal.stage == "Engaging" or deal.close_on is None:
            continue
        bid = derived_id("bid", opportunity)
        won = deal.close_value if deal.stage == "Won" else None
        plan.add(
            "maven",
            deal.opportunity_id,
            "bid",
            *_bid(bid, price, opened_on, deal.close_on, won),
        )
        if won is not None:
            contract = derived_id("contract", bid)
            plan.add(
                "maven",
                deal.opportunity_id,
                "contract",
                *_contract(contract, won, deal.close_on, deal.agent),
            )


def _ledger_commands(ledger: UUID, invoices: list[Invoice]) -> list[Command]:
    steps: list[tuple[date, int, Command]] = []
    for invoice in invoices:
        target = {"ledger_id": str(ledger), "invoice_number": invoice.number}
        issue = {
            "type": "IssueInvoice",
            **target,
            "amount": _money(invoice.amount),
            "due_on": _day(invoice.due_on),
            "disputed": invoice.disputed,
            "occurred_on": _day(invoice.issued_on),
        }
        pay = {
            "type": "RecordPayment",
            **target,
            "amount": _money(invoice.amount),
            "occurred_on": _day(invoice.settled_on),
        }
        steps += [(invoice.issued_on, 0, issue), (invoice.settled_on, 1, pay)]
    steps.sort(key=lambda step: (step[0], step[1]))
    return [command for _, _, command in steps]


def plan_ibm(plan: Plan, invoices: list[Invoice]) -> None:
    by_customer: dict[str, list[Invoice]] = defaultdict(list)
    for invoice in invoices:
        by_customer[invoice.customer].append(invoice)
        plan.rows["ibm"] += 1
    plan.as_of["ibm"] = max(max(i.issued_on, i.settled_on) for i in invoices)
    for customer, own in sorted(by_customer.items()):
        first = min(invoice.issued_on for invoice in own)
        value = sum((invoice.amount for invoice in own), Decimal(0))
        ref = f"ibm-ar-{customer}"
        opportunity = natural_id("opportunity", ref)
        opened: Command = {
            "type": "OpenOpportunity",
            "external_ref": ref,
            "customer": customer,
            "channel": "existing customer",
            "business_unit": "ibm-ar",
            "owner": NOT_RECORDED,
            "product": NOT_RECORDED,
            "region": f"country {own[0].country}",
            "expected_value": _money(value),
            "currency": "USD",
            "occurred_on": _day(first),
        }
        owner = NOT_RECORDED
        plan.add(
            "ibm",
            customer,
            "opportunity",
            opened,
            *_initiation(opportunity, first, owner),
        )
        bid = derived_id("bid", opportunity)
        plan.add("ibm", customer, "bid", *_bid(bid, value, first, first, value))
        contract = derived_id("contract", bid)
        plan.add("ibm", customer, "contract", *_contract(contract, value, first, owner))
        ledger = derived_id("ledger", contract)
        plan.add("ibm", customer, "finance", *_ledger_commands(ledger, own))
        # Every invoice is settled: the contract closes (ATCC) on the last day.
        last = max(max(i.issued_on, i.settled_on) for i in own)
        closure = {"type": "CloseContract", "contract_id": str(contract)}
        plan.add("ibm", customer, "closure", closure | {"occurred_on": _day(last)})
