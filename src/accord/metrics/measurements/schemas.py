"""API shapes of measurements, one at a time and in bulk."""

import datetime
from decimal import Decimal

from ninja import Field, Schema

from accord.metrics.schemas import NumbersOut


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


class MeasurementRowIn(Schema):
    # Everything optional and loosely typed here: the import reports each bad cell by row,
    # which is more useful to an integrator than the first schema error.
    indicator: str = ""
    period: str = ""
    value: Decimal | str | None = None
    comment: str = ""
    partnership: str = Field("", description="optional; if given, the slug of this partnership")


class ImportSummaryOut(Schema):
    rows: int
    created: int
    corrected: int
    unchanged: int
    partnerships: int
    dry_run: bool
    summary: str


class RowErrorOut(Schema):
    row: int
    column: str
    message: str


class RowErrorsOut(Schema):
    rows: list[RowErrorOut]


class ImportErrorOut(Schema):
    detail: str
    errors: RowErrorsOut
