from django.shortcuts import redirect
from django.urls import include, path

from .api import api


def home(request):
    return redirect("partnerships:list")


urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("accord.accounts.urls")),
    path("partnerships/", include("accord.partnerships.urls")),
    path("partnerships/<slug:slug>/charter/", include("accord.charters.urls")),
    path("partnerships/<slug:slug>/agreement/", include("accord.agreements.urls")),
    path("partnerships/<slug:slug>/incentives/", include("accord.incentives.urls")),
    path("", include("accord.metrics.urls")),
    path("partnerships/<slug:slug>/measurements/import/", include("accord.metrics.measurements.urls")),
    path("api/v1/", api.urls),
]
