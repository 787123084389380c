"""Reads: one partnership's scorecards, their history and early warnings, scoped by access.

Scorecards are computed, not stored: each selector fetches the rows it needs in a constant
number of queries (``values_list``, no model instances) and hands plain values to the pure
functions of ``calculations`` and ``warnings``. The shared scorecard is computed from the agreed shared
indicators only, so it is the same for every party and role; a party's private indicators are computed
apart (``scope="private"``) and never reach a shared number.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accord.markets.models import Market, Site
from accord.metrics import periods
from accord.metrics.models import (
    Indicator,
    IndicatorDefinition,
    IndicatorStatus,
    Measurement,
    ScorecardComment,
    ScorecardSettings,
)
from accord.partnerships.access import PartnershipAccess, record_get, records_own_private, records_shared

from . import calculations as calc
from . import markets as market_figures
from . import warnings as warning_rules

SPEC_COLUMNS = ("indicator_id", "indicator__partnership_id", "indicator__code", "indicator__name", "kind", "direction",
                "target", "weight", "bands", "frequency", "aggregation", "indicator__unit", "active_from", "active_to",
                "effective_from", "note", "scope", "rollup")
HISTORY_MONTHS = 12


def definition_rows(indicators: QuerySet) -> QuerySet:
    """The definitions of the agreed ones of ``indicators``: one query for all, each indicator's oldest first.

    Select ``SPEC_COLUMNS`` from it and hand each row to ``indicator_definition``.
    """
    return IndicatorDefinition.objects.filter(
        indicator__in=indicators.filter(status=IndicatorStatus.AGREED).values("id")
    ).order_by("indicator__kind", "indicator__code", "indicator_id", F("effective_from").asc(nulls_first=True))


def indicator_definition(row) -> tuple:
    """(effective_from or None, the ``IndicatorSpec`` of that definition) from a ``SPEC_COLUMNS`` row."""
    (pk, _partnership, code, name, kind, direction, target, weight, bands, frequency, aggregation, unit,
     active_from, active_to, effective_from, note, scope, rollup) = row
    try:
        parsed = calc.parse_bands(bands or [])
    except calc.BandError:  # stored bands are checked on the way in; never let old data break a page
        parsed = ()
    return effective_from, calc.IndicatorSpec(
        id=pk, code=code, name=name, kind=kind, direction=direction, target=target, weight=weight, bands=parsed,
        frequency=frequency, aggregation=aggregation, unit=unit, active_from=active_from, active_to=active_to,
        note=note or "", scope=scope, rollup=rollup)


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
    """Everything the arithmetic needs for one partnership, fetched in a constant number of queries.

    ``timelines``: per indicator id, its definitions as (effective_from or None, spec), oldest first; each
    month is computed with the definition in force in it, so no change of definition rewrites a past month.
    """

    timelines: dict = field(default_factory=dict)
    values: dict = field(default_factory=lambda: defaultdict(dict))  # indicator id -> {period: value}
    thresholds: calc.Thresholds = field(default_factory=calc.Thresholds)
    # Per-market (per-site) values and the markets; ``values`` holds their roll-up per period as well, so that
    # warnings and charts follow the partnership's value.
    places: market_figures.Places = field(default_factory=market_figures.Places)

    def add_definition(self, row) -> int:
        effective_from, spec = indicator_definition(row)
        self.timelines.setdefault(spec.id, []).append((effective_from, spec))
        return spec.id

    @property
    def specs(self) -> list[calc.IndicatorSpec]:
        """The newest definition of each indicator (for lists and counts)."""
        return [timeline[-1][1] for timeline in self.timelines.values()]

    def spec_for(self, indicator_id: int, month: datetime.date) -> calc.IndicatorSpec | None:
        """The definition in force in ``month``: the latest one starting on or before it."""
        chosen = None
        for effective_from, spec in self.timelines.get(indicator_id, ()):
            if effective_from is not None and effective_from > month:
                break
            chosen = spec
        return chosen

    def in_force(self, month: datetime.date) -> list[calc.IndicatorSpec]:
        """The definitions in force in ``month`` of the indicators active in it."""
        specs = (self.spec_for(indicator_id, month) for indicator_id in self.timelines)
        return [spec for spec in specs if spec is not None and spec.is_active_in(month)]

    def latest_month(self) -> datetime.date | None:
        latest = [month_of(max(by_period)) for by_period in self.values.values() if by_period]
        return max(latest) if latest else None

    def result(self, spec: calc.IndicatorSpec, month: datetime.date) -> calc.IndicatorResult:
        """One indicator's result in ``month``: a per-market one is its markets rolled up (and explained so)."""
        if spec.scope != market_figures.PARTNERSHIP:
            return market_figures.rolled_result(self.places, spec, month)
        return calc.evaluate_indicator(spec, *calc.value_for_month(spec, self.values.get(spec.id, {}), month))

    def scorecard(self, month: datetime.date) -> calc.Scorecard:
        return calc.score_period(month, [self.result(spec, month) for spec in self.in_force(month)], self.thresholds)

    def add_value(self, indicator_id: int, period: datetime.date, value, market_id=None, site_id=None) -> None:
        """A stored value: the partnership's own, or a market's (site's)."""
        if market_id is None:
            self.values[indicator_id][period] = value
        else:
            self.places.add(indicator_id, market_id, site_id, period, value)

    def add_places(self, markets, sites) -> None:
        """The partnership's markets ``(id, code, name, weight)`` and sites ``(id, code, market id)``; then each
        per-market indicator's roll-up per period joins ``values`` (beside any whole-partnership value of a
        period when the indicator was measured for the whole partnership)."""
        for pk, code, name, weight in markets:
            self.places.markets[pk] = market_figures.MarketFacts(pk, code, name, weight)
        for pk, code, market_id in sites:
            self.places.sites[pk] = (code, market_id)
        for indicator_id in list(self.places.values):
            timeline = self.timelines.get(indicator_id)
            if timeline:
                for period, value in self.places.rolled_series(timeline[-1][1]).items():
                    self.values[indicator_id].setdefault(period, value)

    def warnings(self, month: datetime.date) -> list[warning_rules.EarlyWarning]:
        found = []
        for spec in self.in_force(month):
            found.extend(warning_rules.early_warnings(spec, warning_rules.native_series(spec, self.values.get(spec.id, {}), month)))
        return found


