"""The lead register's entry for one lead: everything the register shows."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel

from lead_svc.domain import Lead, Maturity, Status
from lead_svc.schemas import CoreElements


class KeyPerson(BaseModel):
    name: str
    title: str | None


class KeyPeople(BaseModel):
    investment_owners: list[KeyPerson]
    decision_makers: list[KeyPerson]
    stakeholders: list[KeyPerson]


class NextStep(BaseModel):
    step: str | None
    on: date | None
    window_ends_on: date | None


class RegisterEntry(BaseModel):
    id: UUID
    version: int
    status: Status
    customer: str
    need: str | None
    channel: str
    business_unit: str
    product: str
    region: str
    industry: str | None
    first_contact_on: date
    last_step_on: date
    generated_by: str | None
    verified_by: str | None
    owner: str | None
    assignment_reason: str | None
    maturity: Maturity | None
    treatment: str | None
    touches: int
    next_step: NextStep
    core_elements: CoreElements
    key_people: KeyPeople
    duplicate_of: UUID | None
    possible_duplicates: list[UUID]
    merged_into: UUID | None
    merged_leads: list[UUID]
    found_in_contract: UUID | None
    drop_reason: str | None

    @classmethod
    def of(cls, lead: Lead, possible_duplicates: list[UUID]) -> RegisterEntry:
        def people(role: str) -> list[KeyPerson]:
            return [
                KeyPerson(name=name, title=person["title"])
                for name, person in lead.key_people.items()
                if person["role"] == role
            ]

        return cls(
            id=lead.id,
            version=lead.version,
            status=lead.status,
            customer=lead.customer,
            need=lead.need,
            channel=lead.channel,
            business_unit=lead.business_unit,
            product=lead.product,
            region=lead.region,
            industry=lead.industry,
            first_contact_on=lead.first_contact_on,
            last_step_on=lead.last_step_on,
            generated_by=lead.generated_by,
            verified_by=lead.verified_by,
            owner=lead.owner,
            assignment_reason=lead.assignment_reason,
            maturity=lead.maturity,
            treatment=lead.treatment,
            touches=lead.touches,
            next_step=NextStep(
                step=lead.next_step,
                on=lead.next_step_on,
                window_ends_on=lead.window_ends_on,
            ),
            core_elements=CoreElements.model_validate(lead.core_elements),
            key_people=KeyPeople(
                investment_owners=people("investment_owner"),
                decision_makers=people("decision_maker"),
                stakeholders=people("stakeholder"),
            ),
            duplicate_of=lead.duplicate_of,
            possible_duplicates=possible_duplicates,
            merged_into=lead.merged_into,
            merged_leads=[UUID(merged) for merged in lead.merged_leads],
            found_in_contract=lead.found_in_contract,
            drop_reason=lead.drop_reason,
        )
