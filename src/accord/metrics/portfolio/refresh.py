"""The stored portfolio: each partnership's shared scorecard per month, kept equal to ``scorecard_for_period``.

Nothing on the portfolio's request path computes a scorecard. Every write that can move a shared
scorecard calls ``portfolio_refresh`` in its own transaction (the measurement writer, a deletion, an
accepted indicator definition, the thresholds); an import larger than the writer's commit-in-parts
threshold marks its partnerships pending and refreshes them in a task (``portfolio_refresh_task``), and
the page says "updating" until it is done. ``portfolio_rebuild`` recomputes everything (deployment,
``accord portfolio-rebuild``, after ``migrate``).

One truth: a stored month is ``period_summary`` of the very ``PartnershipFigures.scorecard`` and
``.warnings`` that ``scorecard_for_period`` turns into its JSON, computed from the same agreed shared
indicators and thresholds. A month without a stored row is a month without data: outside the months
the partnership's values cover, the scorecard is ``no_data`` with nothing red, amber, green or warned.

Which months a write touches (``span_of_values``): a value counts in the months its period covers (a
quarter's value in each of its months) and in the warnings of the periods after it (the rules read the
last ``warning_rules.HISTORY_NEEDED`` periods), so a write of values refreshes from its earliest month to
the last month whose warnings can read its latest value. A definition refreshes from its start onward,
thresholds every month.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.db import connections, transaction
from django.db.models import Max, Min, Q
from django.utils import timezone
from django_tasks import task

from accord.markets.models import Market, Site
from accord.metrics import periods
from accord.metrics.models import (
    Indicator,
    IndicatorStatus,
    Measurement,
    PortfolioPeriod,
    PortfolioStanding,
    ScorecardSettings,
)
from accord.metrics.scorecards import calculations as calc
from accord.metrics.scorecards import warnings as warning_rules
from accord.metrics.scorecards.selectors import (
    SPEC_COLUMNS,
    PartnershipFigures,
    definition_rows,
    month_of,
    recorded_periods,
)
from accord.partnerships.access import records_shared_in_partnerships
from accord.partnerships.models import Partnership

BATCH = 200  # partnerships computed together: a handful of queries per batch, bounded memory
_OR_CHUNK = 100  # conditions per OR in one delete (SQLite's expression depth)

# Contributors fill the columns other apps own (the health index) on the rows before they are stored:
# ``contributor(rows)`` gets the unsaved ``PortfolioPeriod`` rows of one batch and may set
# ``health_index`` and ``health_status`` on them, reading what it needs in a few queries for all of them.
_CONTRIBUTORS: list[Callable[[list[PortfolioPeriod]], None]] = []


def register_period_contributor(contributor: Callable[[list[PortfolioPeriod]], None]):
    """Register ``contributor`` (call it from an ``AppConfig.ready``); returns it, so it works as a decorator."""
    if contributor not in _CONTRIBUTORS:
        _CONTRIBUTORS.append(contributor)
    return contributor


def unregister_period_contributor(contributor) -> None:
    if contributor in _CONTRIBUTORS:
        _CONTRIBUTORS.remove(contributor)


def period_summary(card: calc.Scorecard, warnings: list) -> dict:
    """What the portfolio keeps of one month's shared scorecard (the fields ``scorecard_as_dict`` shows)."""
    statuses = Counter(result.status for result in card.indicators)
    return {"score": card.score, "status": card.status, "cpi_breaches": len(card.cpi_breaches),
            "red": statuses[calc.RED], "amber": statuses[calc.AMBER], "green": statuses[calc.GREEN],
            "warnings": len(warnings), "no_data": card.status == calc.NO_DATA}


def scorecard_summary(scorecard: dict) -> dict:
    """The same summary from ``scorecard_for_period``'s JSON: what the tests compare the stored rows with."""
    statuses = Counter(indicator["status"] for indicator in scorecard["indicators"])
    return {"score": scorecard["score"], "status": scorecard["status"], "cpi_breaches": len(scorecard["cpi_breaches"]),
            "red": statuses[calc.RED], "amber": statuses[calc.AMBER], "green": statuses[calc.GREEN],
            "warnings": len(scorecard["warnings"]), "no_data": scorecard["status"] == calc.NO_DATA}


