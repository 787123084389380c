"""API shapes of the portfolio (read from the stored rows)."""

import datetime

from ninja import Field, Schema

from accord.metrics.schemas import Number, NumbersOut


class PortfolioMonthOut(NumbersOut):
    period: str
    period_label: str
    score: Number | None
    status: str
    health_index: Number | None


class PortfolioStatementOut(NumbersOut):
    period: datetime.date
    status: str
    currency: str
    net_payable: Number
    at_risk: Number = Field(description="the money at risk in that period: its base fee × the model's at-risk percent")


class PortfolioRowOut(NumbersOut):
    partnership_id: int
    name: str
    slug: str
    engagement_type: str
    phase: str
    partnership_status: str
    role: str = Field(description="your party's role in the partnership")
    updating: bool = Field(description="a refresh after a large import is still running: the figures may be older")
    period: str | None = Field(description="the latest month with data (YYYY-MM-01)")
    period_label: str
    score: Number | None
    status: str
    cpi_breaches: int
    warnings: int
    red: int
    amber: int
    green: int
    health_index: Number | None
    health_status: str
    health_change: Number | None = Field(description="the health index's change since the previous month with one")
    next_meeting: datetime.datetime | None
    open_escalations: int = Field(description="escalations not resolved yet, at any level")
    term_end: datetime.date | None
    notice_deadline: datetime.date | None
    renewal_decision_date: datetime.date | None
    statement: PortfolioStatementOut | None = Field(description="the latest approved incentive statement")
    history: list[PortfolioMonthOut] = Field(description="the portfolio's last 12 months (the heat map)")


class PortfolioQuery(Schema):
    # Text, checked by the selector: a bad value is a 400 naming the parameter, as on the page.
    engagement_type: str = Field("", description="fee_for_service, partnership or strategic_partnership")
    phase: str = Field("", description="alignment, execution or shared_vision")
    status: str = Field("", description="the latest scorecard status: critical_breach, red, amber, green or no_data")
    role: str = Field("", description="your party's role: client, provider or partner")
    sort: str = Field("name", description="name, score, status, warnings, cpi_breaches or health; a leading - "
                                          "reverses. Partnerships without data come last either way.")
