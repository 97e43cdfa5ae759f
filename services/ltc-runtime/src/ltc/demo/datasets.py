"""Reads the three public data sets under `data/` into typed rows."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

OLIST = "olist_marketing_funnel"
MAVEN = "maven_crm_sales_opportunities"
IBM = "ibm_accounts_receivable"


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


@dataclass(frozen=True)
class MarketingLead:
    mql_id: str
    first_contact_on: date
    channel: str


@dataclass(frozen=True)
class ClosedDeal:
    mql_id: str
    owner: str
    qualifier: str
    won_on: date
    segment: str
    monthly_revenue: Decimal


def olist(data: Path) -> tuple[list[MarketingLead], list[ClosedDeal]]:
    leads = [
        MarketingLead(
            row["mql_id"],
            date.fromisoformat(row["first_contact_date"]),
            row["origin"] or "unknown",
        )
        for row in _rows(data / OLIST / "olist_marketing_qualified_leads_dataset.csv")
    ]
    deals = [
        ClosedDeal(
            row["mql_id"],
            row["sr_id"],
            row["sdr_id"],
            datetime.fromisoformat(row["won_date"]).date(),
            row["business_segment"] or "unknown",
            Decimal(row["declared_monthly_revenue"] or "0"),
        )
        for row in _rows(data / OLIST / "olist_closed_deals_dataset.csv")
    ]
    return leads, deals


@dataclass(frozen=True)
class PipelineDeal:
    opportunity_id: str
    agent: str
    product: str
    account: str
    stage: str
    engage_on: date | None
    close_on: date | None
    close_value: Decimal | None


@dataclass(frozen=True)
class Pipeline:
    deals: list[PipelineDeal]
    list_prices: dict[str, Decimal]
    regions: dict[str, str]


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def maven(data: Path) -> Pipeline:
    folder = data / MAVEN
    deals = [
        PipelineDeal(
            row["opportunity_id"],
            row["sales_agent"],
            row["product"],
            row["account"],
            row["deal_stage"],
            _day(row["engage_date"]),
            _day(row["close_date"]),
            Decimal(row["close_value"]) if row["close_value"] else None,
        )
        for row in _rows(folder / "sales_pipeline.csv")
    ]
    prices = {
        row["product"]: Decimal(row["sales_price"])
        for row in _rows(folder / "products.csv")
    }
    regions = {
        row["sales_agent"]: row["regional_office"]
        for row in _rows(folder / "sales_teams.csv")
    }
    return Pipeline(deals, prices, regions)


@dataclass(frozen=True)
class Invoice:
    customer: str
    country: str
    number: str
    issued_on: date
    due_on: date
    amount: Decimal
    disputed: bool
    settled_on: date


def _us_date(text: str) -> date:
    return datetime.strptime(text, "%m/%d/%Y").date()


def ibm(data: Path) -> list[Invoice]:
    return [
        Invoice(
            row["customerID"],
            row["countryCode"],
            row["invoiceNumber"],
            _us_date(row["InvoiceDate"]),
            _us_date(row["DueDate"]),
            Decimal(row["InvoiceAmount"]),
            row["Disputed"] == "Yes",
            _us_date(row["SettledDate"]),
        )
        for row in _rows(data / IBM / "WA_Fn-UseC_-Accounts-Receivable.csv")
    ]
