from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("", views.review_pack_page, name="pack"),
    path("pack.pdf", views.review_pack_download, {"file_format": "pdf"}, name="pdf"),
    path("pack.pptx", views.review_pack_download, {"file_format": "pptx"}, name="pptx"),
]
