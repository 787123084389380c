from django.urls import path

from .indicators import views as indicators
from .measurements import views as measurements
from .portfolio import views as portfolio
from .scorecards import views as scorecards

app_name = "metrics"

urlpatterns = [
    path("portfolio/", portfolio.portfolio, name="portfolio"),
    path("portfolio/export/", portfolio.portfolio_export, name="portfolio_export"),
    # The first URL of the download, kept for bookmarks and scripts (CSV unless ?format=xlsx).
    path("portfolio/export.csv", portfolio.portfolio_export, name="portfolio_export_csv"),
    path("partnerships/<slug:slug>/scorecard/", scorecards.scorecard, name="scorecard"),
    path("partnerships/<slug:slug>/scorecard/export/", scorecards.scorecard_export, name="scorecard_export"),
    path("partnerships/<slug:slug>/scorecard/<str:period>/comments/", scorecards.scorecard_comment_create,
         name="scorecard_comment_create"),
    path("partnerships/<slug:slug>/scorecard/<str:period>/comments/<int:comment_id>/delete/",
         scorecards.scorecard_comment_delete, name="scorecard_comment_delete"),
    path("partnerships/<slug:slug>/scorecard/settings/", scorecards.scorecard_settings, name="scorecard_settings"),
    path("partnerships/<slug:slug>/indicators/", indicators.indicator_list, name="indicators"),
    path("partnerships/<slug:slug>/indicators/export/", indicators.indicator_export, name="indicators_export"),
    path("partnerships/<slug:slug>/indicators/new/", indicators.indicator_create, name="indicator_create"),
    path("partnerships/<slug:slug>/indicators/library/", indicators.indicators_from_library, name="indicators_library"),
    path("partnerships/<slug:slug>/indicators/copy/", indicators.indicators_copy, name="indicators_copy"),
    path("partnerships/<slug:slug>/indicators/<int:indicator_id>/", indicators.indicator_detail, name="indicator"),
    path("partnerships/<slug:slug>/indicators/<int:indicator_id>/edit/", indicators.indicator_edit,
         name="indicator_edit"),
    path("partnerships/<slug:slug>/indicators/<int:indicator_id>/history/", measurements.indicator_history,
         name="indicator_history"),
    path("partnerships/<slug:slug>/indicators/<int:indicator_id>/history/export/",
         measurements.indicator_history_export, name="indicator_history_export"),
    path("partnerships/<slug:slug>/indicators/<int:indicator_id>/changes/<int:change_id>/accept/",
         indicators.indicator_change_accept, name="indicator_change_accept"),
    path("partnerships/<slug:slug>/indicators/<int:indicator_id>/changes/<int:change_id>/decline/",
         indicators.indicator_change_decline, name="indicator_change_decline"),
    path("partnerships/<slug:slug>/indicators/<int:indicator_id>/changes/<int:change_id>/withdraw/",
         indicators.indicator_change_withdraw, name="indicator_change_withdraw"),
    path("partnerships/<slug:slug>/measurements/", measurements.measurement_grid, name="measurements"),
    path("partnerships/<slug:slug>/measurements/export/", measurements.measurement_export,
         name="measurements_export"),
    path("partnerships/<slug:slug>/measurements/<int:measurement_id>/delete/", measurements.measurement_delete,
         name="measurement_delete"),
    path("partnerships/<slug:slug>/measurements/writes/<int:batch_id>/", measurements.batch_detail,
         name="measurement_batch"),
]
