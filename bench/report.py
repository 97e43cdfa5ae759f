"""Figures, their ceilings, and how they are printed and kept."""

from __future__ import annotations

import math
import statistics
import textwrap
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench.machine import Machine


@dataclass(frozen=True)
class Figure:
    """One measured figure next to the bare ceiling of the same machine.

    For a rate more is better and the share is ours / ceiling; for a delay
    less is better and the share is ceiling / ours. Either way 100 % means
    as good as the bare tools.
    """

    name: str
    unit: str
    ours: float
    ceiling: float
    target: float | None = None
    more_is_better: bool = True

    @property
    def share(self) -> float:
        if self.more_is_better:
            return self.ours / self.ceiling if self.ceiling else 0.0
        return self.ceiling / self.ours if self.ours else 0.0

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        if self.more_is_better:
            return self.ours >= self.target
        return self.ours < self.target

    def target_text(self) -> str:
        if self.target is None:
            return "-"
        sign = ">=" if self.more_is_better else "<"
        return f"{sign} {number(self.target, self.unit)}"


@dataclass
class Stopwatch:
    """Wall time, and CPU time of this whole process, since it was made.

    CPU time per event is steadier than a rate when other work shares the
    machine, so it compares our code with its ceiling more fairly.
    """

    wall_start: float = field(default_factory=time.perf_counter)
    cpu_start: float = field(default_factory=time.process_time)

    def wall(self) -> float:
        return time.perf_counter() - self.wall_start

    def cpu(self) -> float:
        return time.process_time() - self.cpu_start


@dataclass
class Outcome:
    """What one benchmark found: its figures and what explains them."""

    benchmark: str
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failed: bool = False


def number(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value:,.1f} ms"
    return f"{value:,.0f} {unit}"


def percentile(values: Sequence[float], share: float) -> float:
    """The value below which `share` of the values lie (nearest rank)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1))
    return ordered[rank]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def say(line: str = "") -> None:
    print(line, flush=True)


def heading(title: str, machine: Machine) -> None:
    say()
    say(f"## {title}")
    say(f"machine: {machine.describe()}")
    say(f"before:  {machine.load()}")


def show(outcome: Outcome, machine: Machine) -> None:
    say(f"after:   {machine.load()}")
    for figure in outcome.figures:
        met = {None: "", True: "  target met", False: "  TARGET MISSED"}[figure.met]
        say(
            f"{figure.name}: {number(figure.ours, figure.unit)}; ceiling "
            f"{number(figure.ceiling, figure.unit)}; share {figure.share:.1%}; "
            f"target {figure.target_text()}{met}"
        )
    for note in outcome.notes:
        say(f"  - {note}")


def table(outcomes: Sequence[Outcome]) -> str:
    rows = [
        "| benchmark | figure | ours | ceiling | share | target | met |",
        "| --- | --- | ---: | ---: | ---: | --- | --- |",
    ]
    for outcome in outcomes:
        if outcome.failed:
            rows.append(f"| {outcome.benchmark} | failed, see below | | | | | |")
        for f in outcome.figures:
            met = {None: "", True: "yes", False: "**no**"}[f.met]
            rows.append(
                f"| {outcome.benchmark} | {f.name} | {number(f.ours, f.unit)} | "
                f"{number(f.ceiling, f.unit)} | {f.share:.1%} | {f.target_text()} "
                f"| {met} |"
            )
    return "\n".join(rows)


def write_results(path: Path, outcomes: Sequence[Outcome], machine: Machine) -> None:
    today = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "# Benchmark results",
        "",
        textwrap.fill(
            f"Measured {today} on {machine.describe()}. Written by "
            "`python -m bench`; see README.md for what each figure means.",
            88,
        ),
        "",
        table(outcomes),
        "",
    ]
    for outcome in outcomes:
        if outcome.notes:
            parts += [f"## {outcome.benchmark}", ""]
            parts += [
                textwrap.fill(note, 88, initial_indent="- ", subsequent_indent="  ")
                for note in outcome.notes
            ]
            parts.append("")
    path.write_text("\n".join(parts))
