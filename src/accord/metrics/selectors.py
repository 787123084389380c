"""Reads: indicators, measurements, scorecards, early warnings and the portfolio, scoped by access.

Scorecards are computed, not stored: each selector fetches the rows it needs in a constant
number of queries (``values_list``, no model instances) and hands plain values to the pure
functions of ``calculations``. The visibility rule applies before any arithmetic, so a party's
private indicators and their values never reach the other party's numbers.
"""

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accord.core.models import AuditEvent
from accord.partnerships.access import PartnershipAccess, partnerships_for_user, records_visible_to
from accord.partnerships.models import Party, PartyStatus, Visibility

from . import calculations as calc
from . import periods
from .models import Indicator, Measurement, MeasurementRevision, ScorecardSettings

SPEC_COLUMNS = ("id", "partnership_id", "code", "name", "kind", "direction", "target", "weight", "bands",
                "frequency", "aggregation", "unit", "active_from", "active_to")
HISTORY_MONTHS = 12


def _decimal_or_none(value):
    return None if value in (None, "") else Decimal(str(value))


def _spec(row) -> calc.IndicatorSpec:
    (pk, _partnership, code, name, kind, direction, target, weight, bands, frequency, aggregation, unit,
     active_from, active_to) = row
    try:
        parsed = calc.parse_bands(bands or [])
    except calc.BandError:  # stored bands are checked on the way in; never let old data break a page
        parsed = ()
    return calc.IndicatorSpec(id=pk, code=code, name=name, kind=kind, direction=direction, target=target,
                              weight=weight, bands=parsed, frequency=frequency, aggregation=aggregation, unit=unit,
                              active_from=active_from, active_to=active_to)


