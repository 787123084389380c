"""Reads: the portfolio, one row per partnership the user's organization is party to, from the stored rows.

Nothing here computes a scorecard: the numbers are the ``PortfolioPeriod`` rows that
``portfolio.refresh`` keeps equal to ``scorecard_for_period``. Filtering, sorting and paging happen in
SQL; a page then reads its partnerships' last 12 months and what other areas add (next meeting,
agreement dates, the latest statement) in one query each, whatever the number of partnerships.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Case, Count, F, IntegerField, Max, Q, QuerySet, Value, When
from django.db.models.functions import Lower

from accord.accounts.models import membership_of
from accord.metrics import periods
from accord.metrics.models import PortfolioPeriod
from accord.metrics.scorecards import calculations as calc
from accord.metrics.scorecards.selectors import HISTORY_MONTHS, last_full_month
from accord.partnerships.access import organization_parties
from accord.partnerships.models import EngagementType, Party, PartyRole, Phase

from . import related
from .refresh import as_date, as_decimal, raw_rows

LATEST = "partnership__portfolio_standing__latest"
STATUSES = [calc.CRITICAL_BREACH, calc.RED, calc.AMBER, calc.GREEN, calc.NO_DATA]
SORTS = ("name", "score", "status", "warnings", "cpi_breaches", "health")
# A seat's row as plain values (a thousand model instances cost more than the query).
SEAT_COLUMNS = {
    "seat_partnership": F("partnership_id"), "name": F("partnership__name"), "slug": F("partnership__slug"),
    "engagement_type": F("partnership__engagement_type"), "phase": F("partnership__phase"),
    "partnership_status": F("partnership__status"), "seat_role": F("role"),
    "refresh_pending": F("partnership__portfolio_standing__refresh_pending"),
    **{f"latest_{name}": F(f"{LATEST}__{name}") for name in ("id", "period", "score", "status", "cpi_breaches",
                                                             "warnings", "red", "amber", "green", "health_index",
                                                             "health_status")},
}


@dataclass(frozen=True)
class PortfolioFilters:
    engagement_type: str = ""
    phase: str = ""
    status: str = ""
    role: str = ""
    sort: str = "name"


def _one_of(choices):
    def parse(text):
        if text not in choices:
            raise ValueError("Choose one of: " + ", ".join(choices) + ".")
        return text
    return parse


def _sort(text):
    if text.lstrip("-") not in SORTS or text.count("-") > 1:
        raise ValueError("Sort by one of: " + ", ".join(SORTS) + " (a leading - reverses).")
    return text


def portfolio_filters_parse(*, engagement_type: str = "", phase: str = "", status: str = "", role: str = "",
                            sort: str = "") -> PortfolioFilters:
    """The portfolio's filters and sort from text (the page's or the API's query): ``ValidationError`` naming
    each bad one. An empty filter is no filter; the sort defaults to the name."""
    parsers = {"engagement_type": _one_of(EngagementType.values), "phase": _one_of(Phase.values),
               "status": _one_of(STATUSES), "role": _one_of(PartyRole.values), "sort": _sort}
    texts = {"engagement_type": engagement_type, "phase": phase, "status": status, "role": role, "sort": sort}
    values, errors = {}, {}
    for name, parse in parsers.items():
        text = str(texts[name] or "").strip()
        try:
            values[name] = parse(text) if text else ""
        except ValueError as exc:
            errors[name] = [str(exc)]
    if errors:
        raise ValidationError(errors)
    return PortfolioFilters(**{**values, "sort": values["sort"] or "name"})


def _seats(user) -> QuerySet[Party]:
    membership = membership_of(user)
    if membership is None:
        return Party.objects.none()
    return organization_parties(membership.organization_id)


def _filtered(seats: QuerySet[Party], filters: PortfolioFilters) -> QuerySet[Party]:
    if filters.engagement_type:
        seats = seats.filter(partnership__engagement_type=filters.engagement_type)
    if filters.phase:
        seats = seats.filter(partnership__phase=filters.phase)
    if filters.role:
        seats = seats.filter(role=filters.role)
    if filters.status == calc.NO_DATA:
        seats = seats.filter(Q(**{f"{LATEST}__isnull": True}) | Q(**{f"{LATEST}__status": calc.NO_DATA}))
    elif filters.status:
        seats = seats.filter(**{f"{LATEST}__status": filters.status})
    return seats


def _ordered(seats: QuerySet[Party], sort: str) -> QuerySet[Party]:
    """By name; or by a figure with the partnerships without data last whichever way it goes: ``score``
    lowest first, ``status`` worst first, ``warnings``/``cpi_breaches`` most first, ``health`` lowest first."""
    reverse, name = sort.startswith("-"), sort.lstrip("-")
    by_name = [Lower("partnership__name"), "partnership_id"]
    if name == "name":
        return seats.order_by(*[Lower("partnership__name").desc(), "-partnership_id"] if reverse else by_name)
    seats = seats.annotate(
        without_data=Case(When(Q(**{f"{LATEST}__isnull": False}) & ~Q(**{f"{LATEST}__status": calc.NO_DATA}),
                               then=Value(0)), default=Value(1), output_field=IntegerField()),
        status_rank=Case(*[When(**{f"{LATEST}__status": status}, then=Value(rank))
                           for rank, status in enumerate(STATUSES)], default=Value(len(STATUSES)),
                         output_field=IntegerField()))
    column = {"score": f"{LATEST}__score", "status": "status_rank", "warnings": f"{LATEST}__warnings",
              "cpi_breaches": f"{LATEST}__cpi_breaches", "health": f"{LATEST}__health_index"}[name]
    most_first = name in ("warnings", "cpi_breaches")
    descending = most_first != reverse
    key = F(column).desc(nulls_last=True) if descending else F(column).asc(nulls_last=True)
    return seats.order_by("without_data", key, *by_name)


def portfolio_seats(user, filters: PortfolioFilters = PortfolioFilters()) -> QuerySet[Party]:
    """The caller's organization's seats in the partnerships it has accepted, filtered and sorted, each with
    its partnership, standing and latest stored month joined in (one query for a page of them)."""
    return _ordered(_filtered(_seats(user), filters), filters.sort).values(**SEAT_COLUMNS)


def portfolio_totals(user, filters: PortfolioFilters = PortfolioFilters()) -> dict:
    """How many partnerships in each status, and the newest stored month (the heat map's last column): one query."""
    seats = _filtered(_seats(user), filters)
    counts = {status: Count("pk", filter=Q(**{f"{LATEST}__status": status})) for status in STATUSES[:-1]}
    totals = seats.aggregate(total=Count("pk"), newest=Max(f"{LATEST}__period"), **counts)
    totals[calc.NO_DATA] = totals["total"] - sum(totals[status] for status in STATUSES[:-1])
    return totals


def heat_months(newest: datetime.date | None) -> list[datetime.date]:
    """The last 12 months, ending with the newest stored month of the portfolio (else the last full month)."""
    return periods.months_back(newest or last_full_month(), HISTORY_MONTHS)


def portfolio_rows(seats: list[dict], months: list[datetime.date], organization_id) -> list[dict]:
    """The rows of a page of seats (``portfolio_seats``' values): the latest stored month, the last 12 months
    (the heat map and the health trend) and what other areas add. Five queries, whatever the number of seats."""
    ids = [seat["seat_partnership"] for seat in seats]
    history: dict[int, dict] = {pk: {} for pk in ids}
    if ids and months:
        rows = PortfolioPeriod.objects.filter(partnership_id__in=ids, period__gte=months[0], period__lte=months[-1]
                                              ).order_by().values_list("partnership_id", "period", "score", "status",
                                                                       "health_index")
        for row in raw_rows(rows, (None, as_date, as_decimal, None, as_decimal)):
            history[row[0]][row[1]] = row
    meetings = related.next_meetings(organization_id, ids)
    escalations = related.open_escalations(organization_id, ids)
    dates = related.agreement_dates(organization_id, ids)
    statements = related.latest_statements(ids)
    labels = [(month, month.isoformat(), periods.label(month, periods.MONTHLY)) for month in months]
    return [_row(seat, labels, history[seat["seat_partnership"]], meetings, escalations, dates, statements)
            for seat in seats]


def _row(seat: dict, labels, stored: dict, meetings: dict, escalations: dict, dates: dict, statements: dict) -> dict:
    pk = seat["seat_partnership"]
    trend = []
    for month, iso, label in labels:
        found = stored.get(month)
        trend.append({"period": iso, "period_label": label, "score": found[2] if found else None,
                      "status": found[3] if found else calc.NO_DATA, "health_index": found[4] if found else None})
    known = [point["health_index"] for point in trend if point["health_index"] is not None]
    latest = seat["latest_id"] is not None
    period = seat["latest_period"]
    return {
        "partnership_id": pk, "name": seat["name"], "slug": seat["slug"],
        "engagement_type": seat["engagement_type"], "phase": seat["phase"],
        "partnership_status": seat["partnership_status"], "role": seat["seat_role"],
        "updating": bool(seat["refresh_pending"]),
        "period": period.isoformat() if latest else None,
        "period_label": periods.label(period, periods.MONTHLY) if latest else "",
        "score": seat["latest_score"] if latest else None,
        "status": seat["latest_status"] if latest else calc.NO_DATA,
        **{name: seat[f"latest_{name}"] if latest else 0
           for name in ("cpi_breaches", "warnings", "red", "amber", "green")},
        "health_index": seat["latest_health_index"] if latest else None,
        "health_status": seat["latest_health_status"] if latest else "",
        "health_change": known[-1] - known[-2] if len(known) >= 2 else None,
        "next_meeting": meetings.get(pk),
        "open_escalations": escalations.get(pk, 0),
        **dates.get(pk, related.NO_DATES),
        "statement": statements.get(pk),
        "history": trend,
    }


class PortfolioPage:
    """A sliceable, countable list of portfolio rows for ninja's pagination: the seats are sliced in SQL and
    only the slice is made into rows."""

    def __init__(self, user, filters: PortfolioFilters):
        membership = membership_of(user)
        self.organization_id = membership.organization_id if membership else None
        self.filters, self.user = filters, user
        self.seats = portfolio_seats(user, filters)
        self._months = None

    def months(self) -> list[datetime.date]:
        if self._months is None:
            self._months = heat_months(_seats(self.user).aggregate(newest=Max(f"{LATEST}__period"))["newest"])
        return self._months

    def all(self):
        return self

    def count(self) -> int:
        return self.seats.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[dict]:
        seats = list(self.seats[window])
        return portfolio_rows(seats, self.months(), self.organization_id) if seats else []

    def __iter__(self):
        return iter(self[0:self.count()])
