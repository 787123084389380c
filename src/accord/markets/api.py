"""The markets API: a partnership's markets and sites, under /partnerships/{partnership_id}/."""

from ninja import Query, Router, Status
from ninja.pagination import paginate

from accord.core.pagination import Pagination
from accord.partnerships.access import partnership_access

from . import selectors, services
from .schemas import MarketIn, MarketOut, MarketPatchIn, SiteIn, SiteOut, SitePatchIn

router = Router(tags=["markets"])
MARKETS = "/partnerships/{int:partnership_id}/markets"
SITES = "/partnerships/{int:partnership_id}/sites"


@router.get(MARKETS, response=list[MarketOut])
@paginate(Pagination)
def market_list(request, partnership_id: int):
    access = partnership_access(request.user, partnership_id=partnership_id)
    return selectors.market_list(access=access)


@router.post(MARKETS, response={201: MarketOut})
def market_create(request, partnership_id: int, payload: MarketIn):
    """Add a market (managers): an ISO 3166-1 alpha-2 country and a supported ISO 4217 currency."""
    access = partnership_access(request.user, partnership_id=partnership_id, manage=True)
    return Status(201, services.market_create(access=access, **payload.dict()))


@router.get(MARKETS + "/{int:market_id}", response=MarketOut)
def market_detail(request, partnership_id: int, market_id: int):
    access = partnership_access(request.user, partnership_id=partnership_id)
    return selectors.market_get(access=access, market_id=market_id)


@router.patch(MARKETS + "/{int:market_id}", response=MarketOut)
def market_update(request, partnership_id: int, market_id: int, payload: MarketPatchIn):
    access = partnership_access(request.user, partnership_id=partnership_id, manage=True)
    market = selectors.market_get(access=access, market_id=market_id)
    return services.market_update(access=access, market=market, **payload.dict(exclude_unset=True))


@router.get(SITES, response=list[SiteOut])
@paginate(Pagination)
def site_list(request, partnership_id: int, market: str = Query("", description="a market's code")):
    access = partnership_access(request.user, partnership_id=partnership_id)
    return selectors.site_list(access=access, market=market)


@router.post(SITES, response={201: SiteOut})
def site_create(request, partnership_id: int, payload: SiteIn):
    access = partnership_access(request.user, partnership_id=partnership_id, manage=True)
    return Status(201, services.site_create(access=access, **payload.dict()))


@router.get(SITES + "/{int:site_id}", response=SiteOut)
def site_detail(request, partnership_id: int, site_id: int):
    access = partnership_access(request.user, partnership_id=partnership_id)
    return selectors.site_get(access=access, site_id=site_id)


@router.patch(SITES + "/{int:site_id}", response=SiteOut)
def site_update(request, partnership_id: int, site_id: int, payload: SitePatchIn):
    access = partnership_access(request.user, partnership_id=partnership_id, manage=True)
    site = selectors.site_get(access=access, site_id=site_id)
    return services.site_update(access=access, site=site, **payload.dict(exclude_unset=True))
