"""The one way a table leaves Accord as a file: CSV (UTF-8 with a BOM) or XLSX.

Every page or endpoint that offers a table for download describes it as a ``Table`` (a
title, columns and rows of plain values) and answers ``table_response(table, format)``. The
BOM makes Excel read the CSV as UTF-8 (otherwise "×" or "é" arrive garbled); the XLSX keeps
numbers as numbers and dates as dates so finance can sum them.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMATS = ("csv", "xlsx")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UTF8_BOM = "\ufeff"
# Characters Excel would read as the start of a formula: a cell must never run as one (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 (and so XLSX) cannot hold; openpyxl refuses them.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Column:
    """A column: its header and, for XLSX, an optional number format (e.g. ``"0.00"``)."""

    header: str
    number_format: str | None = None


@dataclass
class Table:
    """What a download holds: a title (the sheet's name and the file's stem), columns and rows."""

    title: str
    columns: Sequence[Column | str]
    rows: Iterable[Sequence] = field(default_factory=list)

    @property
    def headers(self) -> list[str]:
        return [c.header if isinstance(c, Column) else str(c) for c in self.columns]

    @property
    def filename_stem(self) -> str:
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", self.title.strip()).strip("-").lower()
        return stem or "export"


def parse_format(value: str | None, *, default: str = "csv") -> str:
    """The requested export format, or ``ValidationError`` naming the field."""
    chosen = (value or default).strip().lower()
    if chosen not in FORMATS:
        raise ValidationError({"format": f"Choose one of: {', '.join(FORMATS)}."})
    return chosen


def _safe_text(value: str) -> str:
    value = _ILLEGAL_XML.sub("", value)
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    return _safe_text(str(value))


def _xlsx_value(value):
    if value is None or isinstance(value, bool | int | float | Decimal | datetime.date):
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            # Excel has no time zones: write the moment in UTC, as the header of such a column says.
            return value.astimezone(datetime.UTC).replace(tzinfo=None)
        return value
    return _safe_text(str(value))


def table_csv(table: Table) -> str:
    """The table as CSV text, starting with a BOM."""
    buffer = io.StringIO()
    buffer.write(UTF8_BOM)
    writer = csv.writer(buffer)
    writer.writerow([_safe_text(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue()


def _sheet_name(title: str, taken: set[str]) -> str:
    # Sheet names: at most 31 characters, none of []:*?/\, unique within the workbook.
    base = re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Export"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name, number = base[:31 - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


def _write_sheet(workbook: Workbook, table: Table, taken: set[str]) -> None:
    sheet = workbook.create_sheet(_sheet_name(table.title, taken))
    bold = Font(bold=True)
    header_cells = []
    for header in table.headers:
        cell = WriteOnlyCell(sheet, value=_safe_text(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    formats = [c.number_format if isinstance(c, Column) else None for c in table.columns]
    for row in table.rows:
        cells = []
        for value, number_format in zip(row, formats, strict=False):
            cell = WriteOnlyCell(sheet, value=_xlsx_value(value))
            if number_format and cell.data_type == "n":
                cell.number_format = number_format
            cells.append(cell)
        sheet.append(cells)


def tables_xlsx(tables: Sequence[Table]) -> bytes:
    """Several tables as one XLSX workbook, a sheet each in order, headers in bold."""
    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    for table in tables:
        _write_sheet(workbook, table, taken)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_xlsx(table: Table) -> bytes:
    """The table as an XLSX workbook with one sheet, headers in bold."""
    return tables_xlsx([table])


def workbook_response(tables: Sequence[Table], filename_stem: str) -> HttpResponse:
    """A download of several tables as one XLSX workbook (e.g. a scorecard: indicators, commentary)."""
    response = HttpResponse(tables_xlsx(tables), content_type=XLSX_TYPE)
    stem = Table(filename_stem, []).filename_stem
    response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    return response


def table_response(table: Table, export_format: str) -> HttpResponse:
    """A download of ``table`` as ``csv`` or ``xlsx`` (see ``parse_format``)."""
    if export_format == "xlsx":
        response = HttpResponse(table_xlsx(table), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(table_csv(table).encode("utf-8"), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{table.filename_stem}.{export_format}"'
    return response


def requested_table_response(request, table: Table) -> HttpResponse:
    """The download a page's ``export/`` URL answers: ``table`` in the ``?format=`` asked for (``csv`` by
    default, or ``xlsx``); a 400 naming the field for any other format."""
    try:
        export_format = parse_format(request.GET.get("format"))
    except ValidationError as exc:
        return HttpResponseBadRequest(f"format: {exc.message_dict['format'][0]}", content_type="text/plain")
    return table_response(table, export_format)
