"""Fetches the demo's figures from the reporting API, as a client would."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx

FUNNEL_SLICES = {"olist": ("channel",), "maven": ("region",), "ibm-ar": ()}
WIN_RATE_SLICES = ("period", "product", "region")


async def _get(client: httpx.AsyncClient, path: str, **params: Any) -> Any:
    response = await client.get(path, params=params)
    response.raise_for_status()
    return response.json()


async def fetch_reports(client: httpx.AsyncClient, as_of: date) -> dict[str, Any]:
    reports: dict[str, Any] = {
        "funnel": await _get(client, "/funnel", by="origin"),
        "pnl": await _get(client, "/pnl", limit=5),
        "receivables": await _get(client, "/receivables", as_of=as_of.isoformat()),
    }
    for unit, slices in FUNNEL_SLICES.items():
        reports[unit] = {"funnel": await _get(client, "/funnel", business_unit=unit)}
        for by in slices:
            reports[unit][f"funnel_by_{by}"] = await _get(
                client, "/funnel", business_unit=unit, by=by
            )
    for by in WIN_RATE_SLICES:
        reports["maven"][f"win_rates_by_{by}"] = await _get(
            client, "/funnel/win-rates", business_unit="maven", by=by
        )
    reports["ibm-ar"]["receivables"] = await _get(
        client, "/receivables", business_unit="ibm-ar", as_of=as_of.isoformat()
    )
    reports["ibm-ar"]["pnl"] = await _get(
        client, "/pnl", business_unit="ibm-ar", limit=1
    )
    return reports
