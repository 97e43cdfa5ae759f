"""contract-svc's reactions to other services' events.

A won bid drafts its contract, valued at the award. The contract's id is
derived from the bid's, so a repeated delivery finds the draft it made.

The contract follows its project's tier, sponsor and risk register from
opportunity-svc; what is heard before the contract is drafted is kept in the
project's record and taken when the won bid drafts it.

Finance's invoices, payments and credit notes tell the contract what is
still to be collected, which the closure (ATCC) needs to know. Each is
counted once, by its envelope id, however often it is delivered.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from contract_svc.domain import Contract, Movement, Profile
from contract_svc.domain.project import ProjectRecord
from ltc_shared.consumer import Reaction, Unit
from ltc_shared.envelope import Envelope
from ltc_shared.ids import derived_id


class BidWon(BaseModel):
    """What a BidWon event carries, as far as a contract needs it. The
    descriptive fields are taken when the bid sends them."""

    model_config = ConfigDict(extra="ignore")

    award_value: Decimal
    currency: str
    occurred_on: date
    trace: dict[str, str]
    origin: str | None = None
    customer: str | None = None
    channel: str | None = None
    business_unit: str | None = None
    owner: str | None = None
    product: str | None = None
    region: str | None = None
    tier: int = 1
    project: dict[str, Any] | None = None


def draft_contract(envelope: Envelope, unit: Unit) -> None:
    won = BidWon.model_validate(envelope.data)
    bid_id = UUID(envelope.subject)
    contract_id = derived_id("contract", bid_id)
    if unit.get(Contract, contract_id) is not None:
        return
    if "opportunity_id" not in won.trace:
        raise ValueError(f"BidWon of bid {bid_id} names no opportunity in its trace")
    profile = Profile(
        origin=won.origin,
        customer=won.customer,
        channel=won.channel,
        business_unit=won.business_unit,
        owner=won.owner,
        product=won.product,
        region=won.region,
    )
    contract = Contract.draft(
        contract_id,
        bid_id,
        UUID(won.trace["opportunity_id"]),
        won.award_value,
        won.currency,
        profile,
        won.occurred_on,
        won.trace | {"bid_id": str(bid_id)},
        won.tier,
        won.project,
    )
    record = unit.get(ProjectRecord, ProjectRecord.create_id(contract.opportunity_id))
    if record is not None:
        newer, version = record.newer_than(contract.project_version)
        contract.follow_project(newer, version, won.occurred_on)
    unit.add(contract)


class ProjectFact(BaseModel):
    """What the project's later events tell a contract: a tier
    (ProjectTypeSet), a sponsor (SponsorAppointed), the AR and FR
    (TeamAppointed) or a risk register version (RiskRaised, RiskUpdated,
    RiskClosed)."""

    model_config = ConfigDict(extra="ignore")

    occurred_on: date
    tier: int | None = Field(None, ge=1, le=4)
    sponsor: str | None = None
    register_version: int | None = None
    iron_triangle: dict[str, str] | None = None
    trace: dict[str, str] = {}

    def facts(self, kind: str) -> dict[str, Any]:
        if kind == "ProjectTypeSet":
            return {"tier": self.tier}
        if kind == "SponsorAppointed":
            return {"sponsor": self.sponsor}
        if kind == "TeamAppointed":
            triangle = self.iron_triangle or {}
            return {"ar": triangle.get("ar"), "fr": triangle.get("fr")}
        return {"risk_register_version": self.register_version}


def follow_project(envelope: Envelope, unit: Unit) -> None:
    fact = ProjectFact.model_validate(envelope.data)
    facts, version = fact.facts(envelope.type), envelope.version
    opportunity_id = UUID(envelope.subject)
    contract_id = derived_id("contract", derived_id("bid", opportunity_id))
    contract = unit.get(Contract, contract_id)
    if contract is not None:
        if contract.follow_project(facts, version, fact.occurred_on):
            unit.add(contract)
        return
    record = unit.get(ProjectRecord, ProjectRecord.create_id(opportunity_id))
    if record is None:
        record = ProjectRecord(opportunity_id=opportunity_id, trace=fact.trace)
    if record.record(facts, version, fact.occurred_on):
        unit.add(record)


class InvoiceMovement(BaseModel):
    """An invoice, payment or credit note, as far as a contract needs it."""

    model_config = ConfigDict(extra="ignore")

    invoice_number: str
    amount: Decimal
    occurred_on: date
    trace: dict[str, str]
    advance_deduction: Decimal = Decimal(0)
    advance_returned: Decimal = Decimal(0)

    @property
    def owed(self) -> Decimal:
        """What the movement changes in what the customer owes: an advance
        already billed is deducted from later invoices, and a credit note
        gives back the share of the advance its invoice had deducted."""
        return self.amount - self.advance_deduction - self.advance_returned


def _follow(movement: Movement) -> Reaction:
    def react(envelope: Envelope, unit: Unit) -> None:
        moved = InvoiceMovement.model_validate(envelope.data)
        if "contract_id" not in moved.trace:
            raise ValueError(f"{envelope.type} {envelope.id} names no contract")
        contract_id = UUID(moved.trace["contract_id"])
        contract = unit.get(Contract, contract_id)
        if contract is None:
            raise ValueError(f"{envelope.type} for unknown contract {contract_id}")
        if contract.record_receivable(
            envelope.id,
            envelope.subject,
            moved.invoice_number,
            movement,
            moved.owed,
            moved.occurred_on,
        ):
            unit.add(contract)

    return react


FOLLOWED = ("ProjectTypeSet", "SponsorAppointed", "TeamAppointed", "RiskRaised")
REACTIONS: dict[str, dict[str, Reaction]] = {
    "opportunity": dict.fromkeys(
        (*FOLLOWED, "RiskUpdated", "RiskClosed"), follow_project
    ),
    "bid": {"BidWon": draft_contract},
    "finance": {
        "InvoiceIssued": _follow("invoiced"),
        "PaymentReceived": _follow("paid"),
        "CreditNoteIssued": _follow("credited"),
        "CreditApplied": _follow("paid"),
    },
}
