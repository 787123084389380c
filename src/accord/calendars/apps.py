from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "accord.calendars"
    label = "calendars"
    verbose_name = "Calendars and reminders"
