"""`ltc`: the demo, the embedded server, one service per process, rebuilds."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Annotated

import typer

from ltc_shared.logs import configure_logging
from ltc_shared.settings import get_settings

app = typer.Typer(no_args_is_help=True, add_completion=False)
REPO = Path(__file__).resolve().parents[4]


@app.command()
def demo(
    data: Annotated[Path, typer.Option(help="Folder of the data sets")] = REPO / "data",
    work: Annotated[Path, typer.Option(help="Where the embedded stores go")] = REPO
    / ".local"
    / "demo",
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the figures as JSON")
    ] = None,
    distributed: Annotated[
        bool,
        typer.Option(help="Drive the stages `make up` runs instead of embedded ones"),
    ] = False,
    sample: Annotated[
        int | None, typer.Option(help="Only the first N rows of each data set")
    ] = None,
) -> None:
    """Replay the three data sets through the APIs and print the report."""
    from ltc.demo.print import print_result
    from ltc.demo.run import run_demo, run_demo_remote

    configure_logging("WARNING")
    if distributed:
        result = asyncio.run(run_demo_remote(data, sample=sample))
    else:
        result = asyncio.run(run_demo(data, work, sample))
    print_result(result)
    if json_out is not None:
        json_out.write_text(json.dumps(result.reports, indent=2, default=str))
        typer.echo(f"figures written to {json_out}")


@app.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8100,
) -> None:
    """Serve every service in one process (the embedded default)."""
    import uvicorn

    from ltc.gateway import embedded_app

    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    uvicorn.run(embedded_app(settings), host=host, port=port, log_level="warning")


@app.command()
def service(
    name: str,
    host: str = "127.0.0.1",
    port: Annotated[int | None, typer.Option(help="Default: the stage's port")] = None,
) -> None:
    """Run one stage as its own process: its API, relay and consumers."""
    import uvicorn

    from ltc.bootstrap import ports
    from ltc.gateway import single_service_app

    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    uvicorn.run(
        single_service_app(settings, name),
        host=host,
        port=port or ports(settings)[name],
        log_level="warning",
    )


@app.command()
def rebuild(
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Processes that share the partitions (distributed mode); "
            "default: one per core",
        ),
    ] = None,
) -> None:
    """Drop the funnel and P&L read models and project every topic again.

    Stop the running reporting stage first (`make rebuild` does): two
    projectors must not write the read model at once.
    """
    from ltc.rebuild import rebuild_read_models

    settings = get_settings()
    configure_logging("WARNING")
    asyncio.run(rebuild_read_models(settings, workers))


if __name__ == "__main__":
    app()
