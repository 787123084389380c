from django.urls import path

from . import views

app_name = "pricing"

urlpatterns = [
    path("", views.pricing_home, name="home"),
    path("import/", views.pricing_import, name="import"),
    path("settings/", views.pricing_settings, name="settings"),
]
