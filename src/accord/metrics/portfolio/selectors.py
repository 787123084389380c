"""Reads: the portfolio, one row per partnership the user's organization is party to."""

import datetime
import json
from collections import defaultdict
from decimal import Decimal

from django.core.cache import cache
from django.db import connections
from django.db.models import Count, Max, Q

from accord.accounts.models import membership_of
from accord.core.models import AuditEvent
from accord.metrics import periods
from accord.metrics.models import Indicator, IndicatorStatus, Measurement, ScorecardSettings
from accord.metrics.scorecards import calculations as calc
from accord.metrics.scorecards import warnings as warning_rules
from accord.metrics.scorecards.selectors import (
    HISTORY_MONTHS,
    SPEC_COLUMNS,
    PartnershipFigures,
    definition_rows,
    last_full_month,
    month_of,
    recorded_periods,
)
from accord.partnerships.access import (
    organization_parties,
    records_shared_in_organization_partnerships,
)


def _history_start(month: datetime.date, frequency: str) -> datetime.date:
    """The first period start the warning rules and a month's value can read, for ``month``."""
    last = periods.period_start(periods.period_end(month, periods.MONTHLY), frequency)
    first = periods.shift(last, frequency, -(warning_rules.HISTORY_NEEDED - 1))
    return min(first, periods.period_start(month, frequency))


def _as_date(value):
    return value if value is None or isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def _as_decimal(value):
    return value if value is None or isinstance(value, Decimal) else Decimal(str(value))


def _as_json(value):
    return json.loads(value) if isinstance(value, str | bytes) else value


def _raw_rows(queryset, converters):
    """The rows of a ``values_list`` queryset, each column converted by hand.

    The portfolio reads ~100,000 values; Django's per-value converters cost more than the query,
    so the ORM builds the SQL (and with it every filter of the visibility rule) and this reads the
    cursor. SQLite hands back text dates and JSON and plain numbers, PostgreSQL dates and Decimals.
    """
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        columns = [(index, convert) for index, convert in enumerate(converters) if convert is not None]
        while chunk := cursor.fetchmany(5000):
            for row in chunk:
                row = list(row)
                for index, convert in columns:
                    row[index] = convert(row[index])
                yield row


_SPEC_CONVERTERS = (None, None, None, None, None, None, _as_decimal, _as_decimal, _as_json, None, None, None,
                    _as_date, _as_date, _as_date, None)


def portfolio_latest_scorecards(user) -> list[dict]:
    """One row per partnership the user sees: its latest month with shared data, the shared scorecard's
    overall score and status, CPI breaches and warning count, and (``history``) the overall score and
    status of each of the portfolio's last 12 months — the same months for every row, ending with the
    newest month any partnership has data for. Five queries whatever the number of partnerships."""
    membership = membership_of(user)
    if membership is None:
        return []
    organization_id = membership.organization_id
    seats = organization_parties(organization_id)
    partnership_ids = seats.values("partnership_id")
    partnerships = list(seats.values_list("partnership_id", "partnership__name", "partnership__slug",
                                          "partnership__status").order_by("partnership__name"))
    # Shared scorecards come from the agreed shared indicators only: every party's row shows the same numbers.
    indicators = records_shared_in_organization_partnerships(
        Indicator.objects.filter(status=IndicatorStatus.AGREED), organization_id)
    figures: dict[int, PartnershipFigures] = defaultdict(PartnershipFigures)
    partnership_of = {}
    for row in _raw_rows(definition_rows(indicators).values_list(*SPEC_COLUMNS), _SPEC_CONVERTERS):
        partnership_of[figures[row[1]].add_definition(row)] = row[1]
    latest: dict[int, datetime.date] = {}
    measurements = Measurement.objects.filter(indicator_id__in=indicators.values("id")).filter(recorded_periods())
    latest_rows = (measurements.values("partnership_id").annotate(latest=Max("period")).values_list("partnership_id", "latest"))
    for partnership_id, period in latest_rows:
        latest[partnership_id] = month_of(period)
    months = periods.months_back(max(latest.values(), default=last_full_month()), HISTORY_MONTHS)
    if latest:
        earliest = min(min(latest.values()), months[0])
        window = Q()
        for frequency in (periods.WEEKLY, periods.MONTHLY, periods.QUARTERLY, periods.ANNUAL):
            window |= Q(indicator__frequency=frequency, period__gte=_history_start(earliest, frequency))
        rows = measurements.filter(window).values_list("indicator_id", "period", "value")
        for indicator_id, period, value in _raw_rows(rows, (None, _as_date, _as_decimal)):
            partnership_id = partnership_of.get(indicator_id)
            if partnership_id is not None:
                figures[partnership_id].values[indicator_id][period] = value
    for partnership_id, green_at, amber_at in ScorecardSettings.objects.filter(
        partnership_id__in=partnership_ids
    ).values_list("partnership_id", "green_at", "amber_at"):
        figures[partnership_id].thresholds = calc.Thresholds(green_at=green_at, amber_at=amber_at)
    result = []
    for partnership_id, name, slug, status in partnerships:
        month = latest.get(partnership_id)
        row = {"partnership_id": partnership_id, "name": name, "slug": slug, "partnership_status": status,
               "period": None, "period_label": "", "score": None, "status": calc.NO_DATA, "cpi_breaches": 0,
               "warnings": 0, "indicators": len(figures[partnership_id].specs) if partnership_id in figures else 0,
               "history": _history(figures.get(partnership_id), months)}
        if month is not None:
            data = figures[partnership_id]
            card = data.scorecard(month)
            row.update(period=month.isoformat(), period_label=periods.label(month, periods.MONTHLY), score=card.score,
                       status=card.status, cpi_breaches=len(card.cpi_breaches), warnings=len(data.warnings(month)))
        result.append(row)
    return result


