from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import include, path
from django.utils import timezone

from .api import api
from .core.waiting import items_for
from .partnerships.access import partnership_accesses


@login_required
def home(request):
    """"Waiting on you": what the signed-in person should act on, across their partnerships."""
    today = timezone.localdate()
    items = items_for(request.user, partnership_accesses(request.user), today=today)
    return render(request, "home.html", {"items": items, "today": today})


urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("accord.accounts.urls")),
    path("partnerships/", include("accord.partnerships.urls")),
    path("partnerships/<slug:slug>/charter/", include("accord.charters.urls")),
    path("partnerships/<slug:slug>/agreement/", include("accord.agreements.urls")),
    path("partnerships/<slug:slug>/incentives/", include("accord.incentives.urls")),
    path("", include("accord.metrics.urls")),
    path("partnerships/<slug:slug>/governance/", include("accord.governance.urls")),
    path("partnerships/<slug:slug>/markets/", include("accord.markets.urls")),
    path("partnerships/<slug:slug>/audits/", include("accord.audits.urls")),
    path("partnerships/<slug:slug>/pricing/", include("accord.pricing.urls")),
    path("portfolio/pricing/", include("accord.pricing.portfolio_urls")),
    path("partnerships/<slug:slug>/health/", include("accord.health.urls")),
    path("partnerships/<slug:slug>/measurements/import/", include("accord.metrics.measurements.urls")),
    path("", include("accord.calendars.urls")),
    path("partnerships/<slug:slug>/review-pack/", include("accord.reviews.urls")),
    path("api/v1/", api.urls),
]

handler500 = "accord.core.middleware.server_error"
