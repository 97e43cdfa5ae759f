"""Reports computed from the documents alone: the funnel and win rates (in
`funnel`), project P&L over the four calculations, receivables, the trace of
a payment back to its lead, and the lead register."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from uuid import UUID

from ltc_shared.errors import NotFound
from ltc_shared.money import cents
from ltc_shared.web import Page
from reporting_svc.chains import (
    Docs,
    ReadModel,
    amount,
    collected,
    on,
    rate,
    total,
)
from reporting_svc.funnel import funnel, win_rates
from reporting_svc.projection import Doc
from reporting_svc.schemas import (
    Actuals,
    Figures,
    LeadFilters,
    LeadRow,
    Pnl,
    PnlTotals,
    ProjectPnl,
    ProjectStage,
    Receivables,
)
from reporting_svc.tracing import trace

__all__ = [
    "funnel",
    "lead_register",
    "pnl",
    "project_pnl",
    "receivables",
    "trace",
    "win_rates",
]


def _figures(calculation: Doc | None) -> Figures | None:
    """An estimate or a budget, as it was last set."""
    if calculation is None:
        return None
    revenue, cost = Decimal(calculation["revenue"]), Decimal(calculation["cost"])
    return Figures(
        revenue=cents(revenue), cost=cents(cost), margin=cents(revenue - cost)
    )


def _actuals(ledger: Doc | None, until: date | None = None) -> Actuals:
    """Invoiced revenue, booked cost and cash collected, up to `until` if given."""

    def kept(day: str) -> bool:
        return until is None or date.fromisoformat(day) <= until

    revenue = cost = Decimal(0)
    if ledger is not None:
        revenue = total(
            [
                Decimal(i["amount"])
                for i in ledger["invoices"].values()
                if kept(i["issued_on"])
            ]
        )
        cost = total(
            [Decimal(c["amount"]) for c in ledger["costs"] if kept(c["booked_on"])]
        )
    return Actuals(
        revenue=cents(revenue),
        cost=cents(cost),
        margin=cents(revenue - cost),
        collected=cents(collected(ledger, until)),
    )


def _project_stage(bid: Doc | None, contract: Doc | None) -> ProjectStage:
    if contract is not None:
        if contract["closed_on"] is not None:
            return "closed"
        return "in_execution" if contract["signed_on"] is not None else "contracting"
    if bid is None:
        return "initiated"
    if bid["decision"] == "no_bid":
        return "no_bid"
    return "lost" if bid["lost_on"] is not None else "bidding"


def _id(doc: Doc | None) -> UUID | None:
    return None if doc is None else UUID(doc["id"])


def _project(model: ReadModel, opportunity: Doc) -> ProjectPnl:
    bid, contract, ledger = model.downstream(opportunity)
    closed_on = None if contract is None else on(contract["closed_on"])
    return ProjectPnl(
        project_id=UUID(opportunity["id"]),
        customer=opportunity.get("customer"),
        business_unit=opportunity.get("business_unit"),
        owner=opportunity.get("owner"),
        product=opportunity.get("product"),
        region=opportunity.get("region"),
        origin=opportunity.get("origin"),
        stage=_project_stage(bid, contract),
        initiated_on=date.fromisoformat(opportunity["initiated_on"]),
        closed_on=closed_on,
        currency=(contract or bid or opportunity).get("currency"),
        contract_value=None if contract is None else amount(contract["value"]),
        bid_id=_id(bid),
        contract_id=_id(contract),
        ledger_id=_id(ledger),
        estimate=None if bid is None else _figures(bid["estimate"]),
        budget=None if contract is None else _figures(contract["budget"]),
        actuals=_actuals(ledger),
        final_accounts=None if closed_on is None else _actuals(ledger, closed_on),
    )


def _sum_figures(items: Sequence[Figures | None]) -> Figures:
    kept = [f for f in items if f is not None]
    return Figures(
        revenue=cents(total([f.revenue for f in kept])),
        cost=cents(total([f.cost for f in kept])),
        margin=cents(total([f.margin for f in kept])),
    )


def _sum_actuals(items: Sequence[Actuals | None]) -> Actuals:
    kept = [a for a in items if a is not None]
    return Actuals(
        **_sum_figures(kept).model_dump(),
        collected=cents(total([a.collected for a in kept])),
    )


def pnl(docs: Docs, business_unit: str | None = None) -> Pnl:
    """Every project (an opportunity past ATI) against the four calculations."""
    model = ReadModel(docs, business_unit)
    initiated = [o for o in model.kept(model.opportunities) if o["initiated_on"]]
    initiated.sort(key=lambda o: (o["initiated_on"], o["id"]))
    projects = [_project(model, o) for o in initiated]
    currencies = sorted({p.currency or "" for p in projects})
    totals = [
        _totals(
            currency or None, [p for p in projects if (p.currency or "") == currency]
        )
        for currency in currencies
    ]
    return Pnl(business_unit=business_unit, totals=totals, projects=projects)


def _totals(currency: str | None, projects: list[ProjectPnl]) -> PnlTotals:
    return PnlTotals(
        currency=currency,
        projects=len(projects),
        closed=sum(p.final_accounts is not None for p in projects),
        estimate=_sum_figures([p.estimate for p in projects]),
        budget=_sum_figures([p.budget for p in projects]),
        actuals=_sum_actuals([p.actuals for p in projects]),
        final_accounts=_sum_actuals([p.final_accounts for p in projects]),
    )


def project_pnl(
    docs: Docs, project_id: UUID, business_unit: str | None = None
) -> ProjectPnl:
    model = ReadModel(docs, business_unit)
    opportunity = model.opportunities.get(str(project_id))
    if opportunity is None or not model.in_unit(opportunity):
        raise NotFound(f"project {project_id} does not exist")
    if not opportunity["initiated_on"]:
        raise NotFound(f"project {project_id} does not exist")
    return _project(model, opportunity)


def receivables(
    docs: Docs, as_of: date, business_unit: str | None = None
) -> Receivables:
    """Invoices issued and cash received up to `as_of`, and what is overdue."""
    invoiced = paid = overdue = Decimal(0)
    count = overdue_count = late = disputed = 0
    customers: set[str] = set()
    model = ReadModel(docs, business_unit)
    for ledger in model.kept(model.ledgers):
        for invoice in ledger["invoices"].values():
            if date.fromisoformat(invoice["issued_on"]) > as_of:
                continue
            customers.add(model.field(ledger, "customer") or ledger["id"])
            due_on = date.fromisoformat(invoice["due_on"])
            settled_on = on(invoice["settled_on"])
            received = total(
                [
                    Decimal(p["amount"])
                    for p in invoice["payments"]
                    if date.fromisoformat(p["received_on"]) <= as_of
                ]
            )
            still_open = Decimal(invoice["amount"]) - received
            count += 1
            invoiced += Decimal(invoice["amount"])
            paid += received
            disputed += bool(invoice["disputed"])
            if due_on < as_of and still_open > 0:
                overdue += still_open
                overdue_count += 1
            if settled_on is not None and due_on < settled_on <= as_of:
                late += 1
    return Receivables(
        business_unit=business_unit,
        as_of=as_of,
        customers=len(customers),
        invoice_count=count,
        invoiced=cents(invoiced),
        collected=cents(paid),
        outstanding=cents(invoiced - paid),
        overdue=cents(overdue),
        overdue_count=overdue_count,
        paid_late=late,
        share_paid_late=rate(late, count),
        disputed=disputed,
    )


def lead_register(
    docs: Docs, filters: LeadFilters, offset: int = 0, limit: int = 50
) -> Page[LeadRow]:
    """The lead register, oldest first contact first."""
    model = ReadModel(docs, filters.business_unit)
    wanted = filters.model_dump(exclude_none=True, exclude={"business_unit"})
    leads = [
        lead
        for lead in model.kept(model.leads)
        if all(lead.get(name) == value for name, value in wanted.items())
    ]
    leads.sort(key=lambda lead: (lead["first_contact_on"], lead["id"]))
    rows = [_lead_row(model, lead) for lead in leads[offset : offset + limit]]
    return Page[LeadRow](items=rows, total=len(leads), offset=offset, limit=limit)


def _lead_row(model: ReadModel, lead: Doc) -> LeadRow:
    opportunity = model.opportunity_of_lead.get(lead["id"])
    return LeadRow(
        lead_id=UUID(lead["id"]),
        status=lead["status"],
        customer=lead.get("customer"),
        channel=lead.get("channel"),
        business_unit=lead.get("business_unit"),
        product=lead.get("product"),
        region=lead.get("region"),
        owner=lead["owner"],
        maturity=lead["maturity"],
        pain_points=lead["pain_points"],
        touches=lead["touches"],
        next_step=lead["next_step"],
        first_contact_on=date.fromisoformat(lead["first_contact_on"]),
        qualified_on=on(lead["qualified_on"]),
        dropped_on=on(lead["dropped_on"]),
        drop_reason=lead["drop_reason"],
        expected_value=amount(lead["expected_value"]),
        currency=lead["currency"],
        opportunity_id=_id(opportunity),
    )
