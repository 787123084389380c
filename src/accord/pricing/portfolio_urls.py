from django.urls import path

from . import views

app_name = "pricing_portfolio"

urlpatterns = [path("", views.pricing_portfolio, name="portfolio")]
