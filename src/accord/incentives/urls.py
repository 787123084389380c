from django.urls import path

from . import views

app_name = "incentives"

urlpatterns = [
    path("", views.home, name="home"),
    path("statements/<str:period>/", views.statement, name="statement"),
    path("statements/<str:period>/statement.pdf", views.statement_pdf, name="pdf"),
    path("statements/<str:period>/export/", views.statement_export, name="export"),
    path("statements/<str:period>/approve/", views.statement_approve, name="approve"),
    path("statements/<str:period>/notes/", views.statement_note_create, name="note_create"),
    path("statements/<str:period>/simulate/", views.statement_simulate, name="simulate"),
]
