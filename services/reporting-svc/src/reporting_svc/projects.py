"""Project P&L: each project (an opportunity past ATI) against the four
calculations side by side (estimate, budget, actuals, final accounts), and the
variance from the estimate explained by cause."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from uuid import UUID

from ltc_shared.errors import NotFound
from ltc_shared.money import cents
from reporting_svc.chains import Docs, ReadModel, amount, collected, on, total
from reporting_svc.projection import Doc
from reporting_svc.schemas import (
    Actuals,
    Figures,
    Pnl,
    PnlTotals,
    ProjectPnl,
    ProjectStage,
    Variance,
    VarianceCauses,
)


def figures(calculation: Doc | None) -> Figures | None:
    """An estimate or a budget, as it was last set."""
    if calculation is None:
        return None
    revenue, cost = Decimal(calculation["revenue"]), Decimal(calculation["cost"])
    return Figures(
        revenue=cents(revenue), cost=cents(cost), margin=cents(revenue - cost)
    )


def _revenue(invoice: Doc) -> Decimal:
    """The work an invoice bills, net of credit notes; an advance is cash on
    account, not revenue."""
    if invoice.get("advance", False):
        return Decimal(0)
    credited = total([Decimal(n["amount"]) for n in invoice.get("credit_notes", [])])
    return Decimal(invoice["amount"]) - credited


def actuals(ledger: Doc | None, until: date | None = None) -> Actuals:
    """Invoiced revenue, booked cost and cash collected, up to `until` if given."""

    def kept(day: str) -> bool:
        return until is None or date.fromisoformat(day) <= until

    revenue = cost = Decimal(0)
    if ledger is not None:
        invoices = ledger["invoices"].values()
        revenue = total([_revenue(i) for i in invoices if kept(i["issued_on"])])
        cost = total(
            [Decimal(c["amount"]) for c in ledger["costs"] if kept(c["booked_on"])]
        )
    return Actuals(
        revenue=cents(revenue),
        cost=cents(cost),
        margin=cents(revenue - cost),
        collected=cents(collected(ledger, until)),
    )


def final_accounts(ledger: Doc | None, closed_on: date | None) -> Actuals | None:
    """As finance drew them; else, once the contract closed, the actuals up to
    the close."""
    drawn = None if ledger is None else ledger.get("final_accounts")
    if drawn is not None:
        return Actuals(
            **{n: cents(Decimal(drawn[n])) for n in Actuals.model_fields},
        )
    return None if closed_on is None else actuals(ledger, closed_on)


def variance(
    estimate: Figures | None, contract: Doc | None, reached: Actuals, final: bool
) -> Variance | None:
    """Revenue variance = price + changes + billing and cost variance = cost,
    so margin variance = price + changes + billing - cost, exactly: billing is
    what the revenue reached differs from the contract value after changes."""
    if estimate is None or contract is None or not contract.get("signed_value"):
        return None
    signed = Decimal(contract["signed_value"])
    deltas = [Decimal(c["value_delta"]) for c in contract.get("changes", [])]
    revenue = cents(reached.revenue - estimate.revenue)
    cost = cents(reached.cost - estimate.cost)
    price, changes = cents(signed - estimate.revenue), cents(total(deltas))
    # billing takes what is left of the revenue variance, so no rounding of
    # a sub-cent contract value can make the causes miss the total
    causes = VarianceCauses(
        price=price, changes=changes, billing=revenue - price - changes, cost=cost
    )
    return Variance(
        against="final_accounts" if final else "actuals",
        revenue=revenue,
        cost=cost,
        margin=revenue - cost,
        causes=causes,
    )


def _project_stage(bid: Doc | None, contract: Doc | None) -> ProjectStage:
    if contract is not None:
        if contract["closed_on"] is not None:
            return "closed"
        if contract.get("lost_on") is not None:
            return "lost"
        return "in_execution" if contract["signed_on"] is not None else "contracting"
    if bid is None:
        return "initiated"
    if bid["decision"] == "no_bid":
        return "no_bid"
    if bid.get("withdrawn_on") is not None:
        return "withdrawn"
    return "lost" if bid["lost_on"] is not None else "bidding"


def doc_id(doc: Doc | None) -> UUID | None:
    return None if doc is None else UUID(doc["id"])


def _open_disputes(contract: Doc | None) -> int:
    if contract is None:
        return 0
    disputes = contract.get("disputes", {}).values()
    return sum(d["closed_on"] is None for d in disputes)


def _project(model: ReadModel, opportunity: Doc) -> ProjectPnl:
    bid, contract, ledger = model.downstream(opportunity)
    closed_on = None if contract is None else on(contract["closed_on"])
    estimate = None if bid is None else figures(bid["estimate"])
    now = actuals(ledger)
    final = final_accounts(ledger, closed_on)
    changes = [] if contract is None else contract.get("changes", [])
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
        bid_id=doc_id(bid),
        contract_id=doc_id(contract),
        ledger_id=doc_id(ledger),
        estimate=estimate,
        budget=None if contract is None else figures(contract["budget"]),
        actuals=now,
        final_accounts=final,
        signed_value=None if contract is None else amount(contract.get("signed_value")),
        changes_value=cents(total([Decimal(c["value_delta"]) for c in changes])),
        open_disputes=_open_disputes(contract),
        variance=variance(estimate, contract, final or now, final is not None),
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
