"""Pages of the portfolio: every partnership's latest scorecard, and its export (CSV or XLSX)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from accord.core.exports import Column, Table, requested_table_response
from accord.metrics.scorecards import charts

from . import selectors

PORTFOLIO_PAGE_SIZE = 25


@login_required
def portfolio(request):
    sort = request.GET.get("sort", "name")
    rows = selectors.portfolio_sorted(selectors.portfolio_latest_scorecards_cached(request.user), sort)
    page = Paginator(rows, PORTFOLIO_PAGE_SIZE).get_page(request.GET.get("page"))
    counts = {status: sum(1 for row in rows if row["status"] == status)
              for status in ("green", "amber", "red", "critical_breach", "no_data")}
    # The chart and heat map show the partnerships of this page: a line per partnership stays readable.
    series = [(row["name"], row["history"]) for row in page.object_list]
    return render(request, "metrics/portfolio.html", {"page": page, "sort": sort, "counts": counts,
                                                      "total": len(rows), "chart": charts.portfolio_chart(series=series),
                                                      "heat_map": charts.heat_map(rows=series)})


@login_required
def portfolio_export(request):
    """Every partnership's latest shared scorecard as CSV (the default) or ``?format=xlsx``."""
    rows = selectors.portfolio_sorted(selectors.portfolio_latest_scorecards_cached(request.user),
                                      request.GET.get("sort", "name"))
    return requested_table_response(request, Table("portfolio-scorecards", [
        "partnership", "slug", "latest_period", Column("score", "0.00"), "status", "cpi_breaches", "warnings",
    ], ([row["name"], row["slug"], row["period"] or "", row["score"], row["status"], row["cpi_breaches"],
         row["warnings"]] for row in rows)))
