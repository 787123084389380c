"""The metrics API: indicators, single measurements, scorecards, warnings, the portfolio."""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Query, Router, Status

from accord.partnerships.access import partnership_access, record_get

from . import periods, selectors, services
from .models import Indicator, MeasurementSource
from .schemas import (
    IndicatorIn,
    IndicatorOut,
    IndicatorPatchIn,
    MeasurementIn,
    MeasurementOut,
    MeasurementPage,
    PortfolioOut,
    ScorecardOut,
    ScorecardSettingsIn,
    ThresholdsOut,
    WarningsOut,
)

router = Router(tags=["metrics"])
BASE = "/partnerships/{int:partnership_id}"


def _indicator_out(indicator: Indicator) -> dict:
    return {
        **{name: getattr(indicator, name) for name in (
            "id", "code", "name", "description", "kind", "unit", "direction", "target", "baseline", "stretch",
            "bands", "frequency", "aggregation", "weight", "entry_by", "visibility", "data_source", "method",
            "active_from", "active_to", "revision")},
        "owner_party": indicator.owner_party_id,
    }


def _bands_in(payload: dict) -> dict:
    if payload.get("bands") is not None:
        payload["bands"] = [dict(band) for band in payload["bands"]]
    return payload


@router.get(f"{BASE}/indicators", response=list[IndicatorOut])
def indicator_list(request, partnership_id: int, kind: str = ""):
    access = partnership_access(request.user, partnership_id=partnership_id)
    return [_indicator_out(i) for i in selectors.indicator_list(access=access, kind=kind)]


@router.post(f"{BASE}/indicators", response={201: IndicatorOut})
def indicator_create(request, partnership_id: int, payload: IndicatorIn):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    indicator = services.indicator_create(access=access, **_bands_in(payload.dict()))
    return Status(201, _indicator_out(indicator))


@router.get(f"{BASE}/indicators/{{int:indicator_id}}", response=IndicatorOut)
def indicator_detail(request, partnership_id: int, indicator_id: int):
    access = partnership_access(request.user, partnership_id=partnership_id)
    return _indicator_out(record_get(Indicator.objects.all(), access, indicator_id))


@router.patch(f"{BASE}/indicators/{{int:indicator_id}}", response=IndicatorOut)
def indicator_update(request, partnership_id: int, indicator_id: int, payload: IndicatorPatchIn):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    indicator = record_get(Indicator.objects.all(), access, indicator_id)
    return _indicator_out(services.indicator_update(access=access, indicator=indicator,
                                                    **_bands_in(payload.dict(exclude_unset=True))))


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


@router.get(f"{BASE}/scorecards/{{period}}", response=ScorecardOut)
def scorecard(request, partnership_id: int, period: str):
    access = partnership_access(request.user, partnership_id=partnership_id)
    return selectors.scorecard_for_period(access, period)


@router.get(f"{BASE}/warnings", response=WarningsOut)
def warnings(request, partnership_id: int, period: str = ""):
    access = partnership_access(request.user, partnership_id=partnership_id)
    return selectors.warnings_for(access, period or None)


@router.patch(f"{BASE}/scorecard-settings", response=ThresholdsOut)
def scorecard_settings_update(request, partnership_id: int, payload: ScorecardSettingsIn):
    access = partnership_access(request.user, partnership_id=partnership_id, manage=True)
    settings = services.scorecard_settings_update(access=access, **payload.dict(exclude_unset=True))
    return {"green_at": settings.green_at, "amber_at": settings.amber_at}


@router.get("/portfolio/scorecard", response=PortfolioOut)
def portfolio(request, sort: str = "name"):
    rows = selectors.portfolio_sorted(selectors.portfolio_latest_scorecards_cached(request.user), sort)
    return {"count": len(rows), "items": rows}
