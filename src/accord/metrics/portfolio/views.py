"""Pages of the portfolio: every partnership's stored figures, and their export (CSV or XLSX)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest, QueryDict
from django.shortcuts import render

from accord.core.exports import Column, Table, requested_table_response
from accord.metrics.scorecards import charts
from accord.partnerships.models import EngagementType, PartyRole, Phase

from . import selectors

PORTFOLIO_PAGE_SIZE = 25
FILTERS = ("engagement_type", "phase", "status", "role", "sort")


def _filters(request) -> selectors.PortfolioFilters:
    return selectors.portfolio_filters_parse(**{name: request.GET.get(name, "") for name in FILTERS})


@login_required
def portfolio(request):
    context = {"choices": {"engagement_type": EngagementType.choices, "phase": Phase.choices,
                           "status": [(status, status.replace("_", " ")) for status in selectors.STATUSES],
                           "role": PartyRole.choices},
               "chosen": {name: request.GET.get(name, "") for name in FILTERS}}
    try:
        filters = _filters(request)
    except ValidationError as error:
        return render(request, "metrics/portfolio.html", {**context, "errors": error.message_dict, "sort": "name"},
                      status=400)
    page = selectors.PortfolioPage(request.user, filters)
    paged = Paginator(page.seats, PORTFOLIO_PAGE_SIZE).get_page(request.GET.get("page"))
    totals = selectors.portfolio_totals(request.user, filters)
    months = selectors.heat_months(totals["newest"])
    rows = selectors.portfolio_rows(list(paged.object_list), months, page.organization_id)
    # The chart and heat map show the partnerships of this page: a line per partnership stays readable.
    series = [(row["name"], row["history"]) for row in rows]
    kept = QueryDict(mutable=True)
    kept.update({name: value for name, value in context["chosen"].items() if value and name != "sort"})
    return render(request, "metrics/portfolio.html", {
        **context, "page": paged, "rows": rows, "sort": filters.sort, "counts": totals, "total": totals["total"],
        "filter_query": kept.urlencode(), "chart": charts.portfolio_chart(series=series),
        "heat_map": charts.heat_map(rows=series)})


@login_required
def portfolio_export(request):
    """Every partnership of the portfolio (with the page's filters and sort) as CSV (the default) or ``?format=xlsx``."""
    try:
        page = selectors.PortfolioPage(request.user, _filters(request))
    except ValidationError as error:  # as for a bad format: a 400 naming each bad filter
        return HttpResponseBadRequest("; ".join(f"{name}: {' '.join(messages)}"
                                                for name, messages in error.message_dict.items()),
                                      content_type="text/plain")
    rows = list(page)
    return requested_table_response(request, Table("portfolio", [
        "partnership", "slug", "engagement_type", "phase", "your_role", "latest_period", Column("score", "0.00"),
        "status", "cpi_breaches", "warnings", Column("health_index", "0.00"), "health_status", "open_escalations",
        "next_meeting", "notice_deadline", "renewal_decision_date", "statement_period", "statement_currency",
        Column("net_payable", "0.00"), Column("at_risk", "0.00"), "updating",
    ], ([row["name"], row["slug"], row["engagement_type"], row["phase"], row["role"], row["period"] or "",
         row["score"], row["status"], row["cpi_breaches"], row["warnings"], row["health_index"], row["health_status"],
         row["open_escalations"], row["next_meeting"].isoformat() if row["next_meeting"] else "", row["notice_deadline"] or "",
         row["renewal_decision_date"] or "", *_statement_cells(row["statement"]), "yes" if row["updating"] else ""]
        for row in rows)))


def _statement_cells(statement) -> list:
    if statement is None:
        return ["", "", None, None]
    return [statement["period"].isoformat(), statement["currency"], statement["net_payable"], statement["at_risk"]]
