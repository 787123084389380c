from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _store_missing_portfolio_rows(sender, using="default", **kwargs):
    """After ``migrate``: partnerships with measurements but no stored portfolio rows (a database from before
    the stored portfolio) get them, so that no deployment step can be forgotten. One query when none are missing."""
    from .portfolio.refresh import portfolio_rebuild_missing

    if using == "default":
        portfolio_rebuild_missing()


class MetricsConfig(AppConfig):
    name = "accord.metrics"
    label = "metrics"
    verbose_name = "Metrics"

    def ready(self):
        from . import waiting  # noqa: F401  (registers the "waiting on you" providers)

        post_migrate.connect(_store_missing_portfolio_rows, sender=self, dispatch_uid="metrics-portfolio-rows")
