from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "accord.health"
    label = "health"
    verbose_name = "Relationship health"

    def ready(self):
        from . import waiting  # noqa: F401  (registers the "survey to answer" provider)
