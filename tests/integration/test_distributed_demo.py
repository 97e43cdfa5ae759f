"""The demo on the distributed mode (each stage its own process, PostgreSQL
event stores and read model, Kafka between them) gives exactly the figures of
the embedded run."""

from __future__ import annotations

import asyncio
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ltc.demo.run import run_demo, run_demo_remote
from ltc_shared.logs import configure_logging

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
LOCAL = ROOT / "deploy" / "local"


def _run(*command: str) -> None:
    subprocess.run(command, cwd=ROOT, check=True, env=os.environ.copy())


def first_differences(left: Any, right: Any, path: str = "") -> list[str]:
    if type(left) is not type(right):
        return [f"{path}: {left!r} != {right!r}"]
    if isinstance(left, dict):
        found = []
        for key in sorted(set(left) | set(right), key=str):
            found += first_differences(left.get(key), right.get(key), f"{path}/{key}")
        return found
    if isinstance(left, list):
        if len(left) != len(right):
            return [f"{path}: {len(left)} items != {len(right)} items"]
        found = []
        for i, (a, b) in enumerate(zip(left, right, strict=True)):
            found += first_differences(a, b, f"{path}[{i}]")
        return found
    return [] if left == right else [f"{path}: {left!r} != {right!r}"]


@pytest.fixture(scope="module")
def stages(kafka_servers: str) -> Iterator[None]:
    """Fresh PostgreSQL and Kafka data, then every stage as its own process."""
    _run(str(LOCAL / "kafka.sh"), "reset")
    _run(str(LOCAL / "kafka.sh"), "up")
    _run(str(LOCAL / "postgres.sh"), "reset")
    _run(str(LOCAL / "postgres.sh"), "up")
    _run(str(LOCAL / "services.sh"), "start")
    try:
        yield
    finally:
        _run(str(LOCAL / "services.sh"), "stop")


@pytest.mark.integration
@pytest.mark.usefixtures("stages")
def test_the_distributed_demo_equals_the_embedded_one(tmp_path: Path) -> None:
    configure_logging("WARNING")
    embedded = asyncio.run(run_demo(DATA, tmp_path / "embedded"))
    distributed = asyncio.run(run_demo_remote(DATA))

    assert distributed.outcome.rejected == embedded.outcome.rejected
    differences = first_differences(embedded.reports, distributed.reports)
    assert differences == [], "\n".join(differences[:20])
