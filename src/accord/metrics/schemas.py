"""API shapes shared by the metrics rooms. Numbers go out as JSON numbers; they are kept as exact decimals in the database."""

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
