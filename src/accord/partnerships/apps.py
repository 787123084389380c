from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "accord.partnerships"
    label = "partnerships"
    verbose_name = "Partnerships"

    def ready(self):
        from . import waiting  # noqa: F401  (registers the "waiting on you" providers)
