"""API shapes of the portfolio."""

from decimal import Decimal

from accord.metrics.schemas import NumbersOut


class PortfolioRowOut(NumbersOut):
    partnership_id: int
    name: str
    slug: str
    period: str | None
    score: Decimal | None
    status: str
    cpi_breaches: int
    warnings: int
