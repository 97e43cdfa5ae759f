"""Prints the demo's report as readable tables."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from ltc.demo.run import DemoResult

STAGE_NAMES = {
    "lead_captured": "lead captured",
    "lead_qualified": "lead qualified",
    "opportunity_opened": "opportunity opened",
    "project_initiated": "project initiated (ATI)",
    "bid_decided": "bid decided (ATB: bid)",
    "bid_submitted": "bid submitted",
    "won": "won",
    "contract_signed": "contract signed (ATC)",
    "cash_collected": "cash collected",
}


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", header_style="bold")
    for i, column in enumerate(columns):
        table.add_column(column, justify="left" if i == 0 else "right")
    return table


def _pct(value: str | None) -> str:
    return "" if value is None else f"{float(value) * 100:.2f} %"


def _replay(console: Console, result: DemoResult) -> None:
    outcome = result.outcome
    rate = outcome.commands / result.replay_seconds if result.replay_seconds else 0
    console.print(
        f"Replayed {sum(result.plan.rows.values()):,} rows "
        f"({', '.join(f'{k} {v:,}' for k, v in result.plan.rows.items())}) as "
        f"{outcome.commands:,} commands in {outcome.requests:,} batch requests: "
        f"{result.replay_seconds:.1f} s ({rate:,.0f} commands/s); "
        f"the read models caught up {result.settle_seconds:.1f} s later."
    )
    table = _table("Rows adjusted or refused, and why", "data set", "what", "rows")
    for source, adjusted in result.plan.adjustments.items():
        for what, count in sorted(adjusted.items()):
            table.add_row(source, what, f"{count:,}")
    for source, refused in outcome.rejected.items():
        for reason, count in sorted(refused.items()):
            table.add_row(source, f"refused: {reason}", f"{count:,}")
    console.print(table)


def _funnel(console: Console, title: str, funnel: dict[str, Any]) -> None:
    (whole,) = funnel["slices"]
    table = _table(title, "stage", "count", "value", "conversion")
    for stage in whole["stages"]:
        table.add_row(
            STAGE_NAMES[stage["stage"]],
            f"{stage['count']:,}",
            stage["value"] or "",
            _pct(stage["conversion"]),
        )
    console.print(table)
    console.print(
        f"lead to won {_pct(whole['lead_to_won'])}, win rate "
        f"{_pct(whole['win_rate'])}, sudden opportunities "
        f"{whole['sudden_opportunities']:,}"
    )


def _by_channel(console: Console, funnel: dict[str, Any]) -> None:
    table = _table("Olist leads by channel", "channel", "leads", "won", "lead to won")
    for piece in funnel["slices"]:
        counts = {stage["stage"]: stage["count"] for stage in piece["stages"]}
        table.add_row(
            piece["key"],
            f"{counts['lead_captured']:,}",
            f"{counts['won']:,}",
            _pct(piece["lead_to_won"]),
        )
    console.print(table)


def _win_rates(console: Console, by: str, rates: dict[str, Any]) -> None:
    table = _table(
        f"Maven pipeline (fictitious company): win rate by {by}",
        by,
        "won",
        "lost",
        "win rate",
        "won value (USD)",
    )
    for row in [*rates["rows"], rates["total"]]:
        table.add_row(
            row["key"],
            f"{row['won']:,}",
            f"{row['lost']:,}",
            _pct(row["win_rate"]),
            row["won_value"],
        )
    console.print(table)


def _receivables(console: Console, found: dict[str, Any]) -> None:
    table = _table(f"IBM receivables as of {found['as_of']}", "figure", "value")
    for key in (
        "customers",
        "invoice_count",
        "invoiced",
        "collected",
        "outstanding",
        "overdue",
        "paid_late",
        "share_paid_late",
        "disputed",
    ):
        value = found[key]
        shown = _pct(value) if key == "share_paid_late" else str(value)
        table.add_row(key.replace("_", " "), shown)
    console.print(table)


def _pnl(console: Console, pnl: dict[str, Any]) -> None:
    table = _table(
        "Project P&L: the four calculations, per currency",
        "currency",
        "projects",
        "estimate",
        "budget",
        "actuals",
        "collected",
        "final accounts",
    )
    for totals in pnl["totals"]:
        table.add_row(
            totals["currency"] or "",
            f"{totals['projects']:,}",
            totals["estimate"]["revenue"],
            totals["budget"]["revenue"],
            totals["actuals"]["revenue"],
            totals["actuals"]["collected"],
            totals["final_accounts"]["revenue"],
        )
    console.print(table)
    console.print("Revenue shown; the data sets carry no costs, so margins equal it.")


def print_result(result: DemoResult) -> None:
    console = Console(width=110)
    reports = result.reports
    _replay(console, result)
    _funnel(console, "Olist lead funnel (real leads)", reports["olist"]["funnel"])
    _by_channel(console, reports["olist"]["funnel_by_channel"])
    _funnel(console, "Maven pipeline funnel", reports["maven"]["funnel"])
    for by in ("period", "product", "region"):
        _win_rates(console, by, reports["maven"][f"win_rates_by_{by}"])
    _receivables(console, reports["ibm-ar"]["receivables"])
    _pnl(console, reports["pnl"])
