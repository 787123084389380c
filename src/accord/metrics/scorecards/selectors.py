"""Reads: one partnership's scorecards, their history and early warnings, scoped by access.

Scorecards are computed, not stored: each selector fetches the rows it needs in a constant
number of queries (``values_list``, no model instances) and hands plain values to the pure
functions of ``calculations`` and ``warnings``. The visibility rule applies before any
arithmetic, so a party's private indicators and their values never reach the other party's numbers.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from accord.metrics import periods
from accord.metrics.models import Indicator, Measurement, ScorecardSettings
from accord.partnerships.access import PartnershipAccess, records_visible_to

from . import calculations as calc
from . import warnings as warning_rules

SPEC_COLUMNS = ("id", "partnership_id", "code", "name", "kind", "direction", "target", "weight", "bands",
                "frequency", "aggregation", "unit", "active_from", "active_to")
HISTORY_MONTHS = 12


def indicator_spec(row) -> calc.IndicatorSpec:
    (pk, _partnership, code, name, kind, direction, target, weight, bands, frequency, aggregation, unit,
     active_from, active_to) = row
    try:
        parsed = calc.parse_bands(bands or [])
    except calc.BandError:  # stored bands are checked on the way in; never let old data break a page
        parsed = ()
    return calc.IndicatorSpec(id=pk, code=code, name=name, kind=kind, direction=direction, target=target,
                              weight=weight, bands=parsed, frequency=frequency, aggregation=aggregation, unit=unit,
                              active_from=active_from, active_to=active_to)


def recorded_periods() -> Q:
    """The periods a measurement may have (started, from 1900). The writer refuses any other; reads
    skip one written before it did, so that a far-off year cannot break the arithmetic of a page."""
    return Q(period__gte=periods.EARLIEST, period__lte=timezone.localdate())


def last_full_month(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return periods.shift(periods.period_start(today, periods.MONTHLY), periods.MONTHLY, -1)


def month_of(period: datetime.date) -> datetime.date:
    return period.replace(day=1)


def parse_scorecard_period(value) -> datetime.date:
    """A scorecard period (a month that has started, from 1900) from a date or ``YYYY-MM`` /
    ``YYYY-MM-DD`` text; ``ValidationError`` otherwise."""
    if isinstance(value, datetime.date):
        month = periods.period_start(value, periods.MONTHLY)
    else:
        try:
            month = periods.parse_period(str(value or ""), periods.MONTHLY)
        except periods.PeriodError as exc:
            raise ValidationError({"period": str(exc)}) from None
    problem = periods.range_problem(month, timezone.localdate())
    if problem:
        raise ValidationError({"period": problem.replace("; record a period once it has started",
                                                         ": there is no scorecard for it yet") + "."})
    return month


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

    def warnings(self, month: datetime.date) -> list[warning_rules.EarlyWarning]:
        found = []
        for spec in self.specs:
            if spec.is_active_in(month):
                found.extend(warning_rules.early_warnings(spec, warning_rules.native_series(spec, self.values.get(spec.id, {}), month)))
        return found


def _thresholds(row) -> calc.Thresholds:
    """``(green_at, amber_at)`` as thresholds; the defaults for a partnership that never set them."""
    if not row:
        return calc.Thresholds()
    green_at, amber_at = row
    return calc.Thresholds() if green_at is None else calc.Thresholds(green_at=green_at, amber_at=amber_at)


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
    specs, thresholds = [], None
    for *spec_row, green_at, amber_at in rows:
        specs.append(indicator_spec(spec_row))
        thresholds = (green_at, amber_at)
    figures = PartnershipFigures(specs=specs)
    if rows:
        figures.thresholds = _thresholds(thresholds)
    elif thresholds_without_indicators:
        figures.thresholds = scorecard_settings(access=access)
        return figures
    measurements = Measurement.objects.filter(indicator_id__in=[spec.id for spec in figures.specs]).filter(
        recorded_periods())
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


def scorecard_as_dict(card: calc.Scorecard, warnings: list[warning_rules.EarlyWarning]) -> dict:
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
    months = periods.months_back(end, count)
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
    months = periods.months_back(end, count)
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


def scorecard_settings(*, access: PartnershipAccess) -> calc.Thresholds:
    return _thresholds(
        ScorecardSettings.objects.filter(partnership=access.partnership).values_list("green_at", "amber_at").first()
    )
