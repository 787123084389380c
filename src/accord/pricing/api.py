"""The P3 API, under /partnerships/{partnership_id}/."""

from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from accord.core.pagination import Pagination
from accord.partnerships.access import partnership_access

from . import selectors, services
from .schemas import (
    PricePointIn,
    PricePointOut,
    PricingParityOut,
    PricingSettingsIn,
    PricingSettingsOut,
    ServiceLineIn,
    ServiceLineOut,
)

router = Router(tags=["pricing"])
BASE = "/partnerships/{int:partnership_id}"


@router.get(BASE + "/service-lines", response=list[ServiceLineOut])
@paginate(Pagination)
def service_line_list(request, partnership_id: int):
    return selectors.service_line_list(access=partnership_access(request.user, partnership_id=partnership_id))


@router.post(BASE + "/service-lines", response={201: ServiceLineOut})
def service_line_create(request, partnership_id: int, payload: ServiceLineIn):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    return Status(201, services.service_line_create(access=access, **payload.dict()))


class PricePointFilter(Schema):
    period: str = ""
    service: str = ""


def _month(text: str, field: str = "period"):
    from django.core.exceptions import ValidationError

    try:
        return services.parse_month(text)
    except ValueError as exc:
        raise ValidationError({field: str(exc)}) from None


@router.get(BASE + "/price-points", response=list[PricePointOut])
@paginate(Pagination)
def price_point_list(request, partnership_id: int, filters: Query[PricePointFilter]):
    access = partnership_access(request.user, partnership_id=partnership_id)
    return selectors.price_point_list(access=access, period=_month(filters.period) if filters.period else None,
                                      service=filters.service)


@router.post(BASE + "/price-points", response={201: PricePointOut})
def price_point_save(request, partnership_id: int, payload: PricePointIn):
    """Record the price of a service line in a market for a month (the same again corrects it)."""
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    return Status(201, services.price_point_save(access=access, **payload.dict()))


class ParityQuery(Schema):
    period: str


@router.get(BASE + "/pricing-parity", response=PricingParityOut)
def pricing_parity(request, partnership_id: int, query: Query[ParityQuery]):
    """Each service line's markets in the month: normalised price, index against the median, flag."""
    access = partnership_access(request.user, partnership_id=partnership_id)
    return selectors.parity_for_period(access=access, period=_month(query.period))


@router.put(BASE + "/pricing-parity/settings", response=PricingSettingsOut)
def pricing_settings_update(request, partnership_id: int, payload: PricingSettingsIn):
    """The tolerance (± %) around the median; managers set it (default 10)."""
    access = partnership_access(request.user, partnership_id=partnership_id, manage=True)
    return services.pricing_settings_update(access=access, tolerance_percent=payload.tolerance_percent)