def _thresholds(row) -> calc.Thresholds:
    """``(green_at, amber_at)`` as thresholds; the defaults for a partnership that never set them."""
    if not row:
        return calc.Thresholds()
    green_at, amber_at = row
    return calc.Thresholds() if green_at is None else calc.Thresholds(green_at=green_at, amber_at=amber_at)


SHARED, PRIVATE = "shared", "private"


def partnership_figures(*, access: PartnershipAccess, scope: str = SHARED, since: datetime.date | None = None,
                        thresholds_without_indicators: bool = True, with_markets: bool = False) -> PartnershipFigures:
    """The partnership's agreed shared indicators (``scope="shared"``: the same for every party) or the caller's
    party's private ones (``"private"``), with their definitions, values (from ``since``) and the thresholds.

    Two queries: the definitions carry the partnership's thresholds along (a subquery), so these cost a third
    query only for a partnership without indicators, and only if asked for.
    """
    indicators = (records_shared if scope == SHARED else records_own_private)(Indicator.objects.all(), access)
    settings = ScorecardSettings.objects.filter(partnership=OuterRef("indicator__partnership_id"))
    rows = list(definition_rows(indicators).annotate(
        green_at=Subquery(settings.values("green_at")[:1]), amber_at=Subquery(settings.values("amber_at")[:1]),
    ).values_list(*SPEC_COLUMNS, "green_at", "amber_at"))
    figures, thresholds = PartnershipFigures(), None
    for row in rows:
        figures.add_definition(row[:len(SPEC_COLUMNS)])
        thresholds = row[len(SPEC_COLUMNS):]
    if rows:
        figures.thresholds = _thresholds(thresholds)
    elif thresholds_without_indicators:
        figures.thresholds = scorecard_settings(access=access)
        if with_markets:
            _load_places(figures, access)
        return figures
    else:
        return figures
    measurements = Measurement.objects.filter(indicator_id__in=list(figures.timelines)).filter(recorded_periods())
    if since:
        measurements = measurements.filter(period__gte=since)
    for indicator_id, period, value, market_id, site_id in measurements.values_list(
            "indicator_id", "period", "value", "market_id", "site_id"):
        figures.add_value(indicator_id, period, value, market_id, site_id)
    if with_markets or figures.places.values or any(
            spec.scope != market_figures.PARTNERSHIP for spec in figures.specs):
        _load_places(figures, access)
    return figures


def _load_places(figures: PartnershipFigures, access: PartnershipAccess) -> None:
    """The partnership's markets and sites (shared records: the same for every party), two queries."""
    figures.add_places(
        records_shared(Market.objects.all(), access).order_by("code").values_list("id", "code", "name", "weight"),
        records_shared(Site.objects.all(), access).values_list("id", "code", "market_id"))


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
        "definition_note": spec.note,
        "scope": spec.scope, "rollup": spec.rollup,
        "markets": list(result.markets),
        "consistency": result.consistency,
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
    """Per indicator id: [(month, actual or None, status)] for the ``count`` months up to ``end``, each month
    judged by the definition in force in it."""
    months = periods.months_back(end, count)
    series = {}
    for indicator_id in figures.timelines:
        values = figures.values.get(indicator_id, {})
        points = []
        for month in months:
            spec = figures.spec_for(indicator_id, month)
            actual = None if spec is None else calc.value_for_month(spec, values, month)[0]
            status = calc.NO_DATA if actual is None else calc.status_for(
                actual, target=spec.target, direction=spec.direction, bands=spec.bands)
            points.append((month, actual, status))
        series[indicator_id] = points
    return series


