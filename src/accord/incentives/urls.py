from django.urls import path

from . import model_views, views

app_name = "incentives"

urlpatterns = [
    path("", views.home, name="home"),
    path("model/new/", model_views.model_create, name="model_create"),
    path("model/<int:number>/", model_views.model_version, name="model_version"),
    path("model/<int:number>/edit/", model_views.model_edit, name="model_edit"),
    path("model/<int:number>/propose/", model_views.model_propose, name="model_propose"),
    path("model/<int:number>/sign/", model_views.model_sign, name="model_sign"),
    path("statements/<str:period>/", views.statement, name="statement"),
    path("statements/<str:period>/statement.pdf", views.statement_pdf, name="pdf"),
    path("statements/<str:period>/export/", views.statement_export, name="export"),
    path("statements/<str:period>/approve/", views.statement_approve, name="approve"),
    path("statements/<str:period>/notes/", views.statement_note_create, name="note_create"),
    path("statements/<str:period>/simulate/", views.statement_simulate, name="simulate"),
    path("statements/<str:period>/innovations/", views.statement_innovation_add, name="innovation_add"),
    path("years/<str:year>/statements.xlsx", views.statements_year_export, name="year_export"),
]
