from django.apps import AppConfig


class ChartersConfig(AppConfig):
    name = "accord.charters"
    label = "charters"
    verbose_name = "Charters"

    def ready(self):
        from . import waiting  # noqa: F401  (registers the "waiting on you" providers)
