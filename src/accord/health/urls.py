from django.urls import path

from . import views

app_name = "health"

urlpatterns = [
    path("", views.health_home, name="home"),
    path("settings/", views.health_settings_edit, name="settings"),
    path("phase/", views.phase_page, name="phase"),
    path("maturity/", views.maturity_page, name="maturity"),
    path("surveys/", views.survey_list, name="surveys"),
    path("surveys/templates/", views.template_copy, name="template_copy"),
    path("surveys/<int:survey_id>/", views.survey_detail, name="survey"),
    path("surveys/<int:survey_id>/answer/", views.survey_answer, name="answer"),
    path("surveys/<int:survey_id>/close/", views.survey_close, name="close"),
    path("surveys/<int:survey_id>/remind/", views.survey_remind, name="remind"),
    path("surveys/<int:survey_id>/actions/", views.survey_action, name="action"),
    path("surveys/<int:survey_id>/export/", views.results_export, name="export"),
]
