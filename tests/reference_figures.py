"""Expected demo figures, computed straight from the raw CSV files.

This module is the yardstick the demo's report is checked against. It shares
no code with the application: it reads the files in ``data/`` with the
standard library only and applies the mapping rules written down in
``data/README.md``. Keep it that way, so that a mistake in the services
cannot hide by being repeated here.

Money is always ``decimal.Decimal``; rates are ``Decimal`` fractions with
four places, rounded half to even. Input the rules do not cover (a duplicate
id, an unknown product, stage or sales agent, a missing column) raises
``ValueError`` rather than being guessed at.

Run ``python tests/reference_figures.py [DATA_DIR]`` to print the figures.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TypedDict, TypeVar

OLIST_DIR = "olist_marketing_funnel"
MAVEN_DIR = "maven_crm_sales_opportunities"
IBM_DIR = "ibm_accounts_receivable"

UNKNOWN = "unknown"
WON_BEFORE_FIRST_CONTACT = "won before first contact"
DEAL_WITHOUT_LEAD = "deal without lead"
REJECTION_REASONS = (WON_BEFORE_FIRST_CONTACT, DEAL_WITHOUT_LEAD)

MAVEN_STAGES = ("Prospecting", "Engaging", "Won", "Lost")

CENT = Decimal("0.01")
RATE_SCALE = 10_000
RATE_UNIT = Decimal("0.0001")

V = TypeVar("V")


class RejectedDeal(TypedDict):
    mql_id: str
    reason: str


class OlistFigures(TypedDict):
    leads_total: int
    leads_per_channel: dict[str, int]
    won_total: int
    won_per_channel: dict[str, int]
    conversion: Decimal
    conversion_per_channel: dict[str, Decimal]
    won_value: Decimal
    rejected: dict[str, int]
    rejected_deals: list[RejectedDeal]


class ClosedGroup(TypedDict):
    won: int
    lost: int
    win_rate: Decimal
    won_value: Decimal


class MavenFigures(TypedDict):
    opportunities_total: int
    stage_counts: dict[str, int]
    won: int
    lost: int
    win_rate: Decimal
    won_value: Decimal
    per_quarter: dict[str, ClosedGroup]
    per_product: dict[str, ClosedGroup]
    per_region: dict[str, ClosedGroup]
    product_normalisations: int
    last_date: date
    without_account: int


class IbmFigures(TypedDict):
    invoice_count: int
    total_invoiced: Decimal
    total_collected: Decimal
    outstanding: Decimal
    paid_late_count: int
    paid_late_share: Decimal
    customers: int
    disputed_count: int
    late_flag_disagreements: list[str]


class Figures(TypedDict):
    olist: OlistFigures
    maven: MavenFigures
    ibm: IbmFigures


# --------------------------------------------------------------------------
# helpers


def read_rows(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Read a CSV file with a header row; fail if a needed column is absent."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [name for name in columns if name not in header]
        if missing:
            raise ValueError(f"{path.name}: missing columns {missing}")
        return [dict(row) for row in reader]


def require_unique(values: list[str], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"duplicate {what}: {value!r}")
        seen.add(value)


def rate(part: int, whole: int) -> Decimal:
    """part / whole to four places, half to even, using exact integer maths."""
    if whole <= 0:
        raise ValueError("a rate needs a positive denominator")
    quotient, remainder = divmod(part * RATE_SCALE, whole)
    if 2 * remainder > whole or (2 * remainder == whole and quotient % 2 == 1):
        quotient += 1
    # multiplying by 0.0001 is exact and leaves four places, even for 0 and 1
    return Decimal(quotient) * RATE_UNIT


def quarter_of(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def sorted_dict(mapping: dict[str, V]) -> dict[str, V]:
    return {key: mapping[key] for key in sorted(mapping)}


# --------------------------------------------------------------------------
# Olist: leads captured, deals won


def compute_olist(folder: Path) -> OlistFigures:
    leads = read_rows(
        folder / "olist_marketing_qualified_leads_dataset.csv",
        ("mql_id", "first_contact_date", "origin"),
    )
    deals = read_rows(
        folder / "olist_closed_deals_dataset.csv",
        (
            "mql_id",
            "sdr_id",
            "sr_id",
            "won_date",
            "business_segment",
            "declared_monthly_revenue",
        ),
    )
    require_unique([row["mql_id"] for row in leads], "lead mql_id")
    require_unique([row["mql_id"] for row in deals], "closed deal mql_id")

    channel_of: dict[str, str] = {}
    first_contact: dict[str, date] = {}
    for row in leads:
        channel_of[row["mql_id"]] = row["origin"] or UNKNOWN
        first_contact[row["mql_id"]] = date.fromisoformat(row["first_contact_date"])
    leads_per_channel = Counter(channel_of.values())

    won_per_channel: Counter[str] = Counter()
    won_value = Decimal(0)
    rejected_deals: list[RejectedDeal] = []
    for row in deals:
        mql_id = row["mql_id"]
        if mql_id not in channel_of:
            rejected_deals.append({"mql_id": mql_id, "reason": DEAL_WITHOUT_LEAD})
            continue
        won_on = datetime.strptime(row["won_date"], "%Y-%m-%d %H:%M:%S").date()
        if won_on < first_contact[mql_id]:
            rejected_deals.append(
                {"mql_id": mql_id, "reason": WON_BEFORE_FIRST_CONTACT}
            )
            continue
        won_per_channel[channel_of[mql_id]] += 1
        won_value += Decimal(row["declared_monthly_revenue"])

    leads_total = len(leads)
    won_total = sum(won_per_channel.values())
    rejected = dict.fromkeys(REJECTION_REASONS, 0)
    for rejection in rejected_deals:
        rejected[rejection["reason"]] += 1
    return {
        "leads_total": leads_total,
        "leads_per_channel": sorted_dict(dict(leads_per_channel)),
        "won_total": won_total,
        "won_per_channel": {
            channel: won_per_channel[channel] for channel in sorted(leads_per_channel)
        },
        "conversion": rate(won_total, leads_total),
        "conversion_per_channel": {
            channel: rate(won_per_channel[channel], count)
            for channel, count in sorted(leads_per_channel.items())
        },
        "won_value": won_value,
        "rejected": rejected,
        "rejected_deals": rejected_deals,
    }


# --------------------------------------------------------------------------
# Maven: opportunity pipeline


def product_key(name: str) -> str:
    return name.replace(" ", "").casefold()


class _Tally:
    """Won and lost counts and won value of one group of closed deals."""

    def __init__(self) -> None:
        self.won = 0
        self.lost = 0
        self.won_value = Decimal(0)

    def add(self, stage: str, value: Decimal) -> None:
        if stage == "Won":
            self.won += 1
            self.won_value += value
        else:
            self.lost += 1

    def figures(self) -> ClosedGroup:
        return {
            "won": self.won,
            "lost": self.lost,
            "win_rate": rate(self.won, self.won + self.lost),
            "won_value": self.won_value,
        }


def compute_maven(folder: Path) -> MavenFigures:
    pipeline = read_rows(
        folder / "sales_pipeline.csv",
        (
            "opportunity_id",
            "sales_agent",
            "product",
            "account",
            "deal_stage",
            "engage_date",
            "close_date",
            "close_value",
        ),
    )
    products = read_rows(folder / "products.csv", ("product", "sales_price"))
    teams = read_rows(folder / "sales_teams.csv", ("sales_agent", "regional_office"))
    require_unique([row["opportunity_id"] for row in pipeline], "opportunity_id")

    canonical: dict[str, str] = {}
    for row in products:
        key = product_key(row["product"])
        if key in canonical:
            raise ValueError(f"products.csv: ambiguous product {row['product']!r}")
        canonical[key] = row["product"]
    region_of: dict[str, str] = {}
    for row in teams:
        if row["sales_agent"] in region_of:
            raise ValueError(f"sales_teams.csv: duplicate {row['sales_agent']!r}")
        region_of[row["sales_agent"]] = row["regional_office"]

    stage_counts = dict.fromkeys(MAVEN_STAGES, 0)
    overall = _Tally()
    per_quarter: dict[str, _Tally] = {}
    per_product: dict[str, _Tally] = {}
    per_region: dict[str, _Tally] = {}
    normalisations = 0
    without_account = 0
    dates: list[date] = []

    for row in pipeline:
        stage = row["deal_stage"]
        if stage not in stage_counts:
            raise ValueError(f"unknown deal stage {stage!r}")
        stage_counts[stage] += 1
        key = product_key(row["product"])
        if key not in canonical:
            raise ValueError(f"unknown product {row['product']!r}")
        product = canonical[key]
        if product != row["product"]:
            normalisations += 1
        if row["sales_agent"] not in region_of:
            raise ValueError(f"sales agent without team {row['sales_agent']!r}")
        region = region_of[row["sales_agent"]]
        if not row["account"]:
            without_account += 1
        for column in ("engage_date", "close_date"):
            if row[column]:
                dates.append(date.fromisoformat(row[column]))

        if stage not in ("Won", "Lost"):
            continue
        closed_on = date.fromisoformat(row["close_date"])
        value = Decimal(row["close_value"]) if stage == "Won" else Decimal(0)
        for groups, name in (
            (per_quarter, quarter_of(closed_on)),
            (per_product, product),
            (per_region, region),
        ):
            groups.setdefault(name, _Tally()).add(stage, value)
        overall.add(stage, value)

    if not dates:
        raise ValueError("sales_pipeline.csv has no dates")
    closed = overall.figures()
    return {
        "opportunities_total": len(pipeline),
        "stage_counts": stage_counts,
        "won": closed["won"],
        "lost": closed["lost"],
        "win_rate": closed["win_rate"],
        "won_value": closed["won_value"],
        "per_quarter": _group_figures(per_quarter),
        "per_product": _group_figures(per_product),
        "per_region": _group_figures(per_region),
        "product_normalisations": normalisations,
        "last_date": max(dates),
        "without_account": without_account,
    }


def _group_figures(groups: dict[str, _Tally]) -> dict[str, ClosedGroup]:
    return {name: groups[name].figures() for name in sorted(groups)}


# --------------------------------------------------------------------------
# IBM: invoices and their settlement


def us_date(text: str) -> date:
    return datetime.strptime(text, "%m/%d/%Y").date()


def compute_ibm(folder: Path) -> IbmFigures:
    invoices = read_rows(
        folder / "WA_Fn-UseC_-Accounts-Receivable.csv",
        (
            "customerID",
            "invoiceNumber",
            "InvoiceDate",
            "DueDate",
            "InvoiceAmount",
            "Disputed",
            "SettledDate",
            "DaysLate",
        ),
    )
    require_unique([row["invoiceNumber"] for row in invoices], "invoiceNumber")

    invoiced = Decimal(0)
    collected = Decimal(0)
    paid_late = 0
    disputed = 0
    disagreements: list[str] = []
    for row in invoices:
        amount = Decimal(row["InvoiceAmount"])
        invoiced += amount
        if row["Disputed"] not in ("Yes", "No"):
            raise ValueError(f"Disputed is {row['Disputed']!r}")
        if row["Disputed"] == "Yes":
            disputed += 1
        if not row["SettledDate"]:
            continue
        collected += amount
        late_by_days = int(row["DaysLate"]) > 0
        if late_by_days:
            paid_late += 1
        late_by_dates = us_date(row["SettledDate"]) > us_date(row["DueDate"])
        if late_by_days != late_by_dates:
            disagreements.append(row["invoiceNumber"])

    return {
        "invoice_count": len(invoices),
        "total_invoiced": invoiced.quantize(CENT),
        "total_collected": collected.quantize(CENT),
        "outstanding": (invoiced - collected).quantize(CENT),
        "paid_late_count": paid_late,
        "paid_late_share": rate(paid_late, len(invoices)),
        "customers": len({row["customerID"] for row in invoices}),
        "disputed_count": disputed,
        "late_flag_disagreements": disagreements,
    }


# --------------------------------------------------------------------------


def compute(data_dir: Path) -> Figures:
    """All expected figures for the three data sets under ``data_dir``."""
    return {
        "olist": compute_olist(data_dir / OLIST_DIR),
        "maven": compute_maven(data_dir / MAVEN_DIR),
        "ibm": compute_ibm(data_dir / IBM_DIR),
    }


def _json_default(value: object) -> str:
    if isinstance(value, (Decimal, date)):
        return str(value)
    raise TypeError(f"cannot print {type(value).__name__}")


def main(argv: list[str]) -> int:
    default = Path(__file__).resolve().parent.parent / "data"
    data_dir = Path(argv[1]) if len(argv) > 1 else default
    print(json.dumps(compute(data_dir), indent=2, default=_json_default))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
