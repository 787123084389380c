"""Reads of P3: the index of every service line's markets in a month, its history, and the portfolio view."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import QuerySet

from accord.metrics.scorecards.charts import format_value
from accord.partnerships.access import (
    PartnershipAccess,
    records_shared_in_organization_partnerships,
    records_visible_to,
)
from accord.partnerships.models import Partnership

from . import calculations
from .models import DEFAULT_TOLERANCE, PricePoint, PricingSettings, ServiceLine


def service_line_list(*, access: PartnershipAccess) -> QuerySet[ServiceLine]:
    return records_visible_to(ServiceLine.objects.filter(partnership=access.partnership), access)


def price_point_list(*, access: PartnershipAccess, period=None, service: str = "") -> QuerySet[PricePoint]:
    points = records_visible_to(PricePoint.objects.filter(partnership=access.partnership), access).select_related(
        "service_line", "market").order_by("-period", "service_line__code", "market__code")
    if period is not None:
        points = points.filter(period=period)
    if service:
        points = points.filter(service_line__code__iexact=service)
    return points


def tolerance(partnership_id) -> Decimal:
    """The partnership's ± tolerance in %, always with two decimals (stored or default alike)."""
    settings = PricingSettings.objects.filter(partnership_id=partnership_id).first()
    return (settings.tolerance_percent if settings else DEFAULT_TOLERANCE).quantize(Decimal("0.01"))


def _service_parity(line: ServiceLine, points: list[PricePoint], tolerance_percent: Decimal) -> dict:
    result = calculations.parity([calculations.MarketPrice(market=p.market.code, price=p.price, factor=p.factor)
                                  for p in points], tolerance_percent)
    return {
        "service": line.code, "name": line.name, "unit": line.unit,
        "median": calculations.shown(result.median),
        "markets": [{"market": point.market.code, "market_name": point.market.name, "price": point.price,
                     "currency": point.currency, "factor": point.factor, "factor_source": point.factor_source,
                     "normalised": calculations.shown(row.normalised), "index": row.index, "flag": row.flag,
                     "price_text": format_value(point.price), "factor_text": format_value(point.factor)}
                    for point, row in zip(points, result.markets, strict=True)],
    }


def parity_for_period(*, access: PartnershipAccess, period) -> dict:
    """Every service line priced in ``period``, its median and each market's index and flag.
    The same numbers for every party: price points are shared records."""
    tolerance_percent = tolerance(access.partnership.pk)
    by_line = defaultdict(list)
    lines = {}
    for point in price_point_list(access=access, period=period).order_by("service_line__code", "market__code"):
        by_line[point.service_line_id].append(point)
        lines[point.service_line_id] = point.service_line
    return {"period": period, "tolerance_percent": tolerance_percent,
            "services": [_service_parity(lines[key], points, tolerance_percent) for key, points in by_line.items()]}


def periods_priced(*, access: PartnershipAccess) -> list:
    """The months with price points, newest first."""
    return list(price_point_list(access=access).order_by("-period").values_list("period", flat=True).distinct())


def history(*, access: PartnershipAccess, months: int = 12) -> list[dict]:
    """Per service line: each market's index in each of the last ``months`` priced months (oldest first)."""
    chosen = sorted(periods_priced(access=access)[:months])
    tolerance_percent = tolerance(access.partnership.pk)
    grouped = defaultdict(lambda: defaultdict(list))
    lines = {}
    for point in price_point_list(access=access).filter(period__in=chosen).order_by("market__code"):
        grouped[point.service_line_id][point.period].append(point)
        lines[point.service_line_id] = point.service_line
    table = []
    for line_id, by_period in sorted(grouped.items(), key=lambda entry: lines[entry[0]].code):
        markets = sorted({p.market.code for points in by_period.values() for p in points})
        cells = {market: {} for market in markets}
        for period, points in by_period.items():
            for row in _service_parity(lines[line_id], points, tolerance_percent)["markets"]:
                cells[row["market"]][period] = row
        table.append({"service": lines[line_id], "periods": chosen,
                      "rows": [{"market": market, "cells": [cells[market].get(period) for period in chosen]}
                               for market in markets]})
    return table


def portfolio(*, organization_id, period) -> list[dict]:
    """For a client organization: each service line code priced in ``period`` in several of its partnerships,
    side by side. Within each partnership, the P3 index as that partnership computes it; across them, each
    partnership's median normalised price against the median of those medians."""
    points = (records_shared_in_organization_partnerships(PricePoint.objects.all(), organization_id)
              .filter(period=period).select_related("service_line", "market")
              .order_by("service_line__code", "partnership_id", "market__code"))
    grouped = defaultdict(lambda: defaultdict(list))
    for point in points:
        grouped[point.service_line.code.upper()][point.partnership_id].append(point)
    names = dict(Partnership.objects.filter(pk__in={p for by in grouped.values() for p in by}).values_list("pk", "name"))
    slugs = dict(Partnership.objects.filter(pk__in=names).values_list("pk", "slug"))
    services = []
    for code, by_partnership in sorted(grouped.items()):
        rows = []
        for partnership_id, partnership_points in by_partnership.items():
            parity = _service_parity(partnership_points[0].service_line, partnership_points,
                                     tolerance(partnership_id))
            medians = calculations.parity([calculations.MarketPrice(market=p.market.code, price=p.price,
                                                                    factor=p.factor) for p in partnership_points],
                                          Decimal("0")).median
            rows.append({"partnership": names[partnership_id], "slug": slugs[partnership_id], "median": medians,
                         "shown_median": parity["median"], "markets": parity["markets"], "unit": parity["unit"]})
        overall = calculations.median([row["median"] for row in rows if row["median"] is not None])
        for row in rows:
            row["relative"] = (calculations.rounded(row["median"] / overall * 100, calculations.ONE_DECIMAL)
                               if overall and row["median"] is not None else None)
        services.append({"service": code, "partnerships": rows, "median": calculations.shown(overall)})
    return services
