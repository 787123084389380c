from django.urls import path

from accord.partnerships import notes_views

from . import exports, views
from .notes import TERM_NOTES

app_name = "agreements"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("versions/", views.version_list, name="versions"),
    path("versions/new/", views.version_create, name="version_create"),
    path("versions/<int:number>/", views.version_detail, name="version"),
    path("versions/<int:number>/terms/", views.terms_edit, name="terms"),
    path("versions/<int:number>/responsibilities/", views.responsibilities_edit, name="responsibilities"),
    path("versions/<int:number>/communications/", views.communications_edit, name="communications"),
    path("versions/<int:number>/propose/", views.version_propose, name="propose"),
    path("versions/<int:number>/sign/", views.version_sign, name="sign"),
    path("versions/<int:number>/<slug:section_path>/", views.section_items, name="section"),
    path("versions/<int:number>/<slug:section_path>/<int:item_id>/", views.section_item_edit, name="section_item"),
    path("versions/<int:number>/<slug:section_path>/<int:item_id>/delete/", views.section_item_delete,
         name="section_item_delete"),
    path("notes/", views.note_list, name="notes"),
    path("notes/<int:note_id>/edit/", notes_views.note_edit, {"kind": TERM_NOTES}, name="note_edit"),
    path("notes/<int:note_id>/delete/", notes_views.note_delete, {"kind": TERM_NOTES}, name="note_delete"),
    path("document/", views.document, name="document"),
    path("export/", exports.agreement_export, name="export"),
    path("document.pdf", views.document_pdf, name="document_pdf"),
]
