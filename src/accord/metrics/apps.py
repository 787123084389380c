from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "accord.metrics"
    label = "metrics"
    verbose_name = "Metrics"

    def ready(self):
        from . import waiting  # noqa: F401  (registers the "waiting on you" providers)
