"""Reads of markets and sites, scoped to the partnership the caller may see."""

from django.db.models import Count, QuerySet
from django.http import Http404

from accord.partnerships.access import NOT_FOUND_MESSAGE, PartnershipAccess, record_get, records_visible_to

from .models import Market, Site


def market_list(*, access: PartnershipAccess) -> QuerySet[Market]:
    """The partnership's markets in code order, each with its number of sites (``site_count``)."""
    return records_visible_to(Market.objects.all(), access).annotate(site_count=Count("sites")).order_by("code")


def market_get(*, access: PartnershipAccess, market_id) -> Market:
    return record_get(Market.objects.all(), access, market_id)


def market_by_code(*, access: PartnershipAccess, code: str) -> Market:
    """The market with ``code`` in the partnership, or ``Http404``."""
    market = records_visible_to(Market.objects.all(), access).filter(code=(code or "").strip()).first()
    if market is None:
        raise Http404(NOT_FOUND_MESSAGE)
    return market


def site_list(*, access: PartnershipAccess, market: str = "") -> QuerySet[Site]:
    """The partnership's sites in code order; ``market`` (a code) narrows them to one market's."""
    sites = records_visible_to(Site.objects.all(), access).select_related("market")
    if market:
        sites = sites.filter(market__code=market.strip())
    return sites.order_by("code")


def site_get(*, access: PartnershipAccess, site_id) -> Site:
    return record_get(Site.objects.select_related("market"), access, site_id)