# Reading the inputs ---------------------------------------------------------------------------------

def as_date(value):
    return value if value is None or isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def as_decimal(value):
    return value if value is None or isinstance(value, Decimal) else Decimal(str(value))


def raw_rows(queryset, converters):
    """The rows of a ``values_list`` queryset, each column converted by hand: a large refresh reads a
    million values, and Django's per-value converters cost more than the query. The ORM still builds
    the SQL (with every filter); SQLite hands back text dates and floats, PostgreSQL dates and Decimals."""
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


def _history_start(month: datetime.date, frequency: str) -> datetime.date:
    """The first period start a month's value and the warning rules of ``month`` (and later) can read."""
    last = periods.period_start(periods.period_end(month, periods.MONTHLY), frequency)
    first = periods.shift(last, frequency, -(warning_rules.HISTORY_NEEDED - 1))
    return min(first, periods.period_start(month, frequency))


def _coverage_end(period: datetime.date, frequency: str) -> datetime.date:
    """The last month a value of ``period`` counts in (a quarter's value counts in each of its months)."""
    if frequency in (periods.QUARTERLY, periods.ANNUAL):
        return month_of(periods.period_end(period, frequency))
    return month_of(period)


def _figures(partnership_ids: list[int], since: datetime.date | None, until: datetime.date | None
             ) -> tuple[dict, dict]:
    """Each partnership's ``PartnershipFigures`` (the values the months from ``since`` to ``until`` read) and its
    (first, last) value period. Four queries for the whole batch."""
    indicators = records_shared_in_partnerships(Indicator.objects.filter(status=IndicatorStatus.AGREED),
                                                partnership_ids)
    figures: dict[int, PartnershipFigures] = defaultdict(PartnershipFigures)
    partnership_of, frequencies = {}, set()
    for row in definition_rows(indicators).values_list(*SPEC_COLUMNS):
        indicator_id = figures[row[1]].add_definition(row)
        partnership_of[indicator_id] = row[1]
        frequencies.add(row[9])
    for partnership_id, green_at, amber_at in ScorecardSettings.objects.filter(
            partnership_id__in=partnership_ids).values_list("partnership_id", "green_at", "amber_at"):
        if partnership_id in figures:
            figures[partnership_id].thresholds = calc.Thresholds(green_at=green_at, amber_at=amber_at)
    if not partnership_of:
        return figures, {}
    measurements = Measurement.objects.filter(indicator_id__in=indicators.values("id")).filter(recorded_periods())
    bounds = {partnership_id: (first, last) for partnership_id, first, last in measurements.order_by().values(
        "partnership_id").annotate(first=Min("period"), last=Max("period")).values_list(
        "partnership_id", "first", "last")}
    if since is not None:
        measurements = measurements.filter(period__gte=min(_history_start(since, f) for f in frequencies))
    if until is not None:  # a month reads no period starting after it
        measurements = measurements.filter(period__lte=periods.period_end(until, periods.MONTHLY))
    rows = measurements.order_by().values_list("indicator_id", "period", "value", "market_id", "site_id")
    for indicator_id, period, value, market_id, site_id in raw_rows(rows, (None, as_date, as_decimal, None, None)):
        figures[partnership_of[indicator_id]].add_value(indicator_id, period, value, market_id, site_id)
    _add_places(figures)
    return figures, bounds


def _add_places(figures: dict[int, PartnershipFigures]) -> None:
    """The markets and sites of the partnerships with per-market values, so that their indicators roll up exactly
    as ``scorecard_for_period`` rolls them up (two queries for the batch; none without per-market values)."""
    with_places = [partnership_id for partnership_id, data in figures.items() if data.places.values]
    if not with_places:
        return
    markets, sites = defaultdict(list), defaultdict(list)
    for partnership_id, *market in records_shared_in_partnerships(Market.objects.all(), with_places).order_by(
            "code").values_list("partnership_id", "id", "code", "name", "weight"):
        markets[partnership_id].append(tuple(market))
    for partnership_id, *site in records_shared_in_partnerships(Site.objects.all(), with_places).values_list(
            "partnership_id", "id", "code", "market_id"):
        sites[partnership_id].append(tuple(site))
    for partnership_id in with_places:
        figures[partnership_id].add_places(markets[partnership_id], sites[partnership_id])


