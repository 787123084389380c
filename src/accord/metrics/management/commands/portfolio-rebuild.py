"""``accord portfolio-rebuild``: recompute every partnership's stored portfolio rows (after a deployment
that changed how scorecards are computed, or to repair a database by hand)."""

import time

from django.core.management.base import BaseCommand

from accord.metrics.portfolio.refresh import portfolio_rebuild


class Command(BaseCommand):
    help = "Recompute the stored portfolio (each partnership's shared scorecard per month)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = portfolio_rebuild()
        self.stdout.write(f"Stored portfolio rebuilt for {count:,} partnerships in {time.perf_counter() - started:.1f} s.")
