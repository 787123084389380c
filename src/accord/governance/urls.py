from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("", views.governance_home, name="home"),
    path("actions/", views.action_list, name="actions"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:meeting_id>/cancel/", views.meeting_cancel, name="meeting_cancel"),
]
