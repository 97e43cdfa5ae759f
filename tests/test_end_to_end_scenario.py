"""One deal through every stage of the lead-to-cash process, on the embedded
system, told as a story: each step goes through a service's public API, and
the reactions between the services run (`settle`) before the next stage.

Where a stage does not allow what the process needs, the gap is noted and
the story goes on, so that the test names every gap at once when it fails."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest

from ltc.bootstrap import System, build_system
from ltc_shared.ids import derived_id
from ltc_shared.settings import Settings

D = Decimal
Json = dict[str, Any]
Step = tuple[str, str | None, Json]
"""A command: the path, its business date and the body."""


def as_actor(name: str, role: str, level: int = 1) -> dict[str, str]:
    return {"X-Actor": name, "X-Actor-Role": role, "X-Actor-Level": str(level)}


SPONSOR = as_actor("vera", "sponsor", 2)
JUNIOR_SPONSOR = as_actor("jon", "sponsor", 1)
AR = as_actor("ana", "ar", 1)
SR = as_actor("sam", "sr", 1)
FR = as_actor("fay", "fr", 1)
# the project turns out major after ATI: a regional sponsor takes it over
CHIEF = as_actor("max", "sponsor", 3)
OTHER_CHIEF = as_actor("zoe", "sponsor", 4)


@dataclass
class Deal:
    system: System
    clients: dict[str, httpx.AsyncClient]
    gaps: list[str] = field(default_factory=list)

    async def settle(self) -> None:
        await self.system.pipeline.settle()

    async def act(self, service: str, path: str, on: str | None, status: int = 200,
                  headers: dict[str, str] | None = None,
                  **body: Any) -> Json:  # fmt: skip
        """POST a command on business date `on`; the answer must be `status`."""
        if on is not None:
            body["occurred_on"] = on
        response = await self.clients[service].post(path, json=body, headers=headers)
        assert response.status_code == status, (path, response.text)
        return dict(response.json())

    async def run(self, service: str, steps: Sequence[Step]) -> Json:
        """Steps that only need to succeed, in order; the last answer."""
        found: Json = {}
        for path, on, body in steps:
            found = await self.act(service, path, on, **body)
        return found

    async def get(self, service: str, path: str, **params: str) -> Json:
        response = await self.clients[service].get(path, params=params)
        assert response.status_code == 200, (path, response.text)
        return dict(response.json())


@pytest.fixture
async def deal(tmp_path: Path) -> AsyncIterator[Deal]:
    system = build_system(Settings(mode="embedded", data_dir=tmp_path))
    apps = {name: parts.api for name, parts in system.services.items()}
    assert system.reporting is not None
    apps["reporting"] = system.reporting.api
    clients = {name: httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                       base_url=f"http://{name}")
               for name, app in apps.items()}  # fmt: skip
    yield Deal(system, clients)
    for client in clients.values():
        await client.aclose()
    await system.close()


async def lead_stage(deal: Deal) -> UUID:
    lead = await deal.act("lead", "/leads", None, 201, external_ref="e2e-1",
                          customer="Harbour Logistics", channel="trade_fair",
                          business_unit="cloud", product="storage", region="north",
                          pain_points=["backups take all night"],
                          first_contact_on="2025-01-06",
                          industry="logistics")  # fmt: skip
    lead_id = UUID(lead["id"])
    path = f"/leads/{lead_id}"
    criteria = {"specific_customer": True, "purchase_intent": True,
                "can_take_part": True}  # fmt: skip
    await deal.run("lead", [
        (f"{path}/generation", "2025-01-07", {"generated_by": "lena"}),
        (f"{path}/verification", "2025-01-08",
         {"verified_by": "lena", "criteria": criteria}),
    ])  # fmt: skip
    owner = {"name": "ana", "regions": ["north"], "industries": ["logistics"],
             "capacity": 5, "current_load": 1}  # fmt: skip
    distributed = await deal.act("lead", f"{path}/distribution", "2025-01-09",
                                 candidates=[owner])  # fmt: skip
    assert distributed["owner"] == "ana"
    graded = await deal.run("lead", [
        (f"{path}/touches", "2025-01-10",
         {"note": "site visit", "next_step": "workshop",
          "next_step_on": "2025-01-20", "window_ends_on": "2025-03-31"}),
        (f"{path}/grade", "2025-01-11", {"maturity": "high"}),
    ])  # fmt: skip
    assert graded["maturity"] == "high"
    qualified = await deal.run("lead", [
        (f"{path}/core-elements", "2025-01-12",
         {"pain": {"pain_points": ["backups"], "impact": "late dispatch"},
          "investment": {"plan": "2025 budget", "budget": "120000.00"}}),
        (f"{path}/qualification", "2025-01-15",
         {"expected_value": "100000.00",
          "criteria": {"in_purchasing_process": True, "has_investment_plan": True,
                       "can_take_part": True}}),
    ])  # fmt: skip
    assert qualified["status"] == "qualified"
    return lead_id


async def opportunity_stage(deal: Deal, lead_id: UUID) -> UUID:
    opportunity_id = derived_id("opportunity", lead_id)
    path = f"/opportunities/{opportunity_id}"
    opened = await deal.get("opportunity", path)
    assert (opened["origin"], opened["owner"]) == ("lead", "ana")
    success = {"brand_recognition": "approves", "competitor_share": "10_to_40",
               "customer_maturity": "contract_or_cooperation",
               "price_competitiveness": "strong"}  # fmt: skip
    paying = {"enterprise_nature": "large_private", "financial_condition": "good",
              "payment_history": "no_previous_contract",
              "industry_profitability": "growth"}  # fmt: skip
    typed = await deal.run("opportunity", [
        (f"{path}/verification", "2025-01-16",
         {"strategy_fit": "high", "value": "a reference in logistics",
          "capability_gaps": ["night support"], "first_risks": ["tight schedule"],
          "resources": ["sam"]}),
        (f"{path}/evaluation", "2025-01-17",
         {"expected_value": "100000.00", "notes": "strong fit",
          "success_factors": success, "payment_factors": paying}),
        (f"{path}/project-type", "2025-01-18",
         {"customer_type": "large_group", "scale": "important",
          "offering": "solution"}),
    ])  # fmt: skip
    assert typed["verification"]["strategy_fit"] == "high"
    assert D(typed["win_probability"]) > 0  # scored from the success factors
    assert typed["tier"] == 2  # an important project
    await deal.act("opportunity", f"{path}/initiation-request", "2025-01-19",
                   headers=AR, requested_by="ana")  # fmt: skip
    ati = {"approved": True, "sponsor": "vera",
           "iron_triangle": {"ar": "ana", "sr": "sam", "fr": "fay"}}  # fmt: skip
    before = await deal.get("opportunity", path)
    refused = await deal.act("opportunity", f"{path}/ati", "2025-01-20", 403,
                             JUNIOR_SPONSOR, **ati)  # fmt: skip
    assert refused["rule"] == "ati-level"  # a tier 2 project needs level 2
    assert (await deal.get("opportunity", path))["version"] == before["version"]
    initiated = await deal.act("opportunity", f"{path}/ati", "2025-01-20", 200,
                               SPONSOR, **ati)  # fmt: skip
    assert initiated["status"] == "initiated"
    assert initiated["decider"] == {"id": "vera", "role": "sponsor", "level": 2}
    roles = (("ana", "ar"), ("sam", "sr"), ("fay", "fr"), ("pia", "project_manager"))
    charter = {"preliminary_budget": "5000.00", "budget_use": "pre-sales",
               "communication": "weekly call", "communication_frequency": "weekly",
               "milestones": [{"name": "bid", "due_on": "2025-02-05"}],
               "first_risk_assessment": "schedule", "bonus_plan": "team bonus",
               "goals": "win", "success_criteria": "signed contract"}  # fmt: skip
    team = {
        "project_manager": "pia",
        "members": [{"name": name, "role": role} for name, role in roles],
    }
    # The team names who acts for the project: the named sponsor appoints it.
    refused = await deal.act("opportunity", f"{path}/team", "2025-01-21", 403,
                             OTHER_CHIEF, **team)  # fmt: skip
    assert refused["rule"] == "team-appointment-named-sponsor"
    await deal.act("opportunity", f"{path}/team", "2025-01-21", 200, SPONSOR,
                   **team)  # fmt: skip
    project = await deal.run("opportunity", [
        (f"{path}/charter", "2025-01-22", charter),
        (f"{path}/risks", "2025-01-23",
         {"title": "tight schedule", "probability": "medium", "impact": "high",
          "mitigation": "phase it", "owner": "pia"}),
        (f"{path}/guidance", "2025-01-24",
         {"aspect": "value_proposition", "content": "faster dispatch"}),
        (f"{path}/meetings", None,
         {"kind": "kick_off", "held_on": "2025-01-25",
          "attendees": ["ana", "sam", "fay", "pia"], "decisions": ["bid"]}),
    ])  # fmt: skip
    assert [r["risk_id"] for r in project["risks"]] == ["R1"]
    assert (project["project_manager"], len(project["meetings"])) == ("pia", 1)
    guided = await deal.run("opportunity", [
        (f"{path}/buy-points", "2025-01-25",
         {"need": "backups done by 6 am", "importance": "high", "raised_by": "CIO"}),
        (f"{path}/buy-points", "2025-01-25",
         {"need": "one invoice for all sites", "importance": "low"}),
        (f"{path}/sell-points", "2025-01-25",
         {"offer": "incremental snapshots", "differentiator": True,
          "proof": "reference at a port operator"}),
        (f"{path}/matches", "2025-01-25",
         {"buy_point": "B1", "sell_point": "S1", "strength": "strong",
          "argument": "snapshots finish by 2 am"}),
    ])  # fmt: skip
    competed = (await deal.run("opportunity", [
        (f"{path}/competitors", "2025-01-25",
         {"name": "TapeCo", "strengths": ["cheap media"],
          "weaknesses": ["restores take a day"],
          "counter_strategy": "restore live in the demo"}),
        (f"{path}/selection-criteria", "2025-01-25",
         {"criterion": "price", "weight": "40", "influenced": False}),
        (f"{path}/selection-criteria", "2025-01-25",
         {"criterion": "tested restore time", "weight": "35", "influenced": True,
          "influence": "showed the CIO a four-hour restore"}),
    ]))["competition"]  # fmt: skip
    assert [c["name"] for c in competed["competitors"]] == ["TapeCo"]
    assert (D(competed["criteria_weight"]), D(competed["influenced_weight"])) == (
        D(75), D(35))  # fmt: skip
    gaps = guided["matching"]["gaps"]
    assert [(g["buy_point"], g["best_strength"]) for g in gaps] == [
        ("B2", None)]  # fmt: skip
    major = {"customer_type": "large_group", "scale": "major", "offering": "solution"}
    refused = await deal.act("opportunity", f"{path}/project-type", "2025-01-26",
                             403, SPONSOR, **major)  # fmt: skip
    assert refused["rule"] == "tier-change-level"  # vera does not reach tier 3
    raised = await deal.act("opportunity", f"{path}/project-type", "2025-01-26",
                            200, CHIEF, **major)  # fmt: skip
    assert raised["tier"] == 3
    return opportunity_id


async def bid_stage(deal: Deal, opportunity_id: UUID) -> UUID:
    bid_id = derived_id("bid", opportunity_id)
    path = f"/bids/{bid_id}"
    assert (await deal.get("bid", path))["status"] == "open"
    # the SR's work is the caller's, whatever name the body gives
    refused = await deal.act("bid", f"{path}/solution-strategy", "2025-01-27", 403,
                             AR, summary="boxes", by="sam")  # fmt: skip
    assert refused["rule"] == "solution-strategy-role"
    strategy = await deal.act("bid", f"{path}/solution-strategy", "2025-01-27",
                              200, SR, summary="managed backup")  # fmt: skip
    assert strategy["solution_strategy"]["by"] == "sam"
    await deal.run("bid", [
        (f"{path}/estimate", "2025-01-28",
         {"revenue": "100000.00", "cost": "60000.00", "solution": "managed backup"}),
        (f"{path}/solution-reviews", "2025-01-29",
         {"reviewer": "rita", "opinions": ["sound"], "verdict": "pass"}),
    ])  # fmt: skip
    refused = await deal.act("bid", f"{path}/atb", "2025-01-30", 403, SPONSOR,
                             decision="bid", reason="strategic customer")  # fmt: skip
    assert refused["rule"] == "atb-level"  # the bid follows the tier raised to 3
    opportunity = f"/opportunities/{opportunity_id}"
    await deal.act("opportunity", f"{opportunity}/sponsor", "2025-01-30", 200,
                   CHIEF, sponsor="max")  # fmt: skip
    await deal.settle()
    refused = await deal.act("bid", f"{path}/atb", "2025-01-30", 403, OTHER_CHIEF,
                             decision="bid", reason="strategic customer")  # fmt: skip
    assert refused["rule"] == "atb-named-sponsor"  # only the appointed sponsor
    atb = await deal.act("bid", f"{path}/atb", "2025-01-30", 200, CHIEF,
                         decision="bid", reason="strategic customer")  # fmt: skip
    assert atb["status"] == "bidding"
    assert atb["decision_inputs"] == {"estimate_version": 1, "risk_register_version": 1}
    documents = ("technical proposal", "commercial proposal", "price list",
                 "qualification documents", "deviation table")  # fmt: skip
    await deal.run("bid", [
        *((f"{path}/documents", "2025-02-03",
           {"document": document, "reference": f"dms/{document}"})
          for document in documents),
    ])  # fmt: skip
    refused = await deal.act("bid", f"{path}/price", "2025-02-04", 403,
                             as_actor("al", "ar"), price="99000.00",
                             strategy="undercut", by="ana")  # fmt: skip
    assert refused["rule"] == "pricing-named-ar"  # ana is the project's AR
    await deal.act("bid", f"{path}/price", "2025-02-04", 200, AR,
                   price="110000.00", strategy="value based")  # fmt: skip
    submitted = await deal.act("bid", f"{path}/submission", "2025-02-05")
    assert (submitted["status"], D(submitted["price"])) == ("submitted", D(110000))
    await deal.act("bid", f"{path}/clarifications", "2025-02-06",
                   question="night support?", answer="yes, included")  # fmt: skip
    won = await deal.act("bid", f"{path}/outcome", "2025-02-20", won=True,
                         award_value="110000.00")  # fmt: skip
    assert won["status"] == "won"
    form = await deal.act("bid", f"{path}/feedback", "2025-02-21",
                          customer_contact="cio", price="above one rival",
                          solution="the restore demo convinced them",
                          relationship="close to the CIO",
                          lessons="demo restores early")  # fmt: skip
    assert [f["stage"] for f in form["feedback"]] == ["won"]
    reviewed = await deal.act("bid", f"{path}/post-bid-reviews", "2025-02-21", 200,
                              SR, lessons="lead with the reference")  # fmt: skip
    assert reviewed["post_bid_reviews"][0]["by"] == "sam"
    return bid_id


async def contract_stage(deal: Deal, bid_id: UUID) -> UUID:
    contract_id = derived_id("contract", bid_id)
    path = f"/contracts/{contract_id}"
    drafted = await deal.get("contract", path)
    assert (drafted["status"], D(drafted["value"])) == ("draft", D("110000.00"))
    await deal.run("contract", [
        (f"{path}/negotiation-strategy", "2025-02-21",
         {"strategy": "hold the price", "plan": "two rounds"}),
        (f"{path}/negotiation-team", "2025-02-21",
         {"members": [{"name": "ana", "role": "ar"}, {"name": "fay", "role": "fr"}]}),
        (f"{path}/authorization", "2025-02-22",
         {"min_price": "104500.00", "max_discount_share": "0.05",
          "terms_allowed": ["net 30"], "granted_by": "vera"}),
        (f"{path}/revisions", "2025-02-23",
         {"value": "110000.00", "terms": ["net 30"]}),
        (f"{path}/budget", "2025-02-24",
         {"revenue": "110000.00", "cost": "65000.00", "currency": "USD"}),
        (f"{path}/reviews", "2025-02-25", {"reviewer": "lex", "verdict": "pass"}),
    ])  # fmt: skip
    refused = await deal.act("contract", f"{path}/atc", "2025-02-26", 403,
                             OTHER_CHIEF, approved=True)  # fmt: skip
    assert refused["rule"] == "atc-named-sponsor"
    approved = await deal.act("contract", f"{path}/atc", "2025-02-26", 200,
                              CHIEF, approved=True)  # fmt: skip
    assert approved["status"] == "approved"
    assert approved["atc_inputs"] == {"budget_version": 1, "revision": 1,
                                      "review": "pass", "estimate_version": 1,
                                      "risk_register_version": 1}  # fmt: skip
    refused = await deal.act("contract", f"{path}/signature", "2025-02-27", 403,
                             as_actor("sam", "ar"), value="110000.00",
                             currency="USD", payment_terms={"days": 30},
                             signed_by="sam")  # fmt: skip
    assert refused["rule"] == "signature-named-ar"  # ana is the project's AR
    signed = await deal.act("contract", f"{path}/signature", "2025-02-27", 200, AR,
                            value="110000.00", currency="USD",
                            payment_terms={"days": 30}, signed_by="ana")  # fmt: skip
    assert signed["status"] == "signed"
    return contract_id


async def execution_stage(deal: Deal, contract_id: UUID) -> UUID:
    """Handover, billing with an advance, a change through ATAC, a dispute,
    a partial payment, a credit note and the costs."""
    ledger_id = derived_id("ledger", contract_id)
    books, path = f"/ledgers/{ledger_id}", f"/contracts/{contract_id}"
    assert D((await deal.get("finance", books))["value"]) == D("110000.00")
    # the work lines add up to the contract value; the advance comes on top
    lines = (("ADV", "advance", "2025-03-05", "11000.00"),
             ("M1", "milestone", "2025-04-30", "50000.00"),
             ("M2", "milestone", "2025-06-30", "60000.00"))  # fmt: skip
    plan = [{"line_id": line, "kind": kind, "due_on": due, "amount": amount}
            for line, kind, due, amount in lines]  # fmt: skip
    refused = await deal.act("contract", f"{path}/handover", "2025-03-01", 403,
                             CHIEF, attendees=["ana", "fay"])  # fmt: skip
    assert refused["rule"] == "handover-role"  # recorded by the AR or the FR
    await deal.act("contract", f"{path}/handover", "2025-03-01", 200, FR,
                   attendees=["ana", "sam", "fay", "pia"])  # fmt: skip
    await deal.run("contract", [
        (f"{path}/purchase-orders", "2025-03-03",
         {"po_number": "PO-77", "value": "110000.00"}),
        (f"{path}/milestones", "2025-03-04",
         {"milestone_id": "M1", "name": "go live", "due_on": "2025-04-30",
          "value": "50000.00"}),
        (f"{path}/changes", "2025-03-10",
         {"change_id": "CH-1", "value_delta": "10000.00", "scope": "second site",
          "budget_revenue_delta": "10000.00", "budget_cost_delta": "6000.00"}),
    ])  # fmt: skip
    refused = await deal.act("contract", f"{path}/atac", "2025-03-11", 409,
                             CHIEF, change_id="CH-1", approved=True)  # fmt: skip
    assert refused["rule"] == "atac-needs-accepted-review"
    await deal.act("contract", f"{path}/change-reviews", "2025-03-11",
                   change_id="CH-1", reviewer="pia", verdict="accepted",
                   opinions=["the second site fits the plan"])  # fmt: skip
    changed = await deal.act("contract", f"{path}/atac", "2025-03-12", 200,
                             CHIEF, change_id="CH-1", approved=True)  # fmt: skip
    assert D(changed["value"]) == D("120000.00")
    assert changed["execution"]["unsigned_change_agreements"] == ["CH-1"]
    refused = await deal.act("contract", f"{path}/change-agreements", "2025-03-13",
                             403, as_actor("sam", "ar"), change_id="CH-1",
                             customer_signatory="cio")  # fmt: skip
    assert refused["rule"] == "change-agreement-named-ar"
    agreed = await deal.act("contract", f"{path}/change-agreements", "2025-03-13",
                            200, AR, change_id="CH-1",
                            customer_signatory="cio")  # fmt: skip
    assert agreed["execution"]["unsigned_change_agreements"] == []
    first = await deal.run("finance", [
        (f"{books}/billing-plan", "2025-03-02", {"lines": plan}),
        (f"{books}/invoices", "2025-03-05",
         {"invoice_number": "ADV", "amount": "11000.00", "due_on": "2025-04-04",
          "line_id": "ADV", "advance": True}),
        (f"{books}/payments", "2025-03-20",
         {"invoice_number": "ADV", "amount": "11000.00"}),
        (f"{books}/invoices", "2025-05-02",
         {"invoice_number": "INV-1", "amount": "50000.00", "due_on": "2025-06-01",
          "line_id": "M1"}),
    ])  # fmt: skip
    (inv1,) = [i for i in first["invoices"] if i["invoice_number"] == "INV-1"]
    assert D(inv1["advance_deduction"]) == D("5000.00")  # 11000 x 50000/110000
    await deal.settle()
    await deal.act("contract", f"{path}/disputes", "2025-05-10",
                   dispute_id="D-1", subject="late go live")  # fmt: skip
    partial = await deal.act("finance", f"{books}/payments", "2025-05-20",
                             invoice_number="INV-1", amount="20000.00")  # fmt: skip
    assert D(partial["outstanding"]) == D("25000.00")
    await deal.run("finance", [
        (f"{books}/credit-notes", "2025-05-25",
         {"credit_note_number": "CN-1", "invoice_number": "INV-1",
          "amount": "2000.00"}),
        (f"{books}/costs", "2025-05-28",
         {"category": "labour", "role": "SR", "hours": "400", "rate": "150.00"}),
        (f"{books}/costs", "2025-05-28", {"category": "travel", "amount": "5000.00"}),
    ])  # fmt: skip
    return ledger_id


async def closing_stage(deal: Deal, contract_id: UUID, ledger_id: UUID) -> None:
    """ATCC is refused while a dispute is open and while an invoice is unpaid;
    once both are resolved it is approved, and finance draws the accounts."""
    books, path = f"/ledgers/{ledger_id}", f"/contracts/{contract_id}"
    if (value := (await deal.get("finance", books))["value"]) != "120000.00":
        deal.gaps.append(f"finance: the ledger's value stays {value} after the "
                         "approved change (ATAC +10000.00): it cannot be "
                         "invoiced")  # fmt: skip
    before = await deal.get("contract", path)
    refused = await deal.act("contract", f"{path}/closure", "2025-06-01", 409, CHIEF)
    assert refused["rule"] == "atcc-dispute-open"
    assert (await deal.get("contract", path))["version"] == before["version"]
    await deal.act("contract", f"{path}/dispute-closures", "2025-06-05",
                   dispute_id="D-1", resolution="credit note given")  # fmt: skip
    refused = await deal.act("contract", f"{path}/closure", "2025-06-06", 409, CHIEF)
    assert refused["rule"] == "atcc-invoice-unpaid"
    # INV-1: 50000 - 5000 advance - (2000 credited - 200 advance given back)
    # - 20000 paid; INV-2: 60000 less its share of the 6200 advance left, now
    # that the change raised the work still to invoice to 70000:
    # 6200 x 60000 / 72000 = 5166.67
    paid = await deal.run("finance", [
        (f"{books}/payments", "2025-06-10",
         {"invoice_number": "INV-1", "amount": "23200.00"}),
        (f"{books}/invoices", "2025-06-12",
         {"invoice_number": "INV-2", "amount": "60000.00", "due_on": "2025-07-12",
          "line_id": "M2"}),
        (f"{books}/payments", "2025-06-20",
         {"invoice_number": "INV-2", "amount": "54833.33"}),
        # paid twice by mistake: the customer's credit, refunded
        (f"{books}/receipts", "2025-06-21",
         {"payment_ref": "BANK-DUP", "amount": "500.00"}),
    ])  # fmt: skip
    assert D(paid["outstanding"]) == D("0.00")
    assert D(paid["unapplied_credit"]) == D("500.00")
    refused = await deal.act("finance", f"{books}/refunds", "2025-06-22", 409,
                             refund_ref="RF-1", amount="500.01")  # fmt: skip
    assert refused["rule"] == "refund-within-credit"
    refunded = await deal.act("finance", f"{books}/refunds", "2025-06-22",
                              refund_ref="RF-1", amount="500.00")  # fmt: skip
    assert D(refunded["unapplied_credit"]) == D("0.00")
    await deal.settle()
    closure = await deal.clients["contract"].post(
        f"{path}/closure", json={"occurred_on": "2025-06-25"}, headers=CHIEF
    )
    if closure.status_code == 200:
        assert closure.json()["status"] == "closed"
        evaluated = await deal.act("contract", f"{path}/evaluation", "2025-06-28",
                                   score=4, lessons=["phase go lives"])  # fmt: skip
        assert evaluated["status"] == "closed"
    else:
        problem = closure.json()
        deal.gaps.append(f"contract: ATCC once finance has nothing open answers "
                         f"{closure.status_code} {problem['rule']}: "
                         f"{problem['detail']}")  # fmt: skip
    await deal.settle()
    late = await deal.act("finance", f"{books}/costs", "2025-06-27", 409,
                          category="travel", amount="300.00")  # fmt: skip
    assert late["rule"] == "no-costs-after-atcc"
    drawn = await deal.act("finance", f"{books}/final-accounts", "2025-06-30")
    assert drawn["final_accounts"] is not None


SIDE_BY_SIDE = ("estimate", "budget", "actuals", "final_accounts", "signed_value",
                "contract_value", "open_disputes")  # fmt: skip


def figures(revenue: str, cost: str, margin: str, **more: str) -> Json:
    return {"revenue": revenue, "cost": cost, "margin": margin, **more}


async def reporting_stage(
    deal: Deal, lead_id: UUID, opportunity_id: UUID, ledger_id: UUID
) -> None:
    """The four calculations side by side, the variance by cause to the cent,
    and the payment traced back to its lead."""
    project = await deal.get("reporting", f"/pnl/projects/{opportunity_id}")
    # the budget moved by the change's +10000 revenue and +6000 cost; actuals
    # are the work invoiced net of the credit note (an advance is not revenue)
    # collected: the 11000 advance + 43200 + 54833.33; 1033.33 of the advance
    # waits for the change's work to be invoiced
    reached = figures("108000.00", "65000.00", "43000.00", collected="109033.33")
    assert {name: project[name] for name in SIDE_BY_SIDE} == {
        "estimate": figures("100000.00", "60000.00", "40000.00"),
        "budget": figures("120000.00", "71000.00", "49000.00"),
        "actuals": reached, "final_accounts": reached,
        "signed_value": "110000.00", "contract_value": "120000.00",
        "open_disputes": 0,
    }  # fmt: skip
    assert project["variance"] == {
        "against": "final_accounts",
        **figures("8000.00", "5000.00", "3000.00"),
        "causes": {
            "price": "10000.00",  # signed 110000 - estimated 100000
            "changes": "10000.00",  # the approved change
            "billing": "-12000.00",  # 108000 invoiced - 120000 contract value
            "cost": "5000.00",  # 65000 booked - 60000 estimated
        },
    }

    traced = await deal.get("reporting", f"/trace/payments/{ledger_id}/INV-1")
    assert traced["origin"] == "lead"
    assert traced["lead"]["lead_id"] == str(lead_id)
    assert traced["opportunity"]["opportunity_id"] == str(opportunity_id)
    assert [p["amount"] for p in traced["invoice"]["payments"]] == [
        "20000.00", "23200.00"]  # fmt: skip
    assert traced["invoice"]["settled_on"] == "2025-06-10"

    owed = await deal.get("reporting", "/receivables/ageing", as_of="2025-06-05")
    assert owed["outstanding"] == "23200.00"  # INV-1, four days past due
    late = [b["amount"] for b in owed["buckets"] if b["bucket"] == "1-30"]
    assert late == ["23200.00"]
    assert (await deal.get("reporting", "/pipeline/weighted"))["count"] == 0
    (row,) = (await deal.get("reporting", "/leads"))["items"]
    assert (row["treatment"], row["window_ends_on"]) == ("convert now", "2025-03-31")
    assert (row["generated_by"], row["verified_by"]) == ("lena", "lena")
    assert row["assignment_reason"] is not None  # distributed, not assigned
    assert set(row["core_elements"]) == {"pain", "investment"}


async def test_one_deal_from_lead_to_cash(deal: Deal) -> None:
    lead_id = await lead_stage(deal)
    await deal.settle()
    opportunity_id = await opportunity_stage(deal, lead_id)
    await deal.settle()
    bid_id = await bid_stage(deal, opportunity_id)
    await deal.settle()
    contract_id = await contract_stage(deal, bid_id)
    await deal.settle()
    ledger_id = await execution_stage(deal, contract_id)
    await deal.settle()
    await closing_stage(deal, contract_id, ledger_id)
    await deal.settle()
    await reporting_stage(deal, lead_id, opportunity_id, ledger_id)
    assert deal.gaps == []