def _months(figures: PartnershipFigures, first: datetime.date, since: datetime.date | None,
            until: datetime.date | None) -> list[datetime.date]:
    """The months to store: from ``since`` (or the first value's month) to ``until`` or the last month any value
    covers, whichever comes first, never past the current month."""
    ends = [_coverage_end(max(by_period), spec.frequency)
            for indicator_id, by_period in figures.values.items() if by_period
            for _start, spec in figures.timelines.get(indicator_id, ())]
    if not ends:
        return []
    end = min(max(ends), periods.period_start(timezone.localdate(), periods.MONTHLY), *([until] if until else []))
    month = max(month_of(first), since) if since else month_of(first)
    months = []
    while month <= end:
        months.append(month)
        month = periods.shift(month, periods.MONTHLY, 1)
    return months


# Writing the rows -----------------------------------------------------------------------------------

Span = tuple[datetime.date | None, datetime.date | None]  # (first month, last month); None: open


def portfolio_refresh(*, spans: dict[int, Span | None], finishes_pending: bool = False) -> None:
    """Recompute and store each partnership's months within its span (``None``: every month).

    Called inside the writing transaction of every write that can move a shared scorecard. With
    ``finishes_pending`` (the large-import task) the partnerships stop reading "updating".
    """
    by_span = defaultdict(list)
    for partnership_id, span in spans.items():
        since, until = span or (None, None)
        by_span[(month_of(since) if since else None, month_of(until) if until else None)].append(partnership_id)
    for (since, until), partnership_ids in by_span.items():
        partnership_ids = sorted(partnership_ids)
        for start in range(0, len(partnership_ids), BATCH):
            _refresh_batch(partnership_ids[start:start + BATCH], since, until, finishes_pending)


def portfolio_refresh_from(partnership_id: int, *days: datetime.date | datetime.datetime | str | None) -> None:
    """Refresh one partnership's stored months from the month of the earliest of ``days`` onward (every month when
    none is given; audit snapshots give ISO text). For the inputs of contributed columns — the health index reads
    actions, meetings, escalations and surveys, and its behavioural evidence of a month counts in the months after."""
    known = [_day(day) for day in days if day]
    since = month_of(max(min(known), periods.EARLIEST)) if known else None
    if since is not None and since > periods.period_start(timezone.localdate(), periods.MONTHLY):
        return  # a date to come moves no stored month: none is stored past the current one
    portfolio_refresh(spans={partnership_id: (since, None)})


def _day(value) -> datetime.date:
    if isinstance(value, str):
        return datetime.date.fromisoformat(value[:10])
    return value.date() if isinstance(value, datetime.datetime) else value


def span_of_values(rows: Iterable[tuple[int, datetime.date, str]]) -> dict[int, Span]:
    """The months values written at ``(partnership id, period, frequency)`` move: from the first one's month to
    the last month whose warnings read the last one (the rules look ``HISTORY_NEEDED`` periods back)."""
    spans: dict[int, list] = {}
    for partnership_id, period, frequency in rows:
        until = _coverage_end(periods.shift(period, frequency, warning_rules.HISTORY_NEEDED - 1), frequency)
        span = spans.get(partnership_id)
        if span is None:
            spans[partnership_id] = [month_of(period), until]
        else:
            span[0], span[1] = min(span[0], month_of(period)), max(span[1], until)
    return {partnership_id: (since, until) for partnership_id, (since, until) in spans.items()}


