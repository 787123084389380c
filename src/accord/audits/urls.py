from django.urls import path

from . import views

app_name = "audits"

urlpatterns = [
    path("", views.audit_home, name="home"),
    path("templates/", views.template_list, name="templates"),
    path("trend/", views.audit_trend, name="trend"),
    path("<int:audit_id>/", views.audit_detail, name="audit"),
    path("<int:audit_id>/report.pdf", views.audit_pdf, name="pdf"),
]
