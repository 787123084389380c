"""The indicators API."""

from ninja import Router, Status

from accord.metrics.models import Indicator
from accord.partnerships.access import partnership_access, record_get

from . import selectors, services
from .schemas import IndicatorIn, IndicatorOut, IndicatorPatchIn

router = Router(tags=["indicators"])
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
