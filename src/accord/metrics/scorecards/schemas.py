"""API shapes of scorecards, early warnings and the scorecard's thresholds."""

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema
from pydantic import field_serializer

from accord.metrics.schemas import BandOut, Number, NumbersOut, as_number
from accord.partnerships.schemas import OrganizationRef


class KindScoreOut(NumbersOut):
    score: Number | None
    status: str
    explanation: str


class InputOut(NumbersOut):
    period: str
    value: Number


class MarketActualOut(NumbersOut):
    """One market's value of a per-market indicator in the month (``actual`` null: no data, left out)."""

    market: str
    actual: Number | None
    status: str


class ConsistencyOut(NumbersOut):
    """The spread across the markets with data: cv = population standard deviation ÷ mean (a ratio; null when
    the mean is 0), the range, the worst and best market by the indicator's direction, and the markets red
    while the roll-up is green."""

    cv: Number | None
    min: Number
    max: Number
    worst: str
    best: str
    flagged: list[str]


class IndicatorResultOut(NumbersOut):
    id: int
    code: str
    name: str
    kind: str
    unit: str
    direction: str
    frequency: str
    weight: Number
    actual: Number | None
    target: Number
    attainment: Number | None
    status: str
    explanation: str
    inputs: list[InputOut]
    bands: list[BandOut]
    definition_note: str
    scope: str
    rollup: str
    markets: list[MarketActualOut]
    consistency: ConsistencyOut | None


class WarningOut(NumbersOut):
    rule: str
    rule_name: str
    code: str
    name: str
    kind: str
    period: str
    message: str
    numbers: dict

    @field_serializer("numbers")
    def _plain_numbers(self, numbers):
        return {key: [as_number(v) for v in value] if isinstance(value, list) else
                as_number(value) if isinstance(value, Decimal) else value for key, value in numbers.items()}


class ThresholdsOut(NumbersOut):
    green_at: Number
    amber_at: Number


class ScorecardOut(NumbersOut):
    period: str
    period_label: str
    status: str
    score: Number | None
    explanation: str
    thresholds: ThresholdsOut
    by_kind: dict[str, KindScoreOut]
    cpi_breaches: list[str]
    indicators: list[IndicatorResultOut]
    warnings: list[WarningOut]
    market: str | None = Field(None, description="the market's code, for one market's scorecard (?market=CODE)")
    market_name: str | None = None


class PrivateScorecardOut(NumbersOut):
    """The caller's party's private indicators in one month: never part of the shared scorecard."""

    period: str
    period_label: str
    label: str
    score: Number | None
    status: str
    explanation: str
    indicators: list[IndicatorResultOut]
    warnings: list[WarningOut]


class WarningsOut(Schema):
    period: str
    items: list[WarningOut]


class ScorecardSettingsIn(Schema):
    green_at: Decimal | None = None
    amber_at: Decimal | None = None


class ScorecardCommentIn(Schema):
    text: str
    visibility: Literal["shared", "private"] = "shared"


class ScorecardCommentPatchIn(Schema):
    text: str


class ScorecardCommentOut(Schema):
    id: int
    period: str
    text: str
    visibility: str
    party: OrganizationRef
    author: str | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    revision: int
