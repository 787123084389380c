from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "accord.calendars"
    label = "calendars"
    verbose_name = "Calendars and reminders"

    def ready(self):
        from accord.accounts.signals import password_changed

        from .services import feed_replace_after_password_change

        password_changed.connect(feed_replace_after_password_change, dispatch_uid="calendars-feed-password")
