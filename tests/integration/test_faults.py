"""Faults in the distributed stages lose nothing and count nothing twice.

Each test replays a sample of the data sets through the six stage processes
(PostgreSQL event stores, Kafka bus), injects one fault while events flow,
and compares the reports with those of the embedded run of the same sample.
The servers are this module's own (see faultkit), started once and emptied
before each test; each test's stage logs stay in a folder named after it.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
from collections.abc import Awaitable, Callable, Iterator

import pytest

from integration.faultkit import (
    REPO,
    STAGES,
    Cluster,
    ServersUnavailable,
    process_alive,
)
from integration.faultwatch import (
    Timeline,
    lags,
    republished,
    still_running,
    stored,
    until,
)
from integration.reportdiff import first_differences
from integration.stores import integration_required
from ltc.demo.run import DemoResult, run_demo, run_demo_remote
from ltc_shared.logs import configure_logging

pytestmark = pytest.mark.integration
DATA = REPO / "data"
SAMPLE = 800
REPLAY_PATIENCE = 180.0
Fault = Callable[["asyncio.Task[DemoResult]"], Awaitable[None]]
Check = Callable[[], Awaitable[bool]]


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    cluster = Cluster()
    try:
        cluster.up()
    except ServersUnavailable as error:
        reason = f"the fault tests' own servers did not start: {error}"
        if integration_required():
            pytest.fail(f"{reason}; LTC_REQUIRE_INTEGRATION is set")
        pytest.skip(reason)
    # The demo client finds the stages from LTC_PORT_BASE.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LTC_PORT_BASE", str(cluster.port_base))
        try:
            yield cluster
        finally:
            cluster.down()


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    configure_logging("WARNING")
    work = tmp_path_factory.mktemp("embedded")
    return asyncio.run(run_demo(DATA, work, sample=SAMPLE))


@pytest.fixture
async def system(cluster: Cluster, request: pytest.FixtureRequest) -> Cluster:
    """The servers emptied, no stage running yet."""
    await cluster.fresh(request.node.name)
    return cluster


async def replay_through(
    cluster: Cluster, timeline: Timeline, fault: Fault
) -> DemoResult:
    """Run the distributed replay while `fault` acts on the running system."""
    timeline.mark("replay started")
    replay = asyncio.create_task(run_demo_remote(DATA, sample=SAMPLE))
    try:
        await fault(replay)
        found = await asyncio.wait_for(replay, REPLAY_PATIENCE)
    except BaseException as error:
        replay.cancel()
        await asyncio.gather(replay, return_exceptions=True)
        if isinstance(error, asyncio.CancelledError):
            raise
        behind = json.dumps(await lags(cluster), indent=1)
        raise AssertionError(
            f"the replay failed: {error!r}\nlogs in {cluster.services_dir}\n"
            f"{timeline}\nwhat each stage had not moved on: {behind}"
        ) from error
    timeline.mark(
        f"replay done: sending {found.replay_seconds:.1f} s, "
        f"settling {found.settle_seconds:.1f} s"
    )
    return found


def assert_same_figures(
    cluster: Cluster, reference: DemoResult, found: DemoResult
) -> None:
    """Equal reports and refusals: nothing lost, nothing counted twice."""
    paths = first_differences(_figures(reference), _figures(found))
    if paths:
        kept = cluster.services_dir / "figures.json"
        kept.write_text(json.dumps(_figures(found), indent=1, sort_keys=True))
        listing = "\n  ".join(paths)
        pytest.fail(
            f"figures differ from the embedded run (kept in {kept}; logs in "
            f"{cluster.services_dir}):\n  {listing}"
        )


def _figures(result: DemoResult) -> dict[str, object]:
    refused = {source: dict(n) for source, n in result.outcome.rejected.items()}
    return {"reports": result.reports, "refused": refused}


def events_in(cluster: Cluster, schema: str, event_type: str) -> Check:
    async def check() -> bool:
        return await stored(cluster, schema, event_type) > 0

    return check


def exited(child: subprocess.Popen[bytes]) -> Check:
    async def check() -> bool:
        return child.poll() is not None

    return check


async def test_a_stage_killed_and_restarted_mid_replay(
    system: Cluster, reference: DemoResult
) -> None:
    timeline = Timeline()
    await system.start(*STAGES)

    async def kill_bid(replay: asyncio.Task[DemoResult]) -> None:
        bidding = events_in(system, "bid", "EstimatePrepared")
        await until("the replay's first estimates", bidding, replay)
        timeline.mark("killing bid")
        pid = await system.kill("bid")
        assert not process_alive(pid)
        still_running(replay)
        timeline.mark(f"bid (pid {pid}) dead")
        await asyncio.sleep(2.0)
        await system.start("bid")
        assert system.pid("bid") not in {None, pid}
        timeline.mark("bid restarted")

    found = await replay_through(system, timeline, kill_bid)

    assert_same_figures(system, reference, found)


async def test_relay_dies_between_publishing_and_recording_its_position(
    system: Cluster, reference: DemoResult
) -> None:
    timeline = Timeline()
    await system.start(*(stage for stage in STAGES if stage != "lead"))
    lead = await system.start_faulty("lead", "relay-after-publish:2")

    async def restart_lead(replay: asyncio.Task[DemoResult]) -> None:
        await until("the lead relay's crash", exited(lead), replay)
        assert lead.returncode == 137
        still_running(replay)
        timeline.mark("lead died after its relay's second publish")
        await system.start("lead")
        timeline.mark("lead restarted")

    found = await replay_through(system, timeline, restart_lead)

    # The batch published before the crash went out again after the restart.
    assert await republished(system, "ltc.lead") > 0
    assert_same_figures(system, reference, found)


async def test_consumer_dies_between_processing_and_committing(
    system: Cluster, reference: DemoResult
) -> None:
    timeline = Timeline()
    await system.start(*(stage for stage in STAGES if stage != "reporting"))
    reporting = await system.start_faulty("reporting", "consumer-before-commit:2")

    async def restart_reporting(replay: asyncio.Task[DemoResult]) -> None:
        await until("the reporting consumer's crash", exited(reporting), replay)
        assert reporting.returncode == 137
        still_running(replay)
        timeline.mark("reporting died before committing its second batch")
        await system.start("reporting")
        timeline.mark("reporting restarted")

    found = await replay_through(system, timeline, restart_reporting)

    assert_same_figures(system, reference, found)


async def test_broker_stopped_and_restarted_while_events_flow(
    system: Cluster, reference: DemoResult
) -> None:
    timeline = Timeline()
    await system.start(*STAGES)

    async def restart_broker(replay: asyncio.Task[DemoResult]) -> None:
        bidding = events_in(system, "bid", "EstimatePrepared")
        await until("the replay's first estimates", bidding, replay)
        before = system.broker_pid()
        await asyncio.to_thread(system.run, "kafka", "stop")
        assert not system.running("kafka")
        assert not system.broker_listening()
        still_running(replay)
        timeline.mark("broker stopped")
        await asyncio.sleep(3.0)
        await asyncio.to_thread(system.run, "kafka", "start")
        await asyncio.to_thread(system.run, "kafka", "wait")
        assert system.broker_pid() not in {None, before}
        timeline.mark("broker answering again")

    found = await replay_through(system, timeline, restart_broker)

    assert_same_figures(system, reference, found)


async def test_postgres_restarted_while_events_flow(
    system: Cluster, reference: DemoResult
) -> None:
    timeline = Timeline()
    await system.start(*STAGES)

    async def restart_postgres(replay: asyncio.Task[DemoResult]) -> None:
        bidding = events_in(system, "bid", "EstimatePrepared")
        await until("the replay's first estimates", bidding, replay)
        before = system.postmaster_pid()
        await asyncio.to_thread(system.run, "postgres", "stop")
        assert not system.running("postgres")
        still_running(replay)
        timeline.mark("PostgreSQL stopped")
        await asyncio.sleep(2.0)
        await asyncio.to_thread(system.run, "postgres", "start")
        await asyncio.to_thread(system.run, "postgres", "wait")
        assert system.postmaster_pid() not in {None, before}
        timeline.mark("PostgreSQL accepting connections again")

    found = await replay_through(system, timeline, restart_postgres)

    assert_same_figures(system, reference, found)
