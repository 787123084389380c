from django.apps import AppConfig


class IncentivesConfig(AppConfig):
    name = "accord.incentives"
    label = "incentives"
    verbose_name = "Incentives"

    def ready(self):
        from . import waiting  # noqa: F401  (registers the "waiting on you" provider)
