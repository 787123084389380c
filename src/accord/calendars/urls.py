from django.urls import path

from . import views

app_name = "calendars"

urlpatterns = [
    path("calendar/<str:secret>.ics", views.feed, name="feed"),
    path("calendar/settings/", views.calendar_settings, name="settings"),
    path("calendar/settings/rotate/", views.feed_rotate, name="rotate"),
    path("partnerships/<slug:slug>/calendar/", views.partnership_calendar, name="partnership"),
    path("partnerships/<slug:slug>/calendar.ics", views.partnership_ics, name="partnership_ics"),
]
