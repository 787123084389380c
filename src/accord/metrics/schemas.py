"""API shapes. Numbers go out as JSON numbers; they are kept as exact decimals in the database."""

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Schema
from pydantic import field_serializer

KindName = Literal["cpi", "kpi", "kfi", "relationship"]
DirectionName = Literal["higher_is_better", "lower_is_better"]
FrequencyName = Literal["weekly", "monthly", "quarterly", "annual"]
AggregationName = Literal["sum", "average", "last"]
EntryByName = Literal["owner", "both"]
VisibilityName = Literal["shared", "private"]
StatusName = Literal["green", "amber", "red"]
SourceName = Literal["manual", "file", "api"]


def as_number(value):
    """A Decimal as a JSON number: an int when whole, else a float of its shortest text."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


class NumbersOut(Schema):
    """Base of output schemas: every Decimal field becomes a JSON number."""

    @field_serializer("*", when_used="unless-none", check_fields=False)
    def _numbers(self, value):
        return as_number(value) if isinstance(value, Decimal) else value


class BandIn(Schema):
    low: Decimal | None = None
    high: Decimal | None = None
    status: StatusName


class BandOut(NumbersOut):
    low: Decimal | None
    high: Decimal | None
    status: str


class IndicatorOut(NumbersOut):
    id: int
    code: str
    name: str
    description: str
    kind: str
    unit: str
    direction: str
    target: Decimal
    baseline: Decimal | None
    stretch: Decimal | None
    bands: list[BandOut]
    frequency: str
    aggregation: str
    weight: Decimal
    owner_party: int
    entry_by: str
    visibility: str
    data_source: str
    method: str
    active_from: datetime.date | None
    active_to: datetime.date | None
    revision: int


class IndicatorIn(Schema):
    code: str
    name: str
    target: Decimal
    description: str = ""
    kind: KindName = "kpi"
    unit: str = ""
    direction: DirectionName = "higher_is_better"
    baseline: Decimal | None = None
    stretch: Decimal | None = None
    bands: list[BandIn] = []
    frequency: FrequencyName = "monthly"
    aggregation: AggregationName = "average"
    weight: Decimal = Decimal("1")
    owner_party: int | None = None
    entry_by: EntryByName = "owner"
    visibility: VisibilityName = "shared"
    data_source: str = ""
    method: str = ""
    active_from: datetime.date | None = None
    active_to: datetime.date | None = None


class IndicatorPatchIn(Schema):
    code: str | None = None
    name: str | None = None
    target: Decimal | None = None
    description: str | None = None
    kind: KindName | None = None
    unit: str | None = None
    direction: DirectionName | None = None
    baseline: Decimal | None = None
    stretch: Decimal | None = None
    bands: list[BandIn] | None = None
    frequency: FrequencyName | None = None
    aggregation: AggregationName | None = None
    weight: Decimal | None = None
    owner_party: int | None = None
    entry_by: EntryByName | None = None
    visibility: VisibilityName | None = None
    data_source: str | None = None
    method: str | None = None
    active_from: datetime.date | None = None
    active_to: datetime.date | None = None
    revision: int | None = None


class MeasurementOut(NumbersOut):
    id: int
    indicator: int
    code: str
    period: datetime.date
    value: Decimal
    comment: str
    source: str
    entered_by: str | None
    entered_at: datetime.datetime


class MeasurementIn(Schema):
    indicator: int
    period: str
    value: Decimal
    comment: str = ""


class MeasurementPage(Schema):
    count: int
    items: list[MeasurementOut]


class KindScoreOut(NumbersOut):
    score: Decimal | None
    status: str
    explanation: str


class InputOut(NumbersOut):
    period: str
    value: Decimal


class IndicatorResultOut(NumbersOut):
    id: int
    code: str
    name: str
    kind: str
    unit: str
    direction: str
    frequency: str
    weight: Decimal
    actual: Decimal | None
    target: Decimal
    attainment: Decimal | None
    status: str
    explanation: str
    inputs: list[InputOut]
    bands: list[BandOut]


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
    green_at: Decimal
    amber_at: Decimal


class ScorecardOut(NumbersOut):
    period: str
    period_label: str
    status: str
    score: Decimal | None
    explanation: str
    thresholds: ThresholdsOut
    by_kind: dict[str, KindScoreOut]
    cpi_breaches: list[str]
    indicators: list[IndicatorResultOut]
    warnings: list[WarningOut]


class WarningsOut(Schema):
    period: str
    items: list[WarningOut]


class PortfolioRowOut(NumbersOut):
    partnership_id: int
    name: str
    slug: str
    period: str | None
    score: Decimal | None
    status: str
    cpi_breaches: int
    warnings: int


class PortfolioOut(Schema):
    count: int
    items: list[PortfolioRowOut]


class ScorecardSettingsIn(Schema):
    green_at: Decimal | None = None
    amber_at: Decimal | None = None
