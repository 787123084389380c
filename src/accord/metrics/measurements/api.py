"""The measurements API: list, record one value, import many at once."""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Query, Router, Status

from accord.metrics import periods
from accord.metrics.models import Indicator, MeasurementSource
from accord.partnerships.access import partnership_access, record_get

from . import selectors, services
from .imports import measurements_import
from .schemas import ImportErrorOut, ImportSummaryOut, MeasurementIn, MeasurementOut, MeasurementPage, MeasurementRowIn

router = Router(tags=["measurements"])
BASE = "/partnerships/{int:partnership_id}"


def _day(text: str, field: str) -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text) if len(text) == 10 else periods.parse_period(text, periods.MONTHLY)
    except (ValueError, periods.PeriodError):
        raise ValidationError({field: f"{text!r} is not a date: use YYYY-MM-DD or YYYY-MM."}) from None


def _measurement_out(measurement) -> dict:
    return {"id": measurement.id, "indicator": measurement.indicator_id, "code": measurement.indicator.code,
            "period": measurement.period, "value": measurement.value, "comment": measurement.comment,
            "source": measurement.source, "entered_by": measurement.entered_by.username if measurement.entered_by else None,
            "entered_at": measurement.entered_at}


@router.get(f"{BASE}/measurements", response=MeasurementPage)
def measurement_list(request, partnership_id: int, indicator: int | None = None, limit: int = 100, offset: int = 0,
                     period_from: str = Query("", alias="from"), period_to: str = Query("", alias="to")):
    access = partnership_access(request.user, partnership_id=partnership_id)
    measurements = selectors.measurement_list(access=access, indicator_id=indicator,
                                              period_from=_day(period_from, "from"), period_to=_day(period_to, "to"))
    limit, offset = max(1, min(limit, 1000)), max(0, offset)
    return {"count": measurements.count(),
            "items": [_measurement_out(m) for m in measurements[offset: offset + limit]]}


@router.post(f"{BASE}/measurements", response={201: MeasurementOut})
def measurement_create(request, partnership_id: int, payload: MeasurementIn):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    try:
        indicator = record_get(Indicator.objects.all(), access, payload.indicator)
    except Http404:  # an id that names nothing the caller sees is a bad field, not a missing URL
        raise ValidationError({"indicator": "There is no such indicator in this partnership."}) from None
    measurement = services.measurement_record(access=access, indicator=indicator, period=payload.period,
                                              value=payload.value, comment=payload.comment,
                                              source=MeasurementSource.API)
    measurement.indicator = indicator
    return Status(201, _measurement_out(measurement))


@router.post(f"{BASE}/measurements/bulk", response={200: ImportSummaryOut, 400: ImportErrorOut},
             summary="Import many measurements at once (all or nothing)")
def measurements_bulk(request, partnership_id: int, payload: list[MeasurementRowIn], dry_run: bool = False):
    """Rows are numbered from 1 (the first object). If any row is bad, nothing is written and
    the answer is 400 with every problem as ``{"row", "column", "message"}``. A value equal to the
    stored one is left alone; a different one is a correction (the earlier value is kept)."""
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    result = measurements_import(user=request.user, rows_or_file=[row.dict() for row in payload],
                                 source=MeasurementSource.API, access=access, dry_run=dry_run)
    if not result.ok:
        return Status(400, {"detail": result.summary(), "errors": {"rows": [e.as_dict() for e in result.errors]}})
    return result.as_dict()
