from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "accord.health"
    label = "health"
    verbose_name = "Relationship health"

    def ready(self):
        from . import portfolio, waiting  # noqa: F401  (register the portfolio's health columns, "survey to answer")
