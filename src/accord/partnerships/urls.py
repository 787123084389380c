from django.urls import path

from . import exports, notes_views, views
from .notes import PARTY_NOTES

app_name = "partnerships"

urlpatterns = [
    path("", views.partnership_list, name="list"),
    path("new/", views.partnership_create, name="create"),
    path("join/<str:token>/", views.party_join, name="join"),
    path("invitations/<int:party_id>/respond/", views.invitation_respond, name="invitation_respond"),
    path("<slug:slug>/", views.partnership_detail, name="detail"),
    path("<slug:slug>/edit/", views.partnership_edit, name="edit"),
    path("<slug:slug>/parties/invite/", views.party_invite, name="party_invite"),
    path("<slug:slug>/people/", views.party_members, name="party_members"),
    path("<slug:slug>/people/<int:member_id>/remove/", views.party_member_remove, name="party_member_remove"),
    path("<slug:slug>/notes/", views.note_list, name="notes"),
    path("<slug:slug>/notes/export/", exports.note_export, name="notes_export"),
    path("<slug:slug>/notes/new/", views.note_create, name="note_create"),
    path("<slug:slug>/notes/<int:note_id>/edit/", notes_views.note_edit, {"kind": PARTY_NOTES}, name="note_edit"),
    path("<slug:slug>/notes/<int:note_id>/delete/", notes_views.note_delete, {"kind": PARTY_NOTES},
         name="note_delete"),
    path("<slug:slug>/activity/", views.activity, name="activity"),
    path("<slug:slug>/activity/export/", exports.activity_export, name="activity_export"),
]
