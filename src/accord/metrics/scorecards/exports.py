"""A month's scorecard as files for the review meeting: an XLSX workbook and a PDF.

Both are built from the shared scorecard (``scorecard_page``), so their shared content is the same for
every party; the caller's own private notes are added on a sheet (or a section) of their own, marked
as private, and only to the caller's export.
"""

import datetime

from django.http import HttpResponse
from django.template.loader import render_to_string

from accord.core.exports import Column, Table, workbook_response
from accord.partnerships.access import PartnershipAccess

from . import charts, selectors
from .calculations import parse_bands

PRIVATE_MARK = "PRIVATE to your party, not shared"
PDF_TYPE = "application/pdf"


def _stem(access: PartnershipAccess, month: datetime.date) -> str:
    return f"{access.partnership.slug}-scorecard-{month:%Y-%m}"


def _comment_rows(comments) -> list[list]:
    return [[c.owner_party.organization.name, c.created_by.username if c.created_by else "", c.created_at, c.text]
            for c in comments]


def scorecard_tables(*, access: PartnershipAccess, period=None) -> tuple[datetime.date, list[Table]]:
    """The sheets of the month's workbook: summary, indicators, shared commentary, then the caller's private notes."""
    page = selectors.scorecard_page(access=access, period=period)
    card, month = page["scorecard"], page["month"]
    comments = selectors.scorecard_comments(access=access, period=month)
    summary = Table("Summary", ["Item", "Score", "Status", "Explanation"], [
        [f"Overall, {card['period_label']}", card["score"], card["status"], card["explanation"]],
        *[[kind.upper(), figures["score"], figures["status"], figures["explanation"]]
          for kind, figures in card["by_kind"].items()],
        ["Green at ≥", card["thresholds"]["green_at"], "", ""],
        ["Amber at ≥", card["thresholds"]["amber_at"], "", ""],
    ])
    indicators = Table("Indicators", [
        "Code", "Indicator", "Kind", "Unit", Column("Actual", "#,##0.00"), Column("Target", "#,##0.00"),
        Column("Weight", "0.00"), Column("Attainment", "0.0%"), "Status", "Explanation",
    ], [[r["code"], r["name"], r["kind"].upper(), r["unit"], r["actual"], r["target"], r["weight"], r["attainment"],
         r["status"], r["explanation"]] for r in card["indicators"]])
    headers = ["Party", "Author", "Written (UTC)", "Text"]
    tables = [summary, indicators, Table("Commentary", headers, _comment_rows(comments["shared"]))]
    if comments["private"]:
        tables.append(Table("Private notes", [f"{h} — {PRIVATE_MARK}" if h == "Text" else h for h in headers],
                            _comment_rows(comments["private"])))
    return month, tables


def scorecard_xlsx_response(*, access: PartnershipAccess, period=None) -> HttpResponse:
    month, tables = scorecard_tables(access=access, period=period)
    return workbook_response(tables, _stem(access, month))


def scorecard_pdf(*, access: PartnershipAccess, period=None) -> tuple[datetime.date, bytes]:
    """The month's scorecard as a PDF, with the page's charts (the same SVG) and explanations."""
    from weasyprint import HTML  # imported here: loading its fonts costs time that only a PDF needs

    page = selectors.scorecard_page(access=access, period=period)
    card, month, thresholds = page["scorecard"], page["month"], page["thresholds"]
    rows = []
    for result in card["indicators"]:
        points = [(m, actual) for m, actual, _ in page["series"][result["id"]]]
        statuses = {m: status for m, _, status in page["series"][result["id"]]}
        rows.append({**result, "chart": charts.printable(charts.indicator_chart(
            code=result["code"], points=points, target=result["target"], bands=parse_bands(result["bands"]),
            statuses=statuses))})
    html = render_to_string("metrics/scorecard_pdf.html", {
        "partnership": access.partnership, "card": card, "rows": rows, "private_mark": PRIVATE_MARK,
        "comments": selectors.scorecard_comments(access=access, period=month), "thresholds": thresholds,
        "score_chart": charts.printable(charts.score_chart(history=page["history"], green_at=thresholds.green_at,
                                                           amber_at=thresholds.amber_at)),
    })
    return month, HTML(string=html).write_pdf()


def scorecard_pdf_response(*, access: PartnershipAccess, period=None) -> HttpResponse:
    month, pdf = scorecard_pdf(access=access, period=period)
    response = HttpResponse(pdf, content_type=PDF_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_stem(access, month)}.pdf"'
    return response
