"""The upload page, under ``partnerships/<slug>/measurements/import/`` (its own namespace, as before)."""

from django.urls import path

from . import views

app_name = "measurement_imports"

urlpatterns = [
    path("", views.measurement_import, name="upload"),
]
