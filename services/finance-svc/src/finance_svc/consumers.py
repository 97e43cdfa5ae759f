"""finance-svc's reactions to other services' events.

A signed contract opens its ledger. The ledger's id is derived from the
contract's, so a repeated delivery finds the ledger it opened. The ledger
takes the contract's trace, so every payment can be followed back to the
lead, opportunity, bid and contract it came from.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from finance_svc.domain import Ledger
from ltc_shared.consumer import Reaction, Unit
from ltc_shared.envelope import Envelope
from ltc_shared.ids import derived_id


class PaymentTerms(BaseModel):
    model_config = ConfigDict(extra="ignore")

    days: int


class ContractSigned(BaseModel):
    """What a ContractSigned event carries, as far as a ledger needs it."""

    model_config = ConfigDict(extra="ignore")

    value: Decimal
    currency: str
    payment_terms: PaymentTerms
    occurred_on: date
    trace: dict[str, str]
    customer: str | None = None
    business_unit: str | None = None


def open_ledger(envelope: Envelope, unit: Unit) -> None:
    signed = ContractSigned.model_validate(envelope.data)
    contract_id = UUID(envelope.subject)
    if unit.get(Ledger, derived_id("ledger", contract_id)) is not None:
        return
    ledger = Ledger.open(
        contract_id,
        signed.value,
        signed.currency,
        signed.payment_terms.days,
        signed.customer,
        signed.business_unit,
        signed.occurred_on,
        signed.trace,
    )
    unit.add(ledger)


class ChangeApproved(BaseModel):
    """What an approved contract change (ATAC) carries, as a ledger needs it."""

    model_config = ConfigDict(extra="ignore")

    change_id: str
    value_delta: Decimal
    occurred_on: date


def follow_change(envelope: Envelope, unit: Unit) -> None:
    change = ChangeApproved.model_validate(envelope.data)
    ledger = unit.get(Ledger, derived_id("ledger", UUID(envelope.subject)))
    if ledger is None:
        # Approved before signature: the ledger opens at the signed value.
        return
    if ledger.revalue(change.change_id, change.value_delta, change.occurred_on):
        unit.add(ledger)


class ContractClosed(BaseModel):
    model_config = ConfigDict(extra="ignore")

    occurred_on: date


def follow_closure(envelope: Envelope, unit: Unit) -> None:
    """ATCC closed the project: its ledger books no more costs."""
    closed = ContractClosed.model_validate(envelope.data)
    ledger = unit.get(Ledger, derived_id("ledger", UUID(envelope.subject)))
    if ledger is not None and ledger.note_project_closed(closed.occurred_on):
        unit.add(ledger)


REACTIONS: dict[str, dict[str, Reaction]] = {
    "contract": {
        "ContractSigned": open_ledger,
        "ChangeApproved": follow_change,
        "ContractClosed": follow_closure,
    }
}
