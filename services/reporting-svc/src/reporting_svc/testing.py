"""Events shaped as the services publish them, for tests of the read model.

`Story` writes the events of deals in the order the services would publish
them: amounts and dates as strings, ids derived the way reactions derive
them, and every event's `trace` and `occurred_on`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic_core import to_jsonable_python

from ltc_shared.envelope import Envelope, event_id
from ltc_shared.ids import derived_id, natural_id
from reporting_svc.chains import Docs
from reporting_svc.projection import Doc, DocKey, fold, key_of

TOPIC_OF = {
    "lead": "ltc.lead",
    "opportunity": "ltc.opportunity",
    "bid": "ltc.bid",
    "contract": "ltc.contract",
    "ledger": "ltc.finance",
}


def d(text: str) -> date:
    return date.fromisoformat(text)


class Story:
    """Records events in the order the services would publish them."""

    def __init__(self) -> None:
        self.envelopes: list[tuple[str, Envelope]] = []
        self.versions: dict[UUID, int] = defaultdict(int)
        self.traces: dict[UUID, dict[str, str]] = {}
        self.copies: dict[UUID, dict[str, Any]] = {}
        self.first_contact: dict[UUID, date] = {}

    def emit(
        self, kind: str, type_: str, subject: UUID, on: str, /, **fields: Any
    ) -> Envelope:
        self.versions[subject] += 1
        version = self.versions[subject]
        data = to_jsonable_python(
            {**fields, "occurred_on": d(on), "trace": self.traces.get(subject, {})}
        )
        service = "finance" if kind == "ledger" else kind
        envelope = Envelope(
            id=event_id(service, subject, version),
            source=f"/ltc/{service}",
            type=type_,
            subject=str(subject),
            time=datetime.now(UTC),
            businessdate=d(on),
            sequence=len(self.envelopes) + 1,
            version=version,
            data=data,
        )
        self.envelopes.append((TOPIC_OF[kind], envelope))
        return envelope

    def by_topic(self) -> dict[str, list[Envelope]]:
        found: dict[str, list[Envelope]] = defaultdict(list)
        for topic, envelope in self.envelopes:
            found[topic].append(envelope)
        return found

    # lead

    def capture(self, ref: str, on: str, channel: str, unit: str = "cloud") -> UUID:
        lead = natural_id("lead", ref)
        self.traces[lead] = {"lead_id": str(lead)}
        self.first_contact[lead] = d(on)
        self.copies[lead] = {
            "customer": f"customer {ref}",
            "channel": channel,
            "business_unit": unit,
            "product": "storage",
            "region": "north",
        }
        self.emit(
            "lead",
            "LeadCaptured",
            lead,
            on,
            lead_id=lead,
            pain_points=["slow backups"],
            first_contact_on=d(on),
            **self.copies[lead],
        )
        return lead

    def assign(self, lead: UUID, owner: str, on: str) -> None:
        self.copies[lead]["owner"] = owner
        self.emit("lead", "LeadAssigned", lead, on, owner=owner)

    def qualify(self, lead: UUID, on: str, value: str) -> UUID:
        self.emit(
            "lead",
            "LeadQualified",
            lead,
            on,
            first_contact_on=self.first_contact[lead],
            expected_value=Decimal(value),
            currency="USD",
            **self.copies[lead],
        )
        opportunity = derived_id("opportunity", lead)
        self._open(opportunity, on, "lead", lead, None, value, self.copies[lead])
        return opportunity

    def drop(self, lead: UUID, on: str, reason: str) -> None:
        self.emit("lead", "LeadDropped", lead, on, reason=reason)

    # opportunity

    def sudden(self, ref: str, on: str, value: str, owner: str) -> UUID:
        opportunity = natural_id("opportunity", ref)
        copies = {
            "customer": f"customer {ref}",
            "channel": "direct",
            "business_unit": "cloud",
            "owner": owner,
            "product": "compute",
            "region": "south",
        }
        self._open(opportunity, on, "sudden", None, ref, value, copies)
        return opportunity

    def _open(
        self,
        opportunity: UUID,
        on: str,
        origin: str,
        lead: UUID | None,
        ref: str | None,
        value: str,
        copies: dict[str, Any],
    ) -> None:
        trace = {"lead_id": str(lead)} if lead else {}
        self.traces[opportunity] = trace | {"opportunity_id": str(opportunity)}
        self.copies[opportunity] = {
            **copies,
            "origin": origin,
            "expected_value": Decimal(value),
            "currency": "USD",
        }
        self.emit(
            "opportunity",
            "OpportunityOpened",
            opportunity,
            on,
            opportunity_id=opportunity,
            lead_id=lead,
            external_ref=ref,
            **self.copies[opportunity],
        )

    def initiate(self, opportunity: UUID, on: str) -> UUID:
        self.emit(
            "opportunity", "InitiationRequested", opportunity, on, requested_by="ar"
        )
        self.emit(
            "opportunity",
            "ProjectInitiated",
            opportunity,
            on,
            decided_by="board",
            sponsor="vp",
            iron_triangle={"ar": "ana", "sr": "sam", "fr": "fay"},
            **self.copies[opportunity],
        )
        bid = derived_id("bid", opportunity)
        self.traces[bid] = self.traces[opportunity] | {"bid_id": str(bid)}
        copies = dict(self.copies[opportunity])
        copies.pop("expected_value")
        self.copies[bid] = copies
        self.emit(
            "bid",
            "BidOpened",
            bid,
            on,
            bid_id=bid,
            opportunity_id=opportunity,
            **copies,
        )
        return bid

    def give_up(self, opportunity: UUID, on: str, reason: str) -> None:
        self.emit("opportunity", "OpportunityLost", opportunity, on, reason=reason)

    # bid

    def estimate(self, bid: UUID, on: str, revenue: str, cost: str) -> None:
        self.emit(
            "bid",
            "EstimatePrepared",
            bid,
            on,
            revenue=Decimal(revenue),
            cost=Decimal(cost),
            currency="USD",
            solution="backup as a service",
        )

    def decide(self, bid: UUID, on: str, decision: str, reason: str) -> None:
        self.emit(
            "bid",
            "BidDecided",
            bid,
            on,
            decision=decision,
            reason=reason,
            decided_by="t",
        )

    def submit(self, bid: UUID, on: str, price: str) -> None:
        self.emit("bid", "BidSubmitted", bid, on, price=Decimal(price))

    def lose(self, bid: UUID, on: str, reason: str) -> None:
        self.emit("bid", "BidLost", bid, on, reason=reason)

    def win(self, bid: UUID, on: str, award: str) -> UUID:
        self.emit("bid", "BidWon", bid, on, award_value=Decimal(award), currency="USD")
        contract = derived_id("contract", bid)
        self.traces[contract] = self.traces[bid] | {"contract_id": str(contract)}
        opportunity = self.traces[bid]["opportunity_id"]
        self.copies[contract] = self.copies[bid]
        self.emit(
            "contract",
            "ContractDrafted",
            contract,
            on,
            contract_id=contract,
            bid_id=bid,
            opportunity_id=opportunity,
            value=Decimal(award),
            **self.copies[bid],
        )
        return contract

    # contract

    def budget(self, contract: UUID, on: str, revenue: str, cost: str) -> None:
        self.emit(
            "contract",
            "BudgetSet",
            contract,
            on,
            revenue=Decimal(revenue),
            cost=Decimal(cost),
            currency="USD",
        )

    def sign(self, contract: UUID, on: str, value: str, *, named: bool = True) -> UUID:
        """Sign and open the ledger; unless `named`, neither copies the
        descriptive fields (as when the draft had none to copy)."""
        self.emit("contract", "ContractApproved", contract, on, decided_by="board")
        copies = {k: v for k, v in self.copies[contract].items() if k != "origin"}
        if not named:
            copies = dict.fromkeys(copies)
        self.emit(
            "contract",
            "ContractSigned",
            contract,
            on,
            value=Decimal(value),
            payment_terms={"days": 30},
            signed_by="ana",
            **copies,
        )
        ledger = derived_id("ledger", contract)
        self.traces[ledger] = self.traces[contract] | {"ledger_id": str(ledger)}
        self.emit(
            "ledger",
            "LedgerOpened",
            ledger,
            on,
            ledger_id=ledger,
            contract_id=contract,
            value=Decimal(value),
            currency="USD",
            payment_days=30,
            customer=copies["customer"],
            business_unit=copies["business_unit"],
        )
        return ledger

    def close(self, contract: UUID, on: str) -> None:
        self.emit("contract", "ContractClosed", contract, on)

    # ledger

    def invoice(
        self, ledger: UUID, number: str, amount: str, on: str, due: str, disputed: bool
    ) -> None:
        self.emit(
            "ledger",
            "InvoiceIssued",
            ledger,
            on,
            invoice_number=number,
            amount=Decimal(amount),
            due_on=d(due),
            disputed=disputed,
        )

    def pay(self, ledger: UUID, number: str, amount: str, on: str) -> None:
        self.emit(
            "ledger",
            "PaymentReceived",
            ledger,
            on,
            invoice_number=number,
            amount=Decimal(amount),
        )

    def cost(self, ledger: UUID, on: str, category: str, amount: str) -> None:
        self.emit(
            "ledger",
            "CostBooked",
            ledger,
            on,
            category=category,
            amount=Decimal(amount),
            note="",
        )


def project(envelopes: list[Envelope]) -> Docs:
    """Fold envelopes without a store, as the sink does batch by batch."""
    docs: dict[DocKey, Doc] = {}
    for envelope in envelopes:
        key = key_of(envelope)
        if key is not None:
            folded = fold(docs.get(key), envelope)
            if folded is not None:
                docs[key] = folded
    by_kind: dict[str, list[Doc]] = defaultdict(list)
    for (kind, _), doc in sorted(docs.items()):
        by_kind[kind].append(doc)
    return by_kind