def last_full_month(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return periods.shift(periods.period_start(today, periods.MONTHLY), periods.MONTHLY, -1)


def month_of(period: datetime.date) -> datetime.date:
    return period.replace(day=1)


def parse_scorecard_period(value) -> datetime.date:
    """A scorecard period (a month) from a date or ``YYYY-MM`` / ``YYYY-MM-DD`` text; ``ValidationError`` otherwise."""
    if isinstance(value, datetime.date):
        return periods.period_start(value, periods.MONTHLY)
    try:
        return periods.parse_period(str(value or ""), periods.MONTHLY)
    except periods.PeriodError as exc:
        raise ValidationError({"period": str(exc)}) from None


@dataclass
class PartnershipFigures:
    """Everything the arithmetic needs for one partnership, fetched in a constant number of queries."""

    specs: list = field(default_factory=list)
    values: dict = field(default_factory=lambda: defaultdict(dict))  # indicator id -> {period: value}
    thresholds: calc.Thresholds = field(default_factory=calc.Thresholds)

    def latest_month(self) -> datetime.date | None:
        latest = [month_of(max(by_period)) for by_period in self.values.values() if by_period]
        return max(latest) if latest else None

    def scorecard(self, month: datetime.date) -> calc.Scorecard:
        results = [
            calc.evaluate_indicator(spec, *calc.value_for_month(spec, self.values.get(spec.id, {}), month))
            for spec in self.specs if spec.is_active_in(month)
        ]
        return calc.score_period(month, results, self.thresholds)

    def warnings(self, month: datetime.date) -> list[calc.EarlyWarning]:
        found = []
        for spec in self.specs:
            if spec.is_active_in(month):
                found.extend(calc.early_warnings(spec, calc.native_series(spec, self.values.get(spec.id, {}), month)))
        return found


def _thresholds(row) -> calc.Thresholds:
    return calc.Thresholds(green_at=row[0], amber_at=row[1]) if row else calc.Thresholds()


def partnership_figures(*, access: PartnershipAccess, since: datetime.date | None = None,
                        thresholds_without_indicators: bool = True) -> PartnershipFigures:
    """The visible indicators of the partnership with their values (from ``since``) and thresholds.

    Two queries: the indicators carry the partnership's thresholds along (a subquery), so these cost
    a third query only for a partnership without indicators, and only if asked for.
    """
    settings = ScorecardSettings.objects.filter(partnership=OuterRef("partnership_id"))
    rows = list(records_visible_to(Indicator.objects.all(), access).annotate(
        green_at=Subquery(settings.values("green_at")[:1]), amber_at=Subquery(settings.values("amber_at")[:1]),
    ).values_list(*SPEC_COLUMNS, "green_at", "amber_at"))
    figures = PartnershipFigures(specs=[_spec(row[:len(SPEC_COLUMNS)]) for row in rows])
    if rows:
        figures.thresholds = _thresholds(rows[0][-2:] if rows[0][-1] is not None else None)
    elif thresholds_without_indicators:
        figures.thresholds = scorecard_settings(access=access)
        return figures
    measurements = Measurement.objects.filter(indicator_id__in=[spec.id for spec in figures.specs])
    if since:
        measurements = measurements.filter(period__gte=since)
    for indicator_id, period, value in measurements.values_list("indicator_id", "period", "value"):
        figures.values[indicator_id][period] = value
    return figures


# Output shapes --------------------------------------------------------------------------------

def indicator_result_as_dict(result: calc.IndicatorResult) -> dict:
    spec = result.spec
    return {
        "id": spec.id, "code": spec.code, "name": spec.name, "kind": spec.kind, "unit": spec.unit,
        "direction": spec.direction, "frequency": spec.frequency, "weight": spec.weight,
        "actual": result.actual, "target": spec.target, "attainment": result.attainment, "status": result.status,
        "explanation": result.explanation,
        "inputs": [{"period": period.isoformat(), "value": value} for period, value in result.inputs],
        "bands": [band.as_dict() for band in spec.bands],
    }


def scorecard_as_dict(card: calc.Scorecard, warnings: list[calc.EarlyWarning]) -> dict:
    return {
        "period": card.period.isoformat(),
        "period_label": periods.label(card.period, periods.MONTHLY),
        "status": card.status,
        "score": card.score,
        "explanation": card.explanation,
        "thresholds": {"green_at": card.thresholds.green_at, "amber_at": card.thresholds.amber_at},
        "by_kind": card.by_kind,
        "cpi_breaches": list(card.cpi_breaches),
        "indicators": [indicator_result_as_dict(result) for result in card.indicators],
        "warnings": [warning.as_dict() for warning in warnings],
    }


# Scorecards of one partnership ------------------------------------------------------------------

def default_scorecard_period(figures: PartnershipFigures) -> datetime.date:
    """The latest month with any visible measurement, else the last full month."""
    return figures.latest_month() or last_full_month()


def scorecard_for_period(access: PartnershipAccess, period=None) -> dict:
    """The scorecard of one month (a date or ``YYYY-MM[-DD]``; default the latest with data), with its warnings."""
    figures = partnership_figures(access=access)
    month = parse_scorecard_period(period) if period else default_scorecard_period(figures)
    return scorecard_as_dict(figures.scorecard(month), figures.warnings(month))


def _history(figures: PartnershipFigures, end: datetime.date, count: int) -> list[dict]:
    months = [periods.shift(end, periods.MONTHLY, -i) for i in range(count - 1, -1, -1)]
    history = []
    for month in months:
        card = figures.scorecard(month)
        history.append({"period": month.isoformat(), "period_label": periods.label(month, periods.MONTHLY),
                        "score": card.score, "status": card.status})
    return history


def scorecard_history(access: PartnershipAccess, count: int = HISTORY_MONTHS, end=None) -> list[dict]:
    """The overall score and status of each of the last ``count`` months up to ``end``, oldest first."""
    figures = partnership_figures(access=access)
    end = parse_scorecard_period(end) if end else default_scorecard_period(figures)
    return _history(figures, end, count)


def indicator_history(figures: PartnershipFigures, end: datetime.date, count: int = HISTORY_MONTHS) -> dict:
    """Per indicator id: [(month, actual or None, status)] for the ``count`` months up to ``end``."""
    months = [periods.shift(end, periods.MONTHLY, -i) for i in range(count - 1, -1, -1)]
    series = {}
    for spec in figures.specs:
        values = figures.values.get(spec.id, {})
        points = []
        for month in months:
            actual, _ = calc.value_for_month(spec, values, month)
            status = calc.NO_DATA if actual is None else calc.status_for(
                actual, target=spec.target, direction=spec.direction, bands=spec.bands)
            points.append((month, actual, status))
        series[spec.id] = points
    return series


def scorecard_page(*, access: PartnershipAccess, period=None) -> dict:
    """Everything the scorecard page shows, from one fetch: the scorecard, its history and charts' series."""
    figures = partnership_figures(access=access)
    month = parse_scorecard_period(period) if period else default_scorecard_period(figures)
    card = figures.scorecard(month)
    return {
        "scorecard": scorecard_as_dict(card, figures.warnings(month)),
        "month": month,
        "history": _history(figures, month, HISTORY_MONTHS),
        "series": indicator_history(figures, month),
        "thresholds": figures.thresholds,
        "latest": figures.latest_month(),
        "months": [periods.shift(last_full_month(), periods.MONTHLY, -i) for i in range(24)],
    }


def warnings_for(access: PartnershipAccess, period=None) -> dict:
    figures = partnership_figures(access=access)
    month = parse_scorecard_period(period) if period else default_scorecard_period(figures)
    return {"period": month.isoformat(), "items": [w.as_dict() for w in figures.warnings(month)]}


def partnership_summary(access: PartnershipAccess) -> dict:
    """The overview panel: latest scorecard status, score, CPI breaches and warnings, and a 12-month trend."""
    figures = partnership_figures(access=access, thresholds_without_indicators=False)
    latest = figures.latest_month()
    if latest is None:
        return {"has_data": False, "indicator_count": len(figures.specs)}
    card = figures.scorecard(latest)
    return {
        "has_data": True, "indicator_count": len(figures.specs),
        "period": latest, "period_label": periods.label(latest, periods.MONTHLY),
        "status": card.status, "score": card.score, "cpi_breaches": list(card.cpi_breaches),
        "warnings": [w.as_dict() for w in figures.warnings(latest)],
        "history": _history(figures, latest, HISTORY_MONTHS), "thresholds": figures.thresholds,
    }


# Indicators and measurements ----------------------------------------------------------------------

def indicator_list(*, access: PartnershipAccess, kind: str = "", search: str = "") -> QuerySet[Indicator]:
    indicators = records_visible_to(Indicator.objects.all(), access).select_related("owner_party__organization")
    if kind:
        indicators = indicators.filter(kind=kind)
    if search:
        indicators = indicators.filter(Q(code__icontains=search) | Q(name__icontains=search))
    return indicators


def measurement_list(*, access: PartnershipAccess, indicator_id=None, period_from=None,
                     period_to=None) -> QuerySet[Measurement]:
    """Measurements of the indicators the caller sees, newest period first."""
    visible = records_visible_to(Indicator.objects.all(), access).values("id")
    measurements = Measurement.objects.filter(partnership=access.partnership, indicator_id__in=visible)
    if indicator_id is not None:
        measurements = measurements.filter(indicator_id=indicator_id)
    if period_from:
        measurements = measurements.filter(period__gte=period_from)
    if period_to:
        measurements = measurements.filter(period__lte=period_to)
    return measurements.select_related("indicator", "entered_by").order_by("-period", "indicator__code")


def measurement_revisions(*, access: PartnershipAccess, measurement: Measurement) -> QuerySet[MeasurementRevision]:
    return MeasurementRevision.objects.filter(measurement=measurement).select_related("entered_by")


GRID_PERIODS = 6


def measurement_grid(*, access: PartnershipAccess, today: datetime.date | None = None,
                     count: int = GRID_PERIODS) -> list[dict]:
    """Rows of the entry grid: each visible, active indicator with its last ``count`` periods (its own
    frequency, ending with the current one) and their values; ``editable`` says if the caller may enter."""
    today = today or timezone.localdate()
    indicators = list(indicator_list(access=access))
    first = min((periods.recent_periods(today, i.frequency, count)[0] for i in indicators), default=today)
    values = defaultdict(dict)
    for measurement in Measurement.objects.filter(indicator_id__in=[i.pk for i in indicators], period__gte=first):
        values[measurement.indicator_id][measurement.period] = measurement
    rows = []
    for indicator in indicators:
        cells = []
        for start in periods.recent_periods(today, indicator.frequency, count):
            end = periods.shift(start, indicator.frequency, 1) - datetime.timedelta(days=1)
            active = (indicator.active_from is None or indicator.active_from <= end) and (
                indicator.active_to is None or indicator.active_to >= start)
            cells.append({"period": start, "label": periods.label(start, indicator.frequency),
                          "key": f"v-{indicator.pk}-{start.isoformat()}", "active": active,
                          "measurement": values[indicator.pk].get(start)})
        rows.append({"indicator": indicator, "cells": cells, "editable": indicator.may_be_entered_by(access.party)})
    return rows


def partnerships_to_copy_from(*, access: PartnershipAccess) -> list[tuple[int, str]]:
    """The caller's other partnerships, as (id, name), to copy an indicator set from."""
    return list(partnerships_for_user(access.user).exclude(pk=access.partnership.pk).values_list("id", "name"))


def scorecard_settings(*, access: PartnershipAccess) -> calc.Thresholds:
    return _thresholds(
        ScorecardSettings.objects.filter(partnership=access.partnership).values_list("green_at", "amber_at").first()
    )


# Portfolio ------------------------------------------------------------------------------------------

def _history_start(month: datetime.date, frequency: str) -> datetime.date:
    """The first period start the warning rules and a month's value can read, for ``month``."""
    last = periods.period_start(calc.month_end(month), frequency)
    first = periods.shift(last, frequency, -(calc.HISTORY_NEEDED - 1))
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
                    _as_date, _as_date)


