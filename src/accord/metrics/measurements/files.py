"""Reading measurement files: CSV (UTF-8, comma or semicolon) and XLSX, streamed row by row.

Limits keep one upload from eating the machine (``docs/metrics.md`` lists them): the file's
size; for XLSX (a zip archive) the size of its contents once unpacked and how much smaller
the file is than that (a "zip bomb" is tiny and unpacks to gigabytes). The row limits are
checked while reading, in ``rows``.
"""

import csv
import datetime
import io
import os
import zipfile
from contextlib import contextmanager
from pathlib import Path

from django.core.exceptions import ValidationError

_XLSX_MAGIC = b"PK\x03\x04"
MEGABYTE = 1024 * 1024
MAX_FILE_BYTES = 100 * MEGABYTE
MAX_XLSX_UNPACKED_BYTES = 400 * MEGABYTE
MAX_XLSX_RATIO = 100  # unpacked size ÷ packed size; ordinary workbooks are 5 to 20


def cell_text(value) -> str:
    """A spreadsheet cell as the text a person typed."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _csv_rows(binary, size: int | None):
    head = binary.read(4096)
    binary.seek(0)
    first_line = head.split(b"\n", 1)[0]
    # Spreadsheets in many European locales save CSV with semicolons.
    delimiter = ";" if first_line.count(b";") > first_line.count(b",") else ","
    text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
    reader = csv.reader(text, delimiter=delimiter)
    fraction = (lambda: min(binary.tell() / size, 1.0)) if size else (lambda: 0.0)
    return reader, fraction


def _xlsx_rows(binary):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(binary, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise ValidationError({"file": "The file looks like XLSX but cannot be opened."}) from None
    sheet = workbook.worksheets[0]
    total = sheet.max_row or 0
    done = 0

    def rows():
        nonlocal done
        try:
            for values in sheet.iter_rows(values_only=True):
                done += 1
                yield [cell_text(value) for value in values]
        finally:
            workbook.close()

    def fraction() -> float:
        return min(done / total, 1.0) if total else 0.0

    return rows(), fraction


@contextmanager
def reading(rows_or_file):
    """``(rows, is_mapping, fraction_read)`` for a path, a binary file object, or a list of mappings;
    the file is closed afterwards, and a CSV that cannot be decoded or parsed becomes a
    ``ValidationError`` naming the row (the rows are the reader itself: no layer per row)."""
    if isinstance(rows_or_file, str | os.PathLike):
        binary = open(Path(rows_or_file), "rb")
    elif hasattr(rows_or_file, "read"):
        binary = rows_or_file
        if hasattr(binary, "seek"):
            binary.seek(0)
    else:
        yield iter(rows_or_file), True, lambda: 0.0
        return
    try:
        rows, fraction = _file_rows(binary)
        try:
            yield rows, False, fraction
        except UnicodeDecodeError:
            raise ValidationError({"file": f"Row {_row(rows)} is not UTF-8 text: save the file as UTF-8 CSV, "
                                           "or as XLSX."}) from None
        except csv.Error as exc:
            raise ValidationError({"file": f"Row {_row(rows)} cannot be read as CSV: {exc}."}) from None
    finally:
        if binary is not rows_or_file:
            binary.close()


def _row(rows) -> int:
    return getattr(rows, "line_num", 0) + 1


def _size(binary) -> int | None:
    try:
        return os.fstat(binary.fileno()).st_size
    except (AttributeError, OSError, io.UnsupportedOperation):
        size = getattr(binary, "size", None)
        if size is None and hasattr(binary, "getbuffer"):
            size = binary.getbuffer().nbytes
        return size


def _check_xlsx_archive(binary, size: int | None) -> None:
    """Refuse an XLSX whose contents unpack too big, or too much bigger than the file (a zip bomb)."""
    try:
        with zipfile.ZipFile(binary) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise ValidationError({"file": "The file looks like XLSX but cannot be opened."}) from None
    finally:
        binary.seek(0)
    if unpacked > MAX_XLSX_UNPACKED_BYTES or (size and unpacked > MAX_XLSX_RATIO * size):
        raise ValidationError({"file": (
            f"The workbook unpacks to {unpacked // MEGABYTE:,} MB, more than this server reads "
            f"(at most {MAX_XLSX_UNPACKED_BYTES // MEGABYTE} MB, and at most {MAX_XLSX_RATIO} times the file's size). "
            "Save the sheet as CSV, or split it.")})


def _file_rows(binary):
    size = _size(binary)
    if size is not None and size > MAX_FILE_BYTES:
        raise ValidationError({"file": f"The file is {size / MEGABYTE:,.0f} MB; the limit is "
                                       f"{MAX_FILE_BYTES // MEGABYTE} MB. Split it and import each part."})
    head = binary.read(4)
    binary.seek(0)
    if head == _XLSX_MAGIC:
        _check_xlsx_archive(binary, size)
        return _xlsx_rows(binary)
    return _csv_rows(binary, size)
