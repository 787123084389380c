"""The health columns of the stored portfolio: filled on each refreshed month from the month's stored scorecard,
so that the portfolio never computes a health index on the request path (``metrics.portfolio.refresh``)."""

from collections import defaultdict

from accord.metrics.portfolio.refresh import register_period_contributor
from accord.partnerships.models import Partnership

from .calculations import NO_DATA, OK
from .index import health_for_scored_months


@register_period_contributor
def fill_health(rows) -> None:
    """Set ``health_index``/``health_status`` on the refreshed ``PortfolioPeriod`` rows of a batch."""
    by_partnership = defaultdict(list)
    for row in rows:
        by_partnership[row.partnership_id].append(row)
    partnerships = Partnership.objects.in_bulk(list(by_partnership))
    for partnership_id, its_rows in by_partnership.items():
        partnership = partnerships.get(partnership_id)
        if partnership is None or not partnership.accepted_parties().exists():
            continue
        scored = [(row.period, row.score, row.status) for row in its_rows]
        for row, health in zip(its_rows, health_for_scored_months(partnership, scored), strict=True):
            row.health_index = health["index"]
            row.health_status = OK if health["index"] is not None else NO_DATA
