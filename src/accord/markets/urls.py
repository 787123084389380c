from django.urls import path

from . import views

app_name = "markets"

urlpatterns = [
    path("", views.market_list, name="list"),
    path("import/", views.places_import, name="import"),
    path("heat-map/", views.heat_map, name="heat_map"),
    path("<int:market_id>/", views.market_detail, name="market"),
    path("<int:market_id>/edit/", views.market_edit, name="market_edit"),
    path("sites/<int:site_id>/edit/", views.site_edit, name="site_edit"),
]
