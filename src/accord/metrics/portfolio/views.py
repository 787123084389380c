"""Pages of the portfolio: every partnership's latest scorecard, and its CSV export."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from . import selectors

PORTFOLIO_PAGE_SIZE = 25


@login_required
def portfolio(request):
    sort = request.GET.get("sort", "name")
    rows = selectors.portfolio_sorted(selectors.portfolio_latest_scorecards_cached(request.user), sort)
    page = Paginator(rows, PORTFOLIO_PAGE_SIZE).get_page(request.GET.get("page"))
    counts = {status: sum(1 for row in rows if row["status"] == status)
              for status in ("green", "amber", "red", "critical_breach", "no_data")}
    return render(request, "metrics/portfolio.html", {"page": page, "sort": sort, "counts": counts,
                                                      "total": len(rows)})


@login_required
def portfolio_export(request):
    rows = selectors.portfolio_sorted(selectors.portfolio_latest_scorecards_cached(request.user),
                                      request.GET.get("sort", "name"))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="portfolio-scorecards.csv"'
    writer = csv.writer(response)
    writer.writerow(["partnership", "slug", "latest_period", "score", "status", "cpi_breaches", "warnings"])
    for row in rows:
        writer.writerow([_cell(row["name"]), row["slug"], row["period"] or "", "" if row["score"] is None else row["score"],
                         row["status"], row["cpi_breaches"], row["warnings"]])
    return response


def _cell(text: str) -> str:
    """A spreadsheet cannot take a partnership's name for a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
