"""API shapes shared by the metrics rooms. Numbers go out as JSON numbers; they are kept as exact decimals in the database."""

from decimal import Decimal
from typing import Annotated, Literal

from ninja import Schema
from pydantic import PlainSerializer, WithJsonSchema

KindName = Literal["cpi", "kpi", "kfi", "relationship"]
DirectionName = Literal["higher_is_better", "lower_is_better"]
FrequencyName = Literal["weekly", "monthly", "quarterly", "annual"]
AggregationName = Literal["sum", "average", "last"]
ScopeName = Literal["partnership", "market", "site"]
RollupName = Literal["sum", "average", "weighted", "worst"]
EntryByName = Literal["owner", "both"]
VisibilityName = Literal["shared", "private"]
StatusName = Literal["green", "amber", "red"]


def as_number(value):
    """A Decimal as a JSON number: an int when whole, else a float of its shortest text."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


# An exact decimal inside, a JSON number outside -- and documented as one, so that the OpenAPI
# document says what the endpoints send (pydantic would describe a Decimal as a string).
Number = Annotated[
    Decimal,
    PlainSerializer(as_number, when_used="unless-none"),
    WithJsonSchema({"type": "number"}),
]


class NumbersOut(Schema):
    """Base of output schemas whose decimal fields are declared ``Number``: sent and documented as JSON numbers."""


class BandIn(Schema):
    low: Decimal | None = None
    high: Decimal | None = None
    status: StatusName


class BandOut(NumbersOut):
    low: Number | None
    high: Number | None
    status: str