def portfolio_latest_scorecards(user) -> list[dict]:
    """One row per partnership the user sees: its latest month with visible data, overall score and
    status, CPI breaches and warning count. Five queries whatever the number of partnerships."""
    membership = getattr(user, "membership", None) if user.is_authenticated else None
    if membership is None:
        return []
    organization_id = membership.organization_id
    seats = Party.objects.filter(organization_id=organization_id, status=PartyStatus.ACCEPTED)
    partnership_ids = seats.values("partnership_id")
    partnerships = list(seats.values_list("partnership_id", "partnership__name", "partnership__slug",
                                          "partnership__status").order_by("partnership__name"))
    # The visibility rule, portfolio-wide: shared indicators, plus the private ones of the user's own party.
    indicators = Indicator.objects.filter(partnership_id__in=partnership_ids).filter(
        Q(visibility=Visibility.SHARED) | Q(owner_party__organization_id=organization_id)
    )
    figures: dict[int, PartnershipFigures] = defaultdict(PartnershipFigures)
    partnership_of = {}
    for row in _raw_rows(indicators.values_list(*SPEC_COLUMNS), _SPEC_CONVERTERS):
        spec = _spec(row)
        figures[row[1]].specs.append(spec)
        partnership_of[spec.id] = row[1]
    latest: dict[int, datetime.date] = {}
    latest_rows = (Measurement.objects.filter(indicator_id__in=indicators.values("id"))
                   .values("partnership_id").annotate(latest=Max("period")).values_list("partnership_id", "latest"))
    for partnership_id, period in latest_rows:
        latest[partnership_id] = month_of(period)
    if latest:
        earliest = min(latest.values())
        window = Q()
        for frequency in (periods.WEEKLY, periods.MONTHLY, periods.QUARTERLY, periods.ANNUAL):
            window |= Q(indicator__frequency=frequency, period__gte=_history_start(earliest, frequency))
        rows = (Measurement.objects.filter(indicator_id__in=indicators.values("id")).filter(window)
                .values_list("indicator_id", "period", "value"))
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
               "warnings": 0, "indicators": len(figures[partnership_id].specs) if partnership_id in figures else 0}
        if month is not None:
            data = figures[partnership_id]
            card = data.scorecard(month)
            row.update(period=month.isoformat(), period_label=periods.label(month, periods.MONTHLY), score=card.score,
                       status=card.status, cpi_breaches=len(card.cpi_breaches), warnings=len(data.warnings(month)))
        result.append(row)
    return result


