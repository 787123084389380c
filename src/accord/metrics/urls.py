from django.urls import path

from . import views

app_name = "metrics"

urlpatterns = [
    path("portfolio/", views.portfolio, name="portfolio"),
    path("portfolio/export.csv", views.portfolio_export, name="portfolio_export"),
    path("partnerships/<slug:slug>/scorecard/", views.scorecard, name="scorecard"),
    path("partnerships/<slug:slug>/scorecard/settings/", views.scorecard_settings, name="scorecard_settings"),
    path("partnerships/<slug:slug>/indicators/", views.indicator_list, name="indicators"),
    path("partnerships/<slug:slug>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("partnerships/<slug:slug>/indicators/library/", views.indicators_from_library, name="indicators_library"),
    path("partnerships/<slug:slug>/indicators/copy/", views.indicators_copy, name="indicators_copy"),
    path("partnerships/<slug:slug>/indicators/<int:indicator_id>/edit/", views.indicator_edit, name="indicator_edit"),
    path("partnerships/<slug:slug>/measurements/", views.measurement_grid, name="measurements"),
]
