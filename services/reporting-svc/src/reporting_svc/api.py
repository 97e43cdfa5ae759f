"""reporting-svc's REST API: read-only reports over the read model.

Reports are computed from the documents on every request, off the event
loop, so the consumer keeps projecting while a report is being worked out.
"""

from __future__ import annotations

import asyncio
import weakref
from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, FastAPI, Query, Request

from ltc_shared.problems import problem_responses
from ltc_shared.web import Page, create_app
from reporting_svc import reports
from reporting_svc.chains import Docs
from reporting_svc.projection import Doc
from reporting_svc.schemas import (
    Ageing,
    Funnel,
    FunnelBy,
    LeadFilters,
    LeadRow,
    PaymentTrace,
    PnlPage,
    ProjectPnl,
    Receivables,
    WeightedPipeline,
    WinRateBy,
    WinRates,
)
from reporting_svc.store import ReadModelStore

router = APIRouter(tags=["reports"])
QUERY_ERRORS = problem_responses(422)
LOOKUP_ERRORS = problem_responses(404, 422)


def read_model(request: Request) -> ReadModelStore:
    found: ReadModelStore = request.app.state.read_model
    return found


Store = Annotated[ReadModelStore, Depends(read_model)]
BusinessUnit = Annotated[
    str | None, Query(min_length=1, description="Only this business unit.")
]
Offset = Annotated[int, Query(ge=0)]
Limit = Annotated[int, Query(ge=1, le=500)]


_LOADED: weakref.WeakKeyDictionary[ReadModelStore, tuple[int, dict[str, list[Doc]]]]
_LOADED = weakref.WeakKeyDictionary()


async def _docs(store: ReadModelStore, *kinds: str) -> Docs:
    """The documents of `kinds`, read again only when the read model moved.

    Reports only read the documents, so one loaded copy serves them all.
    """
    revision = await store.revision()
    cached = _LOADED.get(store)
    if cached is None or cached[0] != revision:
        cached = (revision, {})
        _LOADED[store] = cached
    loaded = cached[1]
    for kind in kinds:
        if kind not in loaded:
            loaded[kind] = await store.all_docs(kind)
    return {kind: loaded[kind] for kind in kinds}


@router.get("/funnel", response_model=Funnel, responses=QUERY_ERRORS)
async def get_funnel(
    store: Store, business_unit: BusinessUnit = None, by: FunnelBy | None = None
) -> Funnel:
    """Counts, values and conversion at each stage, from lead to cash."""
    docs = await _docs(store, "lead", "opportunity", "bid", "contract", "ledger")
    return await asyncio.to_thread(reports.funnel, docs, business_unit, by)


@router.get("/funnel/win-rates", response_model=WinRates, responses=QUERY_ERRORS)
async def get_win_rates(
    store: Store, business_unit: BusinessUnit = None, by: WinRateBy = "period"
) -> WinRates:
    """Bids won and lost; by period means the quarter of the outcome."""
    docs = await _docs(store, "opportunity", "bid")
    return await asyncio.to_thread(reports.win_rates, docs, business_unit, by)


@router.get("/pnl", response_model=PnlPage, responses=QUERY_ERRORS)
async def get_pnl(
    store: Store,
    business_unit: BusinessUnit = None,
    offset: Offset = 0,
    limit: Limit = 50,
) -> PnlPage:
    """Totals over every project, and a page of the projects."""
    docs = await _docs(store, "opportunity", "bid", "contract", "ledger")
    found = await asyncio.to_thread(reports.pnl, docs, business_unit)
    return PnlPage(
        business_unit=business_unit,
        totals=found.totals,
        projects=found.projects[offset : offset + limit],
        total=len(found.projects),
        offset=offset,
        limit=limit,
    )


@router.get(
    "/pnl/projects/{project_id}", response_model=ProjectPnl, responses=LOOKUP_ERRORS
)
async def get_project_pnl(
    project_id: UUID, store: Store, business_unit: BusinessUnit = None
) -> ProjectPnl:
    """One project (its id is the opportunity's) against the four calculations."""
    docs = await _docs(store, "opportunity", "bid", "contract", "ledger")
    return await asyncio.to_thread(reports.project_pnl, docs, project_id, business_unit)


@router.get("/receivables", response_model=Receivables, responses=QUERY_ERRORS)
async def get_receivables(
    store: Store,
    as_of: Annotated[date, Query(description="The business date to report on.")],
    business_unit: BusinessUnit = None,
) -> Receivables:
    """What was invoiced and collected up to `as_of`, and what is overdue."""
    docs = await _docs(store, "opportunity", "bid", "contract", "ledger")
    return await asyncio.to_thread(reports.receivables, docs, as_of, business_unit)


@router.get("/receivables/ageing", response_model=Ageing, responses=QUERY_ERRORS)
async def get_ageing(
    store: Store,
    as_of: Annotated[date, Query(description="The business date to report on.")],
    business_unit: BusinessUnit = None,
) -> Ageing:
    """What is still owed on `as_of`, by days past the due date."""
    docs = await _docs(store, "opportunity", "bid", "contract", "ledger")
    return await asyncio.to_thread(reports.ageing, docs, as_of, business_unit)


@router.get(
    "/pipeline/weighted", response_model=WeightedPipeline, responses=QUERY_ERRORS
)
async def get_weighted_pipeline(
    store: Store, business_unit: BusinessUnit = None
) -> WeightedPipeline:
    """Open opportunities' expected value, weighted by their win probability."""
    docs = await _docs(store, "lead", "opportunity", "bid")
    return await asyncio.to_thread(reports.weighted_pipeline, docs, business_unit)


@router.get(
    "/trace/payments/{ledger_id}/{invoice_number}",
    response_model=PaymentTrace,
    responses=LOOKUP_ERRORS,
)
async def get_payment_trace(
    ledger_id: UUID,
    invoice_number: str,
    store: Store,
    business_unit: BusinessUnit = None,
) -> PaymentTrace:
    """An invoice and its payments, traced back to the lead (or none)."""
    docs = await _docs(store, "lead", "opportunity", "bid", "contract", "ledger")
    return await asyncio.to_thread(
        reports.trace, docs, ledger_id, invoice_number, business_unit
    )


@router.get("/leads", response_model=Page[LeadRow], responses=QUERY_ERRORS)
async def get_lead_register(
    store: Store,
    filters: Annotated[LeadFilters, Query()],
    offset: Offset = 0,
    limit: Limit = 50,
) -> Page[LeadRow]:
    """The lead register: every lead with its owner, maturity and outcome."""
    docs = await _docs(store, "lead", "opportunity")
    return await asyncio.to_thread(reports.lead_register, docs, filters, offset, limit)


def create_api(store: ReadModelStore) -> FastAPI:
    async def reachable() -> bool:
        try:
            await store.position("ltc.lead", 0)
        except Exception:  # noqa: BLE001 - any failure means not ready
            return False
        return True

    api = create_app(
        "reporting-svc",
        [router],
        description="The lead-to-cash funnel, win rates, project P&L and "
        "receivables, projected from every service's events.",
        readiness={"read_model": reachable},
    )
    api.state.read_model = store
    return api
