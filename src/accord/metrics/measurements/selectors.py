"""Reads: measurements, their earlier values, and the entry grid."""

import datetime
from collections import defaultdict

from django.db.models import QuerySet
from django.utils import timezone

from accord.metrics import periods
from accord.metrics.indicators.selectors import indicator_list
from accord.metrics.models import Indicator, Measurement, MeasurementRevision
from accord.partnerships.access import PartnershipAccess, records_visible_to


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
