"""The measurements API: list, record one value, delete one, its earlier values, import many at once."""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from accord.core.pagination import Pagination
from accord.metrics import periods
from accord.metrics.models import Indicator, MeasurementSource
from accord.partnerships.access import partnership_access, record_get

from . import selectors, services
from .schemas import (
    ImportErrorOut,
    ImportSummaryOut,
    MeasurementIn,
    MeasurementOut,
    MeasurementRevisionOut,
    MeasurementRowIn,
)

router = Router(tags=["measurements"])
BASE = "/partnerships/{int:partnership_id}"


def _day(text: str, field: str) -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text) if len(text) == 10 else periods.parse_period(text, periods.MONTHLY)
    except (ValueError, periods.PeriodError):
        raise ValidationError({field: f"{text!r} is not a date: use YYYY-MM-DD or YYYY-MM."}) from None


@router.get(f"{BASE}/measurements", response=list[MeasurementOut])
@paginate(Pagination)
def measurement_list(request, partnership_id: int, indicator: str = Query("", description="an indicator's id or code"),
                     period_from: str = Query("", alias="from"), period_to: str = Query("", alias="to")):
    access = partnership_access(request.user, partnership_id=partnership_id)
    return selectors.measurement_list(access=access, indicator=indicator, period_from=_day(period_from, "from"),
                                      period_to=_day(period_to, "to"))


@router.post(f"{BASE}/measurements", response={201: MeasurementOut})
def measurement_create(request, partnership_id: int, payload: MeasurementIn):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    try:
        indicator = record_get(Indicator.objects.all(), access, payload.indicator)
    except Http404:  # an id that names nothing the caller sees is a bad field, not a missing URL
        raise ValidationError({"indicator": "There is no such indicator in this partnership."}) from None
    measurement = services.measurement_record(access=access, indicator=indicator, period=payload.period,
                                              value=payload.value, comment=payload.comment,
                                              source=MeasurementSource.API, market=payload.market, site=payload.site)
    return Status(201, measurement)


@router.delete(f"{BASE}/measurements/{{int:measurement_id}}", response={204: None})
def measurement_delete(request, partnership_id: int, measurement_id: int):
    """Delete a value; it stays in the history (``…/revisions``) with who deleted it and when."""
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    services.measurement_delete(access=access, measurement=selectors.measurement_get(access=access,
                                                                                    measurement_id=measurement_id))
    return Status(204, None)


@router.get(f"{BASE}/measurements/{{int:measurement_id}}/revisions", response=list[MeasurementRevisionOut])
@paginate(Pagination)
def measurement_revisions(request, partnership_id: int, measurement_id: int):
    """The earlier values of this measurement's indicator and period, newest first: each with who
    entered it and from where, and when and by whom it was replaced (corrected or deleted)."""
    access = partnership_access(request.user, partnership_id=partnership_id)
    measurement = selectors.measurement_get(access=access, measurement_id=measurement_id)
    return selectors.measurement_revisions(access=access, measurement=measurement)


@router.post(f"{BASE}/measurements/bulk", response={200: ImportSummaryOut, 400: ImportErrorOut},
             summary="Import many measurements at once (all or nothing)")
def measurements_bulk(request, partnership_id: int, payload: list[MeasurementRowIn], dry_run: bool = False):
    """Rows are numbered from 1 (the first object). If any row is bad, nothing is written and
    the answer is 400 with the problems as ``{"row", "column", "message"}`` (the first 1,000;
    ``detail`` gives the total). A value equal to the stored one is left alone; a different one
    is a correction (the earlier value is kept)."""
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    result = services.measurements_import(user=request.user, rows_or_file=[row.dict() for row in payload],
                                          source=MeasurementSource.API, access=access, dry_run=dry_run)
    if not result.ok:
        return Status(400, {"detail": result.summary(), "errors": {"rows": [e.as_dict() for e in result.errors]}})
    return result.as_dict()
