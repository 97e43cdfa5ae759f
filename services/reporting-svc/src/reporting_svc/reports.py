"""Reports computed from the documents alone: the funnel and win rates (in
`funnel`), project P&L over the four calculations (in `projects`), receivables
and their ageing (in `cash`), the weighted pipeline, the trace of a payment
back to its lead, and the lead register."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from ltc_shared.web import Page
from reporting_svc.cash import ageing, receivables
from reporting_svc.chains import Docs, ReadModel, amount, on
from reporting_svc.funnel import funnel, win_rates
from reporting_svc.pipeline import weighted_pipeline
from reporting_svc.projection import Doc
from reporting_svc.projects import doc_id, pnl, project_pnl
from reporting_svc.schemas import KeyPerson, LeadFilters, LeadRow
from reporting_svc.tracing import trace

__all__ = [
    "ageing",
    "funnel",
    "lead_register",
    "pnl",
    "project_pnl",
    "receivables",
    "trace",
    "weighted_pipeline",
    "win_rates",
]


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
        opportunity_id=doc_id(opportunity),
        treatment=lead.get("treatment"),
        next_step_on=on(lead.get("next_step_on")),
        window_ends_on=on(lead.get("window_ends_on")),
        duplicate_of=lead.get("duplicate_of"),
        merged_into=lead.get("merged_into"),
        maturity_signals=lead.get("maturity_signals"),
        assignment_reason=lead.get("assignment_reason"),
        generated_by=lead.get("generated_by"),
        verified_by=lead.get("verified_by"),
        core_elements=lead.get("core_elements", {}),
        key_people=[
            KeyPerson(name=name, **person)
            for name, person in lead.get("key_people", {}).items()
        ],
        merged_leads=lead.get("merged_leads", []),
        industry=lead.get("industry"),
        need=lead.get("need"),
        found_in_contract=lead.get("found_in_contract"),
    )
