"""Joining the documents of one deal: lead, opportunity, bid, contract, ledger.

Each kind of document links to the one before it (an opportunity names its
lead, a bid its opportunity, a contract its bid, a ledger its contract), so
the chain of every case can be walked from either end.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ltc_shared.money import ratio
from reporting_svc.projection import Doc

RATE_PLACES = Decimal("0.0001")

Docs = Mapping[str, Sequence[Doc]]
"""The read model's documents, by kind."""


def on(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(value)


def amount(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


def rate(part: int, whole: int) -> Decimal:
    """A share to four places, half-even; 0.0000 when there is no whole."""
    return ratio(part, whole).quantize(RATE_PLACES)


def total(values: Sequence[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))


@dataclass(frozen=True)
class Case:
    """One way into the funnel: a lead, or an opportunity opened without one."""

    lead: Doc | None
    opportunity: Doc | None
    bid: Doc | None
    contract: Doc | None
    ledger: Doc | None

    @property
    def origin(self) -> str:
        if self.opportunity is not None:
            return str(self.opportunity.get("origin") or "sudden")
        return "lead"

    @property
    def entered_on(self) -> date:
        if self.lead is not None:
            return date.fromisoformat(self.lead["captured_on"])
        assert self.opportunity is not None
        return date.fromisoformat(self.opportunity["opened_on"])

    def describe(self, name: str) -> str | None:
        """A descriptive field, as the furthest stage that records it says."""
        for doc in (self.opportunity, self.lead):
            if doc is not None and doc.get(name) is not None:
                return str(doc[name])
        return None


class ReadModel:
    """The documents indexed by id and by the id of the step before.

    A document that does not say which business unit it belongs to (a
    contract drafted from a bid outcome does not, until it is signed) belongs
    to the unit of the step before it.
    """

    def __init__(self, docs: Docs, business_unit: str | None = None) -> None:
        self.business_unit = business_unit
        self.leads = _by(docs.get("lead", []), "id")
        self.opportunities = _by(docs.get("opportunity", []), "id")
        self.bids = _by(docs.get("bid", []), "id")
        self.contracts = _by(docs.get("contract", []), "id")
        self.ledgers = _by(docs.get("ledger", []), "id")
        self.opportunity_of_lead = _by(self.opportunities.values(), "lead_id")
        self.bid_of_opportunity = _by(self.bids.values(), "opportunity_id")
        self.contract_of_bid = _by(self.contracts.values(), "bid_id")
        self.ledger_of_contract = _by(self.ledgers.values(), "contract_id")
        self._before: dict[str, tuple[str, dict[str, Doc]]] = {
            "opportunity": ("lead_id", self.leads),
            "bid": ("opportunity_id", self.opportunities),
            "contract": ("bid_id", self.bids),
            "ledger": ("contract_id", self.contracts),
        }

    def before(self, doc: Doc) -> Doc | None:
        """The document of the step this one followed, if there is one."""
        link = self._before.get(doc["kind"])
        if link is None:
            return None
        field, docs = link
        return docs.get(doc.get(field) or "")

    def field(self, doc: Doc, name: str) -> str | None:
        """A descriptive field of a document, or of the nearest step before."""
        found: Doc | None = doc
        while found is not None:
            if found.get(name) is not None:
                return str(found[name])
            found = self.before(found)
        return None

    def in_unit(self, doc: Doc) -> bool:
        if self.business_unit is None:
            return True
        return self.field(doc, "business_unit") == self.business_unit

    def kept(self, docs: dict[str, Doc]) -> list[Doc]:
        """The documents of the business unit asked for."""
        return [doc for doc in docs.values() if self.in_unit(doc)]

    def downstream(self, opportunity: Doc | None) -> tuple[Doc | None, ...]:
        """The bid, contract and ledger that followed an opportunity."""
        bid = contract = ledger = None
        if opportunity is not None:
            bid = self.bid_of_opportunity.get(opportunity["id"])
        if bid is not None:
            contract = self.contract_of_bid.get(bid["id"])
        if contract is not None:
            ledger = self.ledger_of_contract.get(contract["id"])
        return bid, contract, ledger

    def cases(self) -> list[Case]:
        """Every lead, then every opportunity that no lead here leads to."""
        found = []
        for lead in self.kept(self.leads):
            opportunity = self.opportunity_of_lead.get(lead["id"])
            found.append(Case(lead, opportunity, *self.downstream(opportunity)))
        for opportunity in self.kept(self.opportunities):
            if opportunity.get("lead_id") not in self.leads:
                found.append(Case(None, opportunity, *self.downstream(opportunity)))
        return found


def _by(docs: Iterable[Doc], field: str) -> dict[str, Doc]:
    return {d[field]: d for d in docs if d.get(field) is not None}


def collected(ledger: Doc | None, until: date | None = None) -> Decimal:
    """Cash received on a ledger's invoices, up to a business date if given."""
    if ledger is None:
        return Decimal(0)
    # cash no open invoice took is the customer's credit, collected all the same
    received = [
        *(p for i in ledger["invoices"].values() for p in i["payments"]),
        *ledger.get("customer_credits", []),
    ]
    return total(
        [
            Decimal(payment["amount"])
            for payment in received
            if until is None or date.fromisoformat(payment["received_on"]) <= until
        ]
    )


def first_payment_on(ledger: Doc | None) -> date | None:
    if ledger is None:
        return None
    days = [
        date.fromisoformat(payment["received_on"])
        for invoice in ledger["invoices"].values()
        for payment in invoice["payments"]
    ]
    return min(days, default=None)