PRIVATE_LABEL = "Our private indicators: seen by our party only, never part of the shared scorecard"


def private_scorecard_as_dict(card: calc.Scorecard, warnings: list[warning_rules.EarlyWarning]) -> dict:
    return {
        "period": card.period.isoformat(), "period_label": periods.label(card.period, periods.MONTHLY),
        "label": PRIVATE_LABEL, "score": card.score, "status": card.status,
        "explanation": card.explanation.replace("Overall score", "Private score", 1),
        "indicators": [indicator_result_as_dict(result) for result in card.indicators],
        "warnings": [warning.as_dict() for warning in warnings],
    }


def private_scorecard_for_period(access: PartnershipAccess, period) -> dict:
    """The caller's party's private indicators in one month, apart from the shared scorecard."""
    month = parse_scorecard_period(period)
    figures = partnership_figures(access=access, scope=PRIVATE)
    return private_scorecard_as_dict(figures.scorecard(month), figures.warnings(month))


def scorecard_page(*, access: PartnershipAccess, period=None) -> dict:
    """Everything the scorecard page shows: the shared scorecard, its history and charts' series, and apart
    from it the caller's private indicators."""
    figures = partnership_figures(access=access)
    month = parse_scorecard_period(period) if period else default_scorecard_period(figures)
    card = figures.scorecard(month)
    private = partnership_figures(access=access, scope=PRIVATE, thresholds_without_indicators=False)
    return {
        "scorecard": scorecard_as_dict(card, figures.warnings(month)),
        "private": private_scorecard_as_dict(private.scorecard(month), private.warnings(month))
        if private.timelines else None,
        "month": month,
        "history": _history(figures, month, HISTORY_MONTHS),
        "series": {**indicator_history(figures, month), **indicator_history(private, month)},
        "thresholds": figures.thresholds,
        "latest": figures.latest_month(),
        "months": [periods.shift(last_full_month(), periods.MONTHLY, -i) for i in range(24)],
        "markets": list(figures.places.markets.values()),
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


def scorecard_comments(*, access: PartnershipAccess, period) -> dict:
    """The month's shared commentary (both parties') and the caller's party's own private notes on it."""
    month = parse_scorecard_period(period)
    comments = ScorecardComment.objects.filter(period=month).select_related("owner_party__organization", "created_by")
    return {
        "shared": list(records_shared(comments, access)),
        "private": list(records_own_private(comments, access)),
    }


def scorecard_comment_get(*, access: PartnershipAccess, period, comment_id) -> ScorecardComment:
    """One comment of the month the caller may see, or 404."""
    return record_get(ScorecardComment.objects.filter(period=parse_scorecard_period(period)), access, comment_id)


# One market ------------------------------------------------------------------------------------

def _market_named(figures: PartnershipFigures, code: str) -> market_figures.MarketFacts:
    market = figures.places.by_code((code or "").strip())
    if market is None:
        raise ValidationError({"market": f"There is no market with code {code!r} in this partnership."})
    return market


def market_scorecard_for_period(access: PartnershipAccess, period, market_code: str) -> dict:
    """One market's scorecard of a month: the agreed shared per-market (per-site) indicators measured in it, scored
    like the partnership's (the same for every party). ``ValidationError`` naming ``market`` for an unknown code."""
    figures = partnership_figures(access=access, with_markets=True)
    market = _market_named(figures, market_code)
    month = parse_scorecard_period(period) if period else default_scorecard_period(figures)
    specs = [spec for spec in figures.in_force(month) if spec.scope != market_figures.PARTNERSHIP]
    card = calc.score_period(month, [market_figures.market_result(figures.places, spec, month, market)
                                     for spec in specs], figures.thresholds)
    found = []
    for spec in specs:
        series = figures.places.series(spec).get(market.id, {})
        found.extend(warning_rules.early_warnings(spec, warning_rules.native_series(spec, series, month)))
    return {**scorecard_as_dict(card, found), "market": market.code, "market_name": market.name}


def market_heat_map(access: PartnershipAccess, period=None) -> dict:
    """The market × indicator heat map of a month (shared agreed per-market indicators only)."""
    figures = partnership_figures(access=access, with_markets=True)
    month = parse_scorecard_period(period) if period else default_scorecard_period(figures)
    return market_figures.heat_map(figures.places, figures.in_force(month), month)
