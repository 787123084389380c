from django.urls import path

from accord.partnerships import notes_views

from . import escalation_views, views
from .attendance import PREPARATION_NOTES

app_name = "governance"

urlpatterns = [
    path("", views.governance_home, name="home"),
    path("actions/", views.action_list, name="actions"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:meeting_id>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:meeting_id>/add/<slug:what>/", views.meeting_add, name="meeting_add"),
    path("preparation/<int:note_id>/edit/", views.preparation_note_edit, name="preparation_note_edit"),
    path("preparation/<int:note_id>/delete/", notes_views.note_delete, {"kind": PREPARATION_NOTES},
         name="preparation_note_delete"),
    path("escalations/", escalation_views.escalation_list, name="escalations"),
    path("escalations/new/", escalation_views.escalation_raise, name="escalation_raise"),
    path("escalations/targets/", escalation_views.escalation_targets, name="escalation_targets"),
    path("escalations/<int:escalation_id>/", escalation_views.escalation_detail, name="escalation"),
    path("escalations/<int:escalation_id>/<slug:step>/", escalation_views.escalation_step, name="escalation_step"),
]
