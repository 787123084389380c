"""Writes of measurements, one entry point per way in. Each hands its rows to
``writing.measurements_save``, the one writer, so every way in meets the same rules."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError

from accord.metrics import periods
from accord.metrics.models import Indicator, Measurement, MeasurementSource
from accord.partnerships.access import PartnershipAccess, record_require_visible

from .files import reading
from .rows import ImportResult, Progress
from .selectors import GRID_PERIODS, measurement_grid
from .writing import measurement_delete, measurements_save

__all__ = ["measurement_delete", "measurement_grid_save", "measurement_record", "measurements_import",
           "measurements_record_many"]


def _period_text(period) -> str:
    if isinstance(period, datetime.datetime):
        period = period.date()
    return period.isoformat() if isinstance(period, datetime.date) else str(period or "")


def _value_text(value) -> str:
    if isinstance(value, float):
        return repr(value)
    return "" if value is None else str(value)


def _entry_row(indicator: Indicator, period, value, comment, market: str = "", site: str = "") -> dict:
    return {"indicator": indicator.code, "period": _period_text(period), "value": _value_text(value),
            "comment": comment or "", "market": market or "", "site": site or ""}


def _require_entry(access: PartnershipAccess, indicator: Indicator) -> None:
    record_require_visible(access, indicator)
    if not indicator.may_be_entered_by(access.party):
        raise PermissionDenied(f"Only the owner party enters values of {indicator.code}.")


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


def measurement_record(*, access: PartnershipAccess, indicator: Indicator, period, value, comment: str = "",
                       source: str = MeasurementSource.MANUAL, market: str = "", site: str = "") -> Measurement:
    """Record (or correct) the value of ``indicator`` for ``period`` (a date or its text), for the whole
    partnership or, for a per-market (per-site) indicator, the ``market`` (``site``) named by its code.

    ``ValidationError`` names the field (``period``, ``value``, ``comment``, ``market``, ``site``); a correction
    keeps the earlier value.
    """
    access.require_write()
    _require_entry(access, indicator)
    result = measurements_save(user=access.user, access=access, source=source,
                               rows=[_entry_row(indicator, period, value, comment, market, site)])
    if not result.ok:
        errors: dict[str, list[str]] = {}
        for error in result.errors:
            errors.setdefault(error.column or "period", []).append(_sentence(error.message))
        raise ValidationError(errors)
    stored = Measurement.objects.select_related("indicator", "entered_by", "market", "site").filter(
        indicator=indicator, period=periods.parse_period(_period_text(period), indicator.frequency))
    if site:
        stored = stored.filter(site__code=site.strip())
    else:
        stored = stored.filter(market__code=market.strip(), site=None) if market else stored.filter(market=None)
    return stored.get()


def measurements_record_many(*, access: PartnershipAccess, entries: list[dict],
                             source: str = MeasurementSource.MANUAL) -> ImportResult:
    """Record several values at once: all or nothing.

    Each entry is ``{"key", "indicator", "period", "value", "comment"}``; a failure raises one
    ``ValidationError`` keyed by each failing entry's ``key``, its message naming the cell.
    """
    access.require_write()
    for entry in entries:
        _require_entry(access, entry["indicator"])
    result = measurements_save(user=access.user, access=access, source=source, rows=[
        _entry_row(entry["indicator"], entry["period"], entry["value"], entry.get("comment", "")) for entry in entries])
    if not result.ok:
        errors: dict[str, list[str]] = {}
        for error in result.errors:
            entry = entries[error.row - 1]
            indicator, period = entry["indicator"], entry["period"]
            where = periods.label(period, indicator.frequency) if isinstance(period, datetime.date) else period
            errors.setdefault(entry["key"], []).append(f"{indicator.code}, {where}: {_sentence(error.message)}")
        raise ValidationError(errors)
    return result


def measurement_grid_save(*, access: PartnershipAccess, submitted: dict, count: int = GRID_PERIODS) -> int:
    """Save the entry grid of the last ``count`` periods: ``submitted`` maps each cell's key to its text.
    Returns how many values changed. An empty cell records nothing (a value is deleted from its indicator's history page);
    a cell equal to the stored value is left alone. ``ValidationError`` keyed by cell."""
    access.require_write()
    entries = [{"key": cell["key"], "indicator": row["indicator"], "period": cell["period"], "value": cell["text"]}
               for row in measurement_grid(access=access, submitted=submitted, count=count) if row["editable"]
               for cell in row["cells"] if cell["active"] and cell["text"]]
    # Unchanged cells go along too: the writer finds them unchanged and leaves them alone.
    result = measurements_record_many(access=access, entries=entries) if entries else ImportResult()
    return result.created + result.corrected


def measurements_import(*, user, rows_or_file, source: str = MeasurementSource.FILE,
                        access: PartnershipAccess | None = None, dry_run: bool = False, file_name: str = "",
                        progress: Progress | None = None) -> ImportResult:
    """Check and import measurements from a CSV/XLSX file (path or file object) or a list of mappings.

    ``access`` fixes the partnership (upload page, bulk API). Raises ``PermissionDenied`` for a
    viewer, ``ValidationError({"file": ...})`` for an unreadable or oversized file; bad rows come
    back in ``result.errors`` with nothing written. ``progress(phase, fraction)`` hears how far it got.
    """
    if source not in (MeasurementSource.FILE, MeasurementSource.API):
        raise ValueError(f"unknown import source {source!r}")
    with reading(rows_or_file) as (rows, is_mapping, fraction):
        return measurements_save(user=user, rows=rows, is_mapping=is_mapping, source=source, access=access,
                                 file_name=file_name, dry_run=dry_run, progress=progress, fraction=fraction)
