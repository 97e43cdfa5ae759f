"""Duplicates on the same customer and need: flagged on capture, merged on
request; never dropped silently."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import uuid4

import httpx
import pytest

from lead_svc.domain import Lead, lead_key
from ltc_shared.errors import RuleViolated
from ltc_shared.testing import event_types, new_events

DAY = date(2018, 2, 1)
CAPTURE = {
    "external_ref": "crm-1",
    "customer": "ACME Corp.",
    "channel": "social",
    "first_contact_on": "2018-01-10",
    "need": "Billing platform",
}


def lead(customer: str = "ACME", pains: list[str] | None = None) -> Lead:
    found = Lead.capture(
        uuid4(), customer, "social", "bu", "cloud", "north", pains or [], DAY
    )
    found.collect_events()
    return found


def test_the_key_ignores_case_punctuation_and_spacing() -> None:
    assert lead_key("ACME  Corp.", "Billing platform") == lead_key(
        "acme corp", " billing   PLATFORM "
    )
    assert lead_key("ACME", "billing") != lead_key("ACME", "storage")


def test_merging_closes_the_duplicate_and_folds_it_into_the_original() -> None:
    original, duplicate = lead(pains=["slow"]), lead(pains=["slow", "costly"])
    duplicate.merge_into(original, DAY)
    assert new_events(duplicate) == [
        (
            "LeadsMerged",
            {
                "trace": {"lead_id": str(duplicate.id)},
                "into": str(original.id),
                "occurred_on": DAY,
            },
        )
    ]
    [(name, fields)] = new_events(original)
    assert (name, fields["merged"], fields["pain_points"]) == (
        "DuplicateLeadAbsorbed",
        str(duplicate.id),
        ["costly"],
    )
    assert (duplicate.status, original.pain_points) == ("merged", ["slow", "costly"])


@pytest.mark.parametrize(
    ("target", "rule"),
    [
        ("self", "merge-into-another-lead"),
        ("closed", "merge-target-must-be-open"),
        ("other customer", "merge-same-customer"),
    ],
)
def test_a_merge_that_does_not_fold_a_duplicate_is_refused(
    target: str, rule: str
) -> None:
    duplicate = lead()
    original = {"self": duplicate, "closed": lead(), "other customer": lead("Beta")}[
        target
    ]
    if target == "closed":
        original.drop("gone", DAY)
        original.collect_events()
    with pytest.raises(RuleViolated) as refused:
        duplicate.merge_into(original, DAY)
    assert refused.value.rule == rule
    assert (event_types(duplicate), event_types(original)) == ([], [])


def test_a_merged_lead_takes_no_further_command() -> None:
    original, duplicate = lead(), lead()
    duplicate.merge_into(original, DAY)
    duplicate.collect_events()
    with pytest.raises(RuleViolated) as refused:
        duplicate.assign("ann", DAY)
    assert refused.value.rule == "lead-must-be-open"


async def capture(client: httpx.AsyncClient, **changes: Any) -> dict[str, Any]:
    response = await client.post("/leads", json=CAPTURE | changes)
    assert response.status_code in (200, 201), response.text
    body: dict[str, Any] = response.json()
    return body


async def test_a_second_lead_of_the_same_customer_and_need_is_flagged(
    client: httpx.AsyncClient,
) -> None:
    first = await capture(client)
    second = await capture(client, external_ref="crm-2", customer="acme corp")
    other_need = await capture(client, external_ref="crm-3", need="Storage")
    assert (first["duplicate_of"], second["duplicate_of"]) == (None, first["id"])
    assert other_need["duplicate_of"] is None
    assert second["status"] == "open"
    entry = (await client.get(f"/leads/{first['id']}/register-entry")).json()
    assert entry["possible_duplicates"] == [second["id"]]


async def test_capturing_the_same_reference_again_flags_nothing_more(
    client: httpx.AsyncClient, stored: Callable[[], int]
) -> None:
    await capture(client)
    second = await capture(client, external_ref="crm-2")
    before = stored()
    again = await capture(client, external_ref="crm-2")
    assert again == second
    assert stored() == before


async def test_leads_without_a_need_are_never_flagged(
    client: httpx.AsyncClient,
) -> None:
    bare = {key: value for key, value in CAPTURE.items() if key != "need"}
    await client.post("/leads", json=bare)
    second = await client.post("/leads", json=bare | {"external_ref": "crm-2"})
    assert second.json()["duplicate_of"] is None


async def test_once_the_original_is_closed_a_new_lead_is_not_flagged(
    client: httpx.AsyncClient,
) -> None:
    first = await capture(client)
    await client.post(
        f"/leads/{first['id']}/drop", json={"reason": "x", "occurred_on": "2018-01-11"}
    )
    second = await capture(client, external_ref="crm-2")
    third = await capture(client, external_ref="crm-3")
    assert (second["duplicate_of"], third["duplicate_of"]) == (None, second["id"])


async def test_merge_route_closes_the_duplicate(client: httpx.AsyncClient) -> None:
    first = await capture(client)
    second = await capture(client, external_ref="crm-2")
    body = {"into": first["id"], "occurred_on": "2018-01-12"}
    response = await client.post(f"/leads/{second['id']}/merge", json=body)
    assert response.status_code == 200, response.text
    assert (response.json()["status"], response.json()["merged_into"]) == (
        "merged",
        first["id"],
    )
    entry = (await client.get(f"/leads/{first['id']}/register-entry")).json()
    assert (entry["merged_leads"], entry["possible_duplicates"]) == ([second["id"]], [])


async def test_merge_route_refusals(
    client: httpx.AsyncClient, stored: Callable[[], int]
) -> None:
    first = await capture(client)
    url = f"/leads/{first['id']}/merge"
    before = stored()
    itself = await client.post(
        url, json={"into": first["id"], "occurred_on": "2018-01-12"}
    )
    assert (itself.status_code, itself.json()["rule"]) == (
        409,
        "merge-into-another-lead",
    )
    unknown = await client.post(
        url, json={"into": str(uuid4()), "occurred_on": "2018-01-12"}
    )
    assert unknown.status_code == 404
    invalid = await client.post(url, json={"into": "x", "occurred_on": "2018-01-12"})
    assert [e["field"] for e in invalid.json()["errors"]] == ["body.into"]
    assert stored() == before


async def test_a_batch_flags_and_merges_within_itself(
    client: httpx.AsyncClient,
) -> None:
    first = CAPTURE | {"type": "CaptureLead"}
    second = first | {"external_ref": "crm-2"}
    response = await client.post("/leads/batch", json={"commands": [first, second]})
    first_id, second_id = (r["id"] for r in response.json()["results"])
    second_lead = (await client.get(f"/leads/{second_id}")).json()
    assert second_lead["duplicate_of"] == first_id
    merge = {
        "type": "MergeLead",
        "lead_id": second_id,
        "into": first_id,
        "occurred_on": "2018-01-12",
    }
    response = await client.post("/leads/batch", json={"commands": [merge]})
    assert response.json()["results"][0]["status"] == 200
    assert (await client.get(f"/leads/{second_id}")).json()["status"] == "merged"