def _history(data: PartnershipFigures | None, months: list[datetime.date]) -> list[dict]:
    history = []
    for month in months:
        card = data.scorecard(month) if data is not None and data.specs else None
        history.append({"period": month.isoformat(), "period_label": periods.label(month, periods.MONTHLY),
                        "score": card.score if card else None, "status": card.status if card else calc.NO_DATA})
    return history


def portfolio_latest_scorecards_cached(user) -> list[dict]:
    """``portfolio_latest_scorecards``, reused until anything in the user's partnerships changes.

    Every write that can move a scorecard (indicator, measurement, import, thresholds, parties)
    records an audit event in the same transaction, so the newest event id across the
    organization's partnerships is an exact change stamp: a new event means a new cache key.
    One cheap query decides; the full computation runs only after a change.
    """
    membership = membership_of(user)
    if membership is None:
        return []
    seats = organization_parties(membership.organization_id)
    stamp = AuditEvent.objects.filter(partnership_id__in=seats.values("partnership_id")).aggregate(
        stamp=Max("id"), partnerships=Count("partnership_id", distinct=True))
    key = f"portfolio-scorecards:{membership.organization_id}:{stamp['stamp']}:{stamp['partnerships']}"
    rows = cache.get(key)
    if rows is None:
        rows = portfolio_latest_scorecards(user)
        cache.set(key, rows, timeout=PORTFOLIO_CACHE_SECONDS)
    return rows


# A stamp that has not moved keeps its entry; the timeout only bounds memory for idle organizations.
PORTFOLIO_CACHE_SECONDS = 6 * 60 * 60


STATUS_ORDER = {calc.CRITICAL_BREACH: 0, calc.RED: 1, calc.AMBER: 2, calc.GREEN: 3}
PORTFOLIO_SORTS = {
    "name": lambda row: row["name"].lower(),
    "score": lambda row: (row["score"], row["name"].lower()),
    "status": lambda row: (STATUS_ORDER[row["status"]], row["name"].lower()),
    "warnings": lambda row: (-row["warnings"], -row["cpi_breaches"], row["name"].lower()),
}


def portfolio_sorted(rows: list[dict], sort: str = "name") -> list[dict]:
    """Rows sorted by ``name``, ``score`` (lowest first), ``status`` (worst first) or ``warnings`` (most
    first); a leading ``-`` reverses. Partnerships without data come last either way (by name), except
    when sorting by name."""
    reverse = sort.startswith("-")
    name = sort.lstrip("-")
    key = PORTFOLIO_SORTS.get(name, PORTFOLIO_SORTS["name"])
    if name not in PORTFOLIO_SORTS or name == "name":
        return sorted(rows, key=key, reverse=reverse)
    with_data, without = [], []
    for row in rows:
        sortable = row["status"] != calc.NO_DATA and (name != "score" or row["score"] is not None)
        (with_data if sortable else without).append(row)
    return sorted(with_data, key=key, reverse=reverse) + sorted(without, key=PORTFOLIO_SORTS["name"])
