"""Downloads for finance: one statement's lines (CSV/XLSX), and every statement of a year as one workbook."""

import datetime

from django.core.exceptions import ValidationError

from accord.core.exports import Column, Table
from accord.metrics import periods
from accord.metrics.scorecards.selectors import last_full_month
from accord.partnerships.access import PartnershipAccess

from . import statements
from .models import StatementStatus

AMOUNT = "#,##0.00"


def parse_year(value) -> int:
    try:
        year = int(str(value))
    except (TypeError, ValueError):
        raise ValidationError({"year": "Give a year as four digits, e.g. 2026."}) from None
    if not periods.EARLIEST.year <= year <= 2199:
        raise ValidationError({"year": "Give a year between 1900 and 2199."})
    return year


def statement_table(data: dict, title: str) -> Table:
    """A statement's lines with their formulas and inputs as text, then the net (the sum of the lines)."""
    rows = [[line["kind"], line["label"], line["indicator"], line["formula"],
             "; ".join(f"{key}={value}" for key, value in line["inputs"].items()), line["amount"]]
            for line in data["lines"]]
    rows.append(["net_payable", "Net payable (the sum of the lines)", "", "", "", data["net_payable"]])
    return Table(title, ["Kind", "Label", "Indicator", "Formula", "Inputs",
                         Column(f"Amount ({data['currency']})", AMOUNT)], rows)


def year_months(year: int, today: datetime.date | None = None) -> list[datetime.date]:
    """The months of ``year`` up to the last full month (a month still running has no statement yet)."""
    last = last_full_month(today)
    return [datetime.date(year, month, 1) for month in range(1, 13) if datetime.date(year, month, 1) <= last]


def year_tables(*, access: PartnershipAccess, year: int) -> list[Table]:
    """A summary sheet (a row per month: status, version, the sums by kind, the net), then a sheet per month
    with a statement. A month no signed model applies to is listed in the summary with the reason."""
    runs = statements.statements_for_months(access=access, months=year_months(year))
    summary, sheets = [], []
    for run in runs:
        if run.built is None:
            summary.append([f"{run.period:%Y-%m}", run.problem, "", "", "", "", "", "", "", ""])
            continue
        data = statements.statement_as_dict(run.built)
        sums = statements.figures_by_kind(run.built.result)
        status = data["status"] if data["status"] == StatementStatus.APPROVED else \
            f"draft ({len(data['approvals'])} approval{'s' if len(data['approvals']) != 1 else ''})"
        summary.append([f"{run.period:%Y-%m}", status, data["model_version"] or "", data["currency"],
                        sums["base"], sums["deductions"], sums["bonus"], sums["gainshare"], sums["other"],
                        sums["net"]])
        sheets.append(statement_table(data, f"{run.period:%Y-%m}"))
    money = [Column(name, AMOUNT) for name in ("Base fee", "Deductions", "Bonuses", "Gainshare", "Other",
                                               "Net payable")]
    return [Table(f"{year} summary", ["Period", "Status", "Model version", "Currency", *money], summary), *sheets]
