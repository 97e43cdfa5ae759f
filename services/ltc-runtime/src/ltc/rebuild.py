"""`ltc rebuild`: the read models projected again from the log, with progress."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from ltc.bootstrap import build_system
from ltc_shared.settings import Settings
from reporting_svc.service import rebuild


async def rebuild_read_models(settings: Settings, workers: int | None = None) -> None:
    system = build_system(settings, ["reporting"])
    assert system.reporting is not None
    console = Console()
    columns = (
        "{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    try:
        with Progress(*columns, console=console) as progress:
            task = progress.add_task("projecting events", total=None)

            def show(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            rebuilt = await rebuild(system.reporting, on_progress=show, workers=workers)
    finally:
        await system.close()
    console.print(
        f"rebuilt from {rebuilt.events:,} events in {rebuilt.seconds:.1f} s: "
        f"{rebuilt.events_per_second:,.0f} events/s in {rebuilt.workers} "
        f"process{'es' if rebuilt.workers > 1 else ''}, "
        f"{rebuilt.cpu_seconds / max(rebuilt.events, 1) * 1e6:,.0f} us CPU an event"
    )
