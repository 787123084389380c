from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "accord.governance"
    label = "governance"
    verbose_name = "Governance"

    def ready(self):
        from . import waiting  # noqa: F401  (registers the "waiting on you" providers)
