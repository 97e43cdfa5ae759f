"""`python -m bench [NAME...] [--scale X]`: run the benchmarks, print the
figures and their ceilings, and keep the summary in bench/results.md."""

from __future__ import annotations

import argparse
import asyncio
import sys
import traceback
from collections.abc import Awaitable, Callable
from pathlib import Path

from bench import commands, freshness, rebuild, relay
from bench.infra import BenchError, run_id, settings
from bench.machine import Machine
from bench.report import Outcome, heading, say, show, table, write_results
from ltc_shared.logs import configure_logging
from ltc_shared.settings import Settings

Benchmark = Callable[[Settings, str, float], Awaitable[Outcome]]
BENCHMARKS: dict[str, tuple[str, Benchmark]] = {
    "commands": ("Commands/s through lead-svc's API into PostgreSQL", commands.run),
    "relay": ("Events/s from the lead store through the relay into Kafka", relay.run),
    "rebuild": ("Events/s of the reporting rebuild from Kafka", rebuild.run),
    "freshness": ("Delay from a command's answer to the funnel", freshness.run),
}
RESULTS = Path(__file__).with_name("results.md")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        help=f"which to run (default: all): {', '.join(BENCHMARKS)}",
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="multiply every count and duration (0.2 for a quick look)",
    )
    parser.add_argument(
        "--no-results",
        action="store_true",
        help="do not rewrite bench/results.md",
    )
    found = parser.parse_args()
    unknown = [name for name in found.names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}")
    return found


async def _main(names: list[str], scale: float) -> list[Outcome]:
    config = settings()
    machine = Machine.here()
    outcomes = []
    for name in names:
        title, benchmark = BENCHMARKS[name]
        heading(title, machine)
        before = machine.load()
        try:
            outcome = await benchmark(config, run_id(), scale)
        except Exception as error:  # noqa: BLE001 - the others still run
            traceback.print_exc()
            failure = f"FAILED: {type(error).__name__}: {error}"
            outcome = Outcome(name, notes=[failure], failed=True)
        outcome.notes.append(f"machine: {before} before, {machine.load()} after")
        show(outcome, machine)
        outcomes.append(outcome)
    return outcomes


def main() -> int:
    arguments = _arguments()
    names = arguments.names or list(BENCHMARKS)
    configure_logging("WARNING")
    try:
        outcomes = asyncio.run(_main(names, arguments.scale))
    except BenchError as error:
        say(f"benchmark failed: {error}")
        return 1
    say()
    say("## Summary")
    say()
    say(table(outcomes))
    failed = [outcome.benchmark for outcome in outcomes if outcome.failed]
    if not arguments.no_results:
        write_results(RESULTS, outcomes, Machine.here())
        say()
        say(f"written to {RESULTS}")
    if failed:
        say(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
