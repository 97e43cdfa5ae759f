"""Leads stored before the new fields and before the domain became a package
load as they did: the old event topics resolve and the new fields default."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from uuid import uuid4

from lead_svc.application import LeadStore
from lead_svc.domain import Lead
from ltc_shared.settings import Settings

ADDED_FIELDS = {
    "need",
    "industry",
    "found_in_contract",
    "reason",
    "treatment",
    "signals",
    "next_step_on",
    "window_ends_on",
}


def test_a_lead_stored_in_the_old_form_loads(tmp_path: Path) -> None:
    store = LeadStore(env=Settings(data_dir=tmp_path).event_store_env("lead"))
    lead = Lead.capture(
        uuid4(), "ACME", "social", "bu", "cloud", "north", [], date(2018, 1, 10)
    )
    lead.assign("ann", date(2018, 1, 11))
    lead.grade("low", date(2018, 1, 12))
    lead.nurture("call", "demo", date(2018, 1, 13))
    old = []
    for event in lead.collect_events():
        stored = store.mapper.to_stored_event(event)
        state = json.loads(stored.state)
        for field in ADDED_FIELDS:
            state.pop(field, None)
        if "originator_topic" in state:
            state["originator_topic"] = "lead_svc.domain:Lead"
        name = stored.topic.rsplit(".", 1)[1]
        old.append(
            replace(
                stored,
                topic=f"lead_svc.domain:Lead.{name}",
                state=json.dumps(state).encode(),
            )
        )
    assert len(old) == 4
    store.recorder.insert_events(old)

    loaded = store.load(Lead, lead.id, "lead")
    assert (loaded.version, loaded.owner, loaded.maturity) == (4, "ann", "low")
    assert (loaded.need, loaded.assignment_reason, loaded.treatment) == (
        None,
        None,
        None,
    )
    assert (loaded.touches, loaded.next_step, loaded.next_step_on) == (1, "demo", None)
