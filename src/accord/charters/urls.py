from django.urls import path

from . import views

app_name = "charters"

# Mounted under partnerships/<slug:slug>/charter/ (see accord/urls.py).
urlpatterns = [
    path("", views.charter_home, name="home"),
    path("versions/", views.version_list, name="versions"),
    path("versions/new/", views.version_new, name="version_new"),
    path("versions/<int:number>/", views.version_detail, name="version"),
    path("versions/<int:number>/edit/", views.version_edit, name="version_edit"),
    path("versions/<int:number>/propose/", views.version_propose, name="version_propose"),
    path("versions/<int:number>/withdraw/", views.version_withdraw, name="version_withdraw"),
    path("versions/<int:number>/sign/", views.version_sign, name="version_sign"),
    path("versions/<int:number>/card-preview/", views.card_preview, name="card_preview"),
    path("compare/", views.compare, name="compare"),
    path("review-cadence/", views.review_cadence, name="review_cadence"),
    path("pocket-card.pdf", views.pocket_card_pdf, name="pocket_card_pdf"),
    path("pocket-card.png", views.pocket_card_image, name="pocket_card_png"),
]
