"""API shapes of the portfolio."""

from accord.metrics.schemas import Number, NumbersOut


class PortfolioRowOut(NumbersOut):
    partnership_id: int
    name: str
    slug: str
    period: str | None
    score: Number | None
    status: str
    cpi_breaches: int
    warnings: int
