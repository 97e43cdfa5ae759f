"""A contract follows its project: the won bid hands over the sponsor, the
AR, the tier and the versions of the estimate and risk register; the
project's later events move them, even those heard before the contract was
drafted. ATC, ATAC and ATCC are taken by the named sponsor, the signature by
the named AR (or sponsor), and each decision records what it saw."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest

from contract_svc.application import ContractStore
from contract_svc.consumers import REACTIONS
from contract_svc.domain import Contract
from contract_svc.domain.project import ProjectRecord
from ltc_shared.authority import Actor
from ltc_shared.consumer import Unit
from ltc_shared.envelope import Envelope
from ltc_shared.errors import Forbidden, RuleViolated
from ltc_shared.ids import derived_id
from ltc_shared.settings import Settings
from ltc_shared.testing import new_events

D = Decimal
ON = date(2024, 3, 8)
WANG = Actor(id="sponsor.wang", role="sponsor", level=2)
PROJECT = {
    "sponsor": "sponsor.wang",
    "iron_triangle": {"ar": "ar.li", "sr": "sam", "fr": "fei"},
    "risk_register_version": 2,
    "estimate_version": 3,
    "project_version": 6,
}


@pytest.fixture
def store(tmp_path: Path) -> ContractStore:
    return ContractStore(env=Settings(data_dir=tmp_path).event_store_env("contract"))


def deliver(store: ContractStore, *envelopes: Envelope) -> None:
    for envelope in envelopes:
        upstream = "bid" if envelope.type == "BidWon" else "opportunity"
        unit = Unit(store)
        REACTIONS[upstream][envelope.type](envelope, unit)
        store.commit(*unit.touched.values())


def project_event(
    opportunity_id: UUID, type_: str, version: int, **data: Any
) -> Envelope:
    return Envelope(
        id=str(uuid4()),
        source="/ltc/opportunity",
        type=type_,
        subject=str(opportunity_id),
        time=datetime(2024, 3, 2, tzinfo=UTC),
        businessdate=date(2024, 3, 2),
        sequence=version,
        version=version,
        data={"occurred_on": "2024-03-02", "trace": {}} | data,
    )


def won(bid_won: Any, opportunity_id: UUID, tier: int = 2) -> Envelope:
    bid_id = derived_id("bid", opportunity_id)
    trace = {"opportunity_id": str(opportunity_id), "bid_id": str(bid_id)}
    envelope: Envelope = bid_won(bid_id, trace=trace, tier=tier, project=PROJECT)
    return envelope


def contract_for(store: ContractStore, opportunity_id: UUID) -> Contract:
    contract_id = derived_id("contract", derived_id("bid", opportunity_id))
    return store.load(Contract, contract_id, "contract")


def budgeted(contract: Contract) -> Contract:
    contract.set_budget(D("120000.00"), D("90000.00"), "USD", date(2024, 3, 5))
    contract.collect_events()
    return contract


def forbidden(run: Any) -> str:
    with pytest.raises(Forbidden) as caught:
        run()
    return str(caught.value.rule)


def test_the_won_bid_hands_over_the_project(store: ContractStore, bid_won: Any) -> None:
    project = uuid4()
    deliver(store, won(bid_won, project))

    contract = contract_for(store, project)

    assert (contract.sponsor, contract.ar, contract.tier) == (
        "sponsor.wang",
        "ar.li",
        2,
    )
    assert (contract.estimate_version, contract.risk_register_version) == (3, 2)


def test_atc_is_the_named_sponsors_and_records_what_it_saw(
    store: ContractStore, bid_won: Any
) -> None:
    project = uuid4()
    deliver(store, won(bid_won, project))
    contract = budgeted(contract_for(store, project))
    other = Actor(id="sponsor.zhao", role="sponsor", level=4)

    assert forbidden(lambda: contract.decide(True, other, None, ON)) == (
        "atc-named-sponsor"
    )
    contract.decide(True, WANG, None, ON)

    [(kind, fields)] = new_events(contract)
    assert kind == "ContractApproved"
    assert fields["inputs"] == {
        "budget_version": 1,
        "revision": None,
        "review": None,
        "estimate_version": 3,
        "risk_register_version": 2,
    }


def test_the_signature_is_the_named_ars(store: ContractStore, bid_won: Any) -> None:
    project = uuid4()
    deliver(store, won(bid_won, project))
    contract = budgeted(contract_for(store, project))
    contract.decide(True, WANG, None, ON)
    contract.collect_events()

    def sign(actor: Actor) -> None:
        contract.sign(D("1.00"), "USD", 30, actor.id, date(2024, 3, 9), actor)

    assert forbidden(lambda: sign(Actor(id="ar.wu", role="ar"))) == "signature-named-ar"
    sign(Actor(id="ar.li", role="ar"))
    assert contract.status == "signed"


def test_later_project_facts_move_the_deciders(
    store: ContractStore, bid_won: Any
) -> None:
    project = uuid4()
    deliver(
        store,
        won(bid_won, project),
        project_event(project, "ProjectTypeSet", 7, tier=3),
        project_event(project, "RiskUpdated", 8, register_version=3),
        project_event(project, "RiskRaised", 5, register_version=1),  # older
    )
    contract = budgeted(contract_for(store, project))

    assert forbidden(lambda: contract.decide(True, WANG, None, ON)) == "atc-level"
    deliver(store, project_event(project, "SponsorAppointed", 9, sponsor="boss"))
    contract = budgeted(contract_for(store, project))
    boss = Actor(id="boss", role="sponsor", level=3)
    contract.decide(True, boss, None, ON)

    [(_, fields)] = new_events(contract)
    assert fields["inputs"]["risk_register_version"] == 3
    assert (contract.tier, contract.project_version) == (3, 9)


def test_facts_heard_before_the_draft_are_taken_at_the_draft(
    store: ContractStore, bid_won: Any
) -> None:
    project = uuid4()
    deliver(
        store,
        project_event(project, "RiskRaised", 5, register_version=1),  # bid saw it
        project_event(project, "RiskRaised", 7, register_version=3),
        project_event(project, "ProjectTypeSet", 8, tier=4),
        won(bid_won, project),
    )

    contract = contract_for(store, project)

    assert (contract.tier, contract.risk_register_version) == (4, 3)
    assert contract.project_version == 8
    record = store.load(ProjectRecord, ProjectRecord.create_id(project), "record")
    assert record.facts["tier"] == [4, 8]


def test_atcc_and_atac_are_the_named_sponsors(
    store: ContractStore, bid_won: Any
) -> None:
    project = uuid4()
    deliver(store, won(bid_won, project))
    contract = budgeted(contract_for(store, project))
    contract.decide(True, WANG, None, ON)
    contract.sign(D("1.00"), "USD", 30, "ar.li", date(2024, 3, 9), WANG)
    contract.request_change(
        "CR-1", D("1.00"), D(0), D(0), "more", None, date(2024, 3, 9)
    )
    other = Actor(id="sponsor.zhao", role="sponsor", level=4)

    assert (
        forbidden(
            lambda: contract.decide_change("CR-1", True, None, other, date(2024, 3, 10))
        )
        == "atac-named-sponsor"
    )
    assert forbidden(lambda: contract.close(date(2024, 3, 10), other)) == (
        "atcc-named-sponsor"
    )
    contract.close(date(2024, 3, 10), WANG)
    assert contract.status == "closed"


def test_the_handover_is_between_the_named_ar_and_fr(
    store: ContractStore, bid_won: Any
) -> None:
    project = uuid4()
    deliver(store, won(bid_won, project))
    contract = budgeted(contract_for(store, project))
    contract.decide(True, WANG, None, ON)
    contract.sign(D("1.00"), "USD", 30, "ar.li", date(2024, 3, 9), WANG)
    contract.collect_events()

    li, fei = Actor(id="ar.li", role="ar"), Actor(id="fei", role="fr")
    with pytest.raises(RuleViolated) as refused:
        contract.hold_handover(["ar.li", "pm.zhou"], [], date(2024, 3, 10), li)
    assert refused.value.rule == "handover-with-ar-and-fr"
    other_fr = Actor(id="fu", role="fr")
    with pytest.raises(Forbidden) as forbidden:
        contract.hold_handover(["ar.li", "fei"], [], date(2024, 3, 10), other_fr)
    assert forbidden.value.rule == "handover-named-fr"
    assert new_events(contract) == []

    contract.hold_handover(["ar.li", "fei", "pm.zhou"], [], date(2024, 3, 10), fei)
    assert [kind for kind, _ in new_events(contract)] == ["HandoverHeld"]


def test_a_new_team_renames_the_ar_who_signs(
    store: ContractStore, bid_won: Any
) -> None:
    project = uuid4()
    triangle = {"ar": "ar.zhu", "sr": "sam", "fr": "fei"}
    deliver(
        store,
        won(bid_won, project),
        project_event(project, "TeamAppointed", 7, iron_triangle=triangle),
    )
    contract = budgeted(contract_for(store, project))
    contract.decide(True, WANG, None, ON)

    def sign(actor: Actor) -> None:
        contract.sign(D("1.00"), "USD", 30, actor.id, date(2024, 3, 9), actor)

    assert forbidden(lambda: sign(Actor(id="ar.li", role="ar"))) == "signature-named-ar"
    sign(Actor(id="ar.zhu", role="ar"))
    assert (contract.ar, contract.fr) == ("ar.zhu", "fei")