def portfolio_latest_scorecards_cached(user) -> list[dict]:
    """``portfolio_latest_scorecards``, reused until anything in the user's partnerships changes.

    Every write that can move a scorecard (indicator, measurement, import, thresholds, parties)
    records an audit event in the same transaction, so the newest event id across the
    organization's partnerships is an exact change stamp: a new event means a new cache key.
    One cheap query decides; the full computation runs only after a change.
    """
    membership = getattr(user, "membership", None) if user.is_authenticated else None
    if membership is None:
        return []
    seats = Party.objects.filter(organization_id=membership.organization_id, status=PartyStatus.ACCEPTED)
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


STATUS_ORDER = {calc.CRITICAL_BREACH: 0, calc.RED: 1, calc.AMBER: 2, calc.GREEN: 3, calc.NO_DATA: 4}
PORTFOLIO_SORTS = {
    "name": lambda row: row["name"].lower(),
    "score": lambda row: (row["score"] is None, row["score"] if row["score"] is not None else 0),
    "status": lambda row: (STATUS_ORDER[row["status"]], row["name"].lower()),
    "warnings": lambda row: (-row["warnings"], -row["cpi_breaches"], row["name"].lower()),
}


def portfolio_sorted(rows: list[dict], sort: str = "name") -> list[dict]:
    """Rows sorted by ``name``, ``score`` (lowest first), ``status`` (worst first) or ``warnings`` (most
    first); a leading ``-`` reverses."""
    reverse = sort.startswith("-")
    key = PORTFOLIO_SORTS.get(sort.lstrip("-"), PORTFOLIO_SORTS["name"])
    return sorted(rows, key=key, reverse=reverse)