@transaction.atomic
def _refresh_batch(partnership_ids: list[int], since: datetime.date | None, until: datetime.date | None,
                   finishes_pending: bool) -> None:
    figures, bounds = _figures(partnership_ids, since, until)
    rows, latest = [], {}
    for partnership_id in partnership_ids:
        data = figures.get(partnership_id)
        first_last = bounds.get(partnership_id)
        if data is None or first_last is None:
            continue
        latest[partnership_id] = month_of(first_last[1])
        for month in _months(data, first_last[0], since, until):
            card = data.scorecard(month)
            rows.append(PortfolioPeriod(partnership_id=partnership_id, period=month,
                                        **period_summary(card, data.warnings(month))))
    for contributor in _CONTRIBUTORS:
        contributor(rows)
    stale = Q(partnership_id__in=partnership_ids)
    if since is not None:
        stale &= Q(period__gte=since)
    if until is not None:
        stale &= Q(period__lte=until)
    PortfolioPeriod.objects.filter(stale).delete()
    PortfolioPeriod.objects.bulk_create(rows, batch_size=1000)
    _stand(partnership_ids, latest, rows, finishes_pending)


def _stand(partnership_ids: list[int], latest: dict, rows: list[PortfolioPeriod], finishes_pending: bool) -> None:
    """Point each partnership's standing at its latest stored month."""
    pk_of = {(row.partnership_id, row.period): row.pk for row in rows}
    missing = [(partnership_id, month) for partnership_id, month in latest.items()
               if (partnership_id, month) not in pk_of]
    for start in range(0, len(missing), _OR_CHUNK):
        condition = Q()
        for partnership_id, month in missing[start:start + _OR_CHUNK]:
            condition |= Q(partnership_id=partnership_id, period=month)
        pk_of.update({(p, m): pk for pk, p, m in PortfolioPeriod.objects.filter(condition).values_list(
            "pk", "partnership_id", "period")})
    now = timezone.now()
    standings = [PortfolioStanding(partnership_id=partnership_id, refreshed_at=now, refresh_pending=False,
                                   latest_id=pk_of.get((partnership_id, latest[partnership_id]))
                                   if partnership_id in latest else None)
                 for partnership_id in partnership_ids]
    update = ["latest", "refreshed_at", *(["refresh_pending"] if finishes_pending else [])]
    PortfolioStanding.objects.bulk_create(standings, batch_size=1000, update_conflicts=True,
                                          unique_fields=["partnership"], update_fields=update)


def portfolio_rebuild(partnership_ids: Iterable[int] | None = None) -> int:
    """Recompute every stored month of the given partnerships (default: all); returns how many."""
    if partnership_ids is None:
        partnership_ids = Partnership.objects.values_list("pk", flat=True)
    ids = list(partnership_ids)
    portfolio_refresh(spans=dict.fromkeys(ids), finishes_pending=True)
    return len(ids)


def portfolio_rebuild_missing() -> int:
    """Build the rows of partnerships that have measurements but were never stored (after a migration)."""
    missing = (Measurement.objects.exclude(partnership__portfolio_standing__isnull=False)
               .order_by().values_list("partnership_id", flat=True).distinct())
    return portfolio_rebuild(list(missing))


# Large imports refresh in a task ---------------------------------------------------------------------

def portfolio_refresh_pending(partnership_ids: Iterable[int]) -> None:
    """Mark the partnerships "updating": a large import calls this before its first part commits."""
    PortfolioStanding.objects.bulk_create([PortfolioStanding(partnership_id=pk, refresh_pending=True)
                                           for pk in partnership_ids], batch_size=1000, update_conflicts=True,
                                          unique_fields=["partnership"], update_fields=["refresh_pending"])


def portfolio_refresh_later(spans: dict[int, Span | None]) -> None:
    """Refresh the partnerships in a task once the caller's writes have committed (at once when the caller
    holds no transaction: a large import calls this after its last part)."""
    payload = [[pk, *(day.isoformat() if day else None for day in (span or (None, None)))]
               for pk, span in spans.items()]
    transaction.on_commit(lambda: portfolio_refresh_task.enqueue(payload))


@task()
def portfolio_refresh_task(payload: list) -> None:
    """``portfolio_refresh`` of ``[[partnership id, first month, last month], …]`` (``"YYYY-MM-DD"`` or ``None``),
    then "updating" ends."""
    portfolio_refresh(spans={pk: (as_date(since), as_date(until)) for pk, since, until in payload},
                      finishes_pending=True)
