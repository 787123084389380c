"""API shapes of measurements, one at a time and in bulk."""

import datetime
from decimal import Decimal

from ninja import Field, Schema

from accord.metrics.schemas import Number, NumbersOut


class MeasurementOut(NumbersOut):
    id: int
    indicator: int
    code: str
    period: datetime.date
    value: Number
    comment: str
    source: str
    market: str | None = Field(None, description="the market's code, for a per-market (or per-site) value")
    site: str | None = Field(None, description="the site's code, for a per-site value")
    file_name: str = Field("", description="the file it came from, for a value imported from a file")
    entered_by: str | None
    entered_at: datetime.datetime

    @staticmethod
    def resolve_indicator(measurement) -> int:
        return measurement.indicator_id

    @staticmethod
    def resolve_code(measurement) -> str:
        return measurement.indicator.code

    @staticmethod
    def resolve_market(measurement) -> str | None:
        return measurement.market.code if measurement.market_id else None

    @staticmethod
    def resolve_site(measurement) -> str | None:
        return measurement.site.code if measurement.site_id else None

    @staticmethod
    def resolve_file_name(measurement) -> str:
        return measurement.batch.file_name if measurement.batch_id else ""

    @staticmethod
    def resolve_entered_by(measurement) -> str | None:
        return measurement.entered_by.username if measurement.entered_by_id else None


class MeasurementRevisionOut(MeasurementOut):
    """An earlier value: who entered it and from where, then when and by whom it was replaced."""

    id: int
    reason: str = Field(description="corrected or deleted")
    replaced_by: str | None
    replaced_at: datetime.datetime

    @staticmethod
    def resolve_replaced_by(revision) -> str | None:
        return revision.replaced_by.username if revision.replaced_by_id else None


class MeasurementIn(Schema):
    indicator: int
    period: str
    value: Decimal
    comment: str = ""
    market: str = Field("", description="the market's code, for a per-market indicator")
    site: str = Field("", description="the site's code, for a per-site indicator")


class MeasurementRowIn(Schema):
    # Everything optional and loosely typed here: the import reports each bad cell by row,
    # which is more useful to an integrator than the first schema error.
    indicator: str = ""
    period: str = ""
    value: Decimal | str | None = None
    comment: str = ""
    market: str = Field("", description="the market's code, for a per-market indicator (empty otherwise)")
    site: str = Field("", description="the site's code, for a per-site indicator (empty otherwise)")
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
