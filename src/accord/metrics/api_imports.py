"""Bulk measurement import over the API: the same checks and writes as the file import."""

from decimal import Decimal

from ninja import Field, Router, Schema, Status

from accord.partnerships.access import partnership_access

from .imports import measurements_import
from .models import MeasurementSource

router = Router(tags=["measurements"])


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


@router.post("/partnerships/{int:partnership_id}/measurements/bulk",
             response={200: ImportSummaryOut, 400: ImportErrorOut},
             summary="Import many measurements at once (all or nothing)")
def measurements_bulk(request, partnership_id: int, payload: list[MeasurementRowIn], dry_run: bool = False):
    """Rows are numbered from 1 (the first object). If any row is bad, nothing is written and
    the answer is 400 with every problem as ``{"row", "column", "message"}``. A value equal to the
    stored one is left alone; a different one is a correction (the earlier value is kept)."""
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    result = measurements_import(user=request.user, rows_or_file=[row.dict() for row in payload],
                                 source=MeasurementSource.API, access=access, dry_run=dry_run)
    if not result.ok:
        return Status(400, {"detail": result.summary(), "errors": {"rows": [e.as_dict() for e in result.errors]}})
    return result.as_dict()
