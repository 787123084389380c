"""Reads: measurements, their earlier values, and the entry grid."""

import datetime
from collections import defaultdict

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accord.metrics import periods
from accord.metrics.indicators.selectors import indicator_list
from accord.metrics.models import Indicator, Measurement, MeasurementBatch, MeasurementRevision, Scope
from accord.metrics.scorecards.calculations import number
from accord.partnerships.access import (
    NOT_FOUND_MESSAGE,
    PartnershipAccess,
    record_get,
    record_require_visible,
    records_visible_to,
)


def measurement_list(*, access: PartnershipAccess, indicator: str = "", period_from=None,
                     period_to=None) -> QuerySet[Measurement]:
    """Measurements of the indicators the caller sees, newest period first; ``indicator`` narrows
    them to one indicator, named by its id or its code."""
    visible = records_visible_to(Indicator.objects.all(), access)
    if indicator:
        named = Q(code__iexact=indicator)
        if indicator.isdigit() and len(indicator) <= 18:  # an id; longer digits can only be a code
            named |= Q(pk=int(indicator))
        visible = visible.filter(named)
    measurements = Measurement.objects.filter(partnership=access.partnership, indicator_id__in=visible.values("id"))
    if period_from:
        measurements = measurements.filter(period__gte=period_from)
    if period_to:
        measurements = measurements.filter(period__lte=period_to)
    return measurements.select_related("indicator", "entered_by", "batch", "market", "site").order_by(
        "-period", "indicator__code", "market__code", "site__code")


def measurement_get(*, access: PartnershipAccess, measurement_id) -> Measurement:
    """One measurement of an indicator the caller sees, or ``Http404`` (also for another party's private one)."""
    try:
        return measurement_list(access=access).select_related("batch").get(pk=measurement_id)
    except (Measurement.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404(NOT_FOUND_MESSAGE) from None


def measurement_revisions(*, access: PartnershipAccess, measurement: Measurement) -> QuerySet[MeasurementRevision]:
    """The earlier values of the measurement's indicator and period (also those of a deleted earlier
    measurement there), newest first; ``Http404`` unless the caller sees the indicator."""
    record_require_visible(access, measurement.indicator)
    return MeasurementRevision.objects.filter(
        indicator_id=measurement.indicator_id, period=measurement.period, market_id=measurement.market_id,
        site_id=measurement.site_id).select_related("indicator", "entered_by", "replaced_by", "batch", "market", "site")


def indicator_history(*, access: PartnershipAccess, indicator: Indicator) -> list[dict]:
    """Every period of the indicator with a value now or ever, newest first: the current value (if
    any) and each earlier one, with who entered it, from where, and when and by whom it was replaced.
    Three queries whatever the length of the history."""
    record_require_visible(access, indicator)
    current = {m.period: m for m in Measurement.objects.filter(indicator=indicator, market=None).select_related(
        "entered_by", "batch")}
    earlier = defaultdict(list)
    for revision in MeasurementRevision.objects.filter(indicator=indicator, market=None).select_related(
            "entered_by", "replaced_by", "batch"):
        earlier[revision.period].append(revision)
    return [{"period": period, "label": periods.label(period, indicator.frequency), "measurement": current.get(period),
             "revisions": earlier.get(period, [])}
            for period in sorted(set(current) | set(earlier), reverse=True)]


def batch_get(*, access: PartnershipAccess, batch_id) -> MeasurementBatch:
    """One write of measurements the caller's party may see (a private batch only by its party)."""
    return record_get(MeasurementBatch.objects.select_related("created_by", "owner_party__organization"), access,
                      batch_id)


def batch_values(*, access: PartnershipAccess, batch: MeasurementBatch) -> list[dict]:
    """The values ``batch`` wrote: still current, or since replaced (with by whom and when), by indicator and period."""
    visible = records_visible_to(Indicator.objects.all(), access).values("id")
    rows = [{"indicator": m.indicator, "period": m.period, "value": m.value, "comment": m.comment,
             "replaced_at": None, "replaced_by": None, "reason": ""}
            for m in Measurement.objects.filter(batch=batch, indicator_id__in=visible).select_related("indicator")]
    rows += [{"indicator": r.indicator, "period": r.period, "value": r.value, "comment": r.comment,
              "replaced_at": r.replaced_at, "replaced_by": r.replaced_by, "reason": r.get_reason_display()}
             for r in MeasurementRevision.objects.filter(batch=batch, indicator_id__in=visible).select_related(
                 "indicator", "replaced_by")]
    for row in rows:
        row["label"] = periods.label(row["period"], row["indicator"].frequency)
    return sorted(rows, key=lambda row: (row["indicator"].code, row["period"]))


GRID_PERIODS = 12
# How many periods the grid may show (its period range selector offers these).
GRID_PERIOD_CHOICES = (6, 12, 24, 36)


def grid_period_count(value) -> int:
    """The grid's number of periods from ``?periods=``; the default for anything not offered."""
    try:
        count = int(str(value or "").strip())
    except ValueError:
        return GRID_PERIODS
    return count if count in GRID_PERIOD_CHOICES else GRID_PERIODS


def measurement_grid(*, access: PartnershipAccess, today: datetime.date | None = None, count: int = GRID_PERIODS,
                     submitted: dict | None = None) -> list[dict]:
    """Rows of the entry grid: each visible, active indicator with its last ``count`` periods (its own
    frequency, ending with the current one) and their values; ``editable`` says if the caller may enter.
    Each cell's ``text`` is what ``submitted`` (cell key → text) says, else the stored value."""
    today = today or timezone.localdate()
    indicators = list(indicator_list(access=access))
    first = min((periods.recent_periods(today, i.frequency, count)[0] for i in indicators), default=today)
    values = defaultdict(dict)
    # The grid holds whole-partnership values; per-market values come from files, the API and the markets pages.
    for measurement in Measurement.objects.filter(indicator_id__in=[i.pk for i in indicators], period__gte=first,
                                                  market=None):
        values[measurement.indicator_id][measurement.period] = measurement
    rows = []
    for indicator in indicators:
        cells = []
        for start in periods.recent_periods(today, indicator.frequency, count):
            active = periods.is_active(start, indicator.frequency, indicator.active_from, indicator.active_to)
            key = f"v-{indicator.pk}-{start.isoformat()}"
            measurement = values[indicator.pk].get(start)
            if submitted is not None and key in submitted:
                text = submitted[key].strip()
            else:
                text = "" if measurement is None else number(measurement.value)
            cells.append({"period": start, "label": periods.label(start, indicator.frequency), "key": key,
                          "active": active, "measurement": measurement, "text": text, "errors": []})
        rows.append({"indicator": indicator, "cells": cells, "per_market": indicator.scope != Scope.PARTNERSHIP,
                     "editable": indicator.may_be_entered_by(access.party) and indicator.scope == Scope.PARTNERSHIP})
    return rows
