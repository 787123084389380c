from django.urls import path

from . import views_imports

app_name = "measurement_imports"

urlpatterns = [
    path("", views_imports.measurement_import, name="upload"),
]
