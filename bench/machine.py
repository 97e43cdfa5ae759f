"""The machine a figure was measured on: a figure means little without it."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from pathlib import Path


def _first(path: str, prefix: str) -> str | None:
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith(prefix):
            return line.split(":", 1)[1].strip() if ":" in line else line
    return None


def _os_name() -> str:
    try:
        lines = Path("/etc/os-release").read_text().splitlines()
    except OSError:
        return platform.platform()
    for line in lines:
        if line.startswith("PRETTY_NAME="):
            return line.split("=", 1)[1].strip('"')
    return platform.platform()


@dataclass(frozen=True)
class Machine:
    cpu: str
    cores: int
    memory_gib: float
    os: str
    kernel: str
    python: str

    @classmethod
    def here(cls) -> Machine:
        memory = _first("/proc/meminfo", "MemTotal") or "0 kB"
        return cls(
            cpu=_first("/proc/cpuinfo", "model name") or platform.processor(),
            cores=len(os.sched_getaffinity(0)),
            memory_gib=int(memory.split()[0]) / (1024 * 1024),
            os=_os_name(),
            kernel=platform.release(),
            python=platform.python_version(),
        )

    def describe(self) -> str:
        return (
            f"{self.cpu}, {self.cores} cores, {self.memory_gib:.1f} GiB, "
            f"{self.os} (Linux {self.kernel}), Python {self.python}"
        )

    def load(self) -> str:
        """The load average when asked: other work on the machine skews figures."""
        one, five, _ = os.getloadavg()
        return f"load average {one:.2f} (1 min), {five:.2f} (5 min)"
