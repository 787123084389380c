"""Measurement import: one path for CSV/XLSX files (CLI and upload page) and the bulk API.

The rules (``docs/performance.md`` explains the speed):

1. Every row is checked before anything is written. If any row is bad, nothing is imported
   and every bad cell is reported as ``(row, column, message)``; rows are numbered as in the
   file, the header being row 1.
2. Otherwise all rows go in one transaction. A value equal to the stored one is skipped
   (no revision, no audit noise); a different value is a correction and the earlier value is
   kept in ``MeasurementRevision``.
3. A partnership the user cannot see is reported exactly like one that does not exist, and a
   private indicator of the other party exactly like an unknown code.
4. One audit event per partnership per import (two when the import also touched the
   importing party's private indicators: the shared event must not count private values).

The hot loop uses plain tuples and dict lookups, and the writes go through raw
``executemany`` (``COPY`` on PostgreSQL) with values prepared exactly as Django prepares
them, so that the ORM reads back what it would have written itself.
"""

import csv
import datetime
import io
import os
import sqlite3
import uuid
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Context, Decimal, InvalidOperation
from operator import itemgetter
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from accord.core.audit import AuditAction, record_event
from accord.core.errors import Conflict
from accord.partnerships.access import PartnershipAccess
from accord.partnerships.models import Partnership, Party, PartyStatus, Visibility

from .models import EntryBy, Indicator, Measurement, MeasurementRevision, MeasurementSource
from .periods import PeriodError, parse_period

REQUIRED_COLUMNS = ("partnership", "indicator", "period", "value")
COLUMNS = (*REQUIRED_COLUMNS, "comment")
DECIMAL_PLACES = 6
INTEGER_DIGITS = 14  # DecimalField(max_digits=20, decimal_places=6)
_QUANTUM = Decimal(1).scaleb(-DECIMAL_PLACES)
_LIMIT = Decimal(10) ** INTEGER_DIGITS
_WRITE_CHUNK = 50_000
_PROGRESS_EVERY = 50_000
_XLSX_MAGIC = b"PK\x03\x04"

Progress = Callable[[str, float], None]  # (phase "checking" | "writing", fraction done 0..1)


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportResult:
    """What an import did (or, with ``dry_run``, would do). ``errors`` non-empty: nothing written."""

    rows: int = 0
    created: int = 0
    corrected: int = 0
    unchanged: int = 0
    partnerships: int = 0
    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_rows(self) -> int:
        return len({error.row for error in self.errors})

    def summary(self) -> str:
        if self.errors:
            return (f"Nothing imported: {len(self.errors)} problem(s) in {self.bad_rows} row(s) "
                    f"of {self.rows}. Fix them and import the whole file again.")
        verb = "Would import" if self.dry_run else "Imported"
        return (f"{verb} {self.rows} row(s) into {self.partnerships} partnership(s): "
                f"{self.created} created, {self.corrected} corrected, {self.unchanged} unchanged.")

    def as_dict(self) -> dict:
        return {"rows": self.rows, "created": self.created, "corrected": self.corrected,
                "unchanged": self.unchanged, "partnerships": self.partnerships, "dry_run": self.dry_run,
                "summary": self.summary()}


class _AuditSubject:
    """What the audit trail records about one import into one partnership (imports have no model)."""

    _meta = Measurement._meta

    def __init__(self, *, pk: str, partnership, visibility: str, owner_party):
        self.pk = pk
        self.partnership = partnership
        self.visibility = visibility
        self.owner_party = owner_party


# -- reading -----------------------------------------------------------------------------------

def _text(value) -> str:
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
    return _readable(reader), fraction


def _readable(reader):
    """CSV rows, with decoding problems turned into a message naming the row."""
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):  # noqa: B007 - number is read below
            yield cells
    except UnicodeDecodeError:
        raise ValidationError({"file": f"Row {number + 1} is not UTF-8 text: save the file as UTF-8 CSV, "
                                       "or as XLSX."}) from None
    except csv.Error as exc:
        raise ValidationError({"file": f"Row {number + 1} cannot be read as CSV: {exc}."}) from None


def _xlsx_rows(binary):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(binary, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise ValidationError({"file": "The file looks like XLSX but cannot be opened."}) from None
    sheet = workbook.worksheets[0]
    total = sheet.max_row or 0
    done = [0]

    def rows():
        try:
            for values in sheet.iter_rows(values_only=True):
                done[0] += 1
                yield [_text(value) for value in values]
        finally:
            workbook.close()

    return rows(), (lambda: min(done[0] / total, 1.0)) if total else (lambda: 0.0)


def _open(rows_or_file):
    """``(rows, is_mapping, fraction_read, close)`` for a path, a binary file object, or a list of mappings."""
    if isinstance(rows_or_file, str | os.PathLike):
        binary = open(Path(rows_or_file), "rb")  # closed by the caller
        return (*_file_rows(binary), binary.close)
    if hasattr(rows_or_file, "read"):
        if hasattr(rows_or_file, "seek"):
            rows_or_file.seek(0)
        return (*_file_rows(rows_or_file), lambda: None)
    return iter(rows_or_file), True, lambda: 0.0, lambda: None


def _file_rows(binary):
    head = binary.read(4)
    binary.seek(0)
    if head == _XLSX_MAGIC:
        rows, fraction = _xlsx_rows(binary)
        return rows, False, fraction
    try:
        size = os.fstat(binary.fileno()).st_size
    except (AttributeError, OSError, io.UnsupportedOperation):
        size = getattr(binary, "size", None)
    rows, fraction = _csv_rows(binary, size)
    return rows, False, fraction


# -- checking ----------------------------------------------------------------------------------

@dataclass
class _Target:
    """One partnership the user may import into, with the indicators their party sees."""

    party: Party
    indicators: dict  # code -> (indicator_id, partnership_id, period_cache, frequency, may_enter, private, code)
    entered_by_name: dict  # code -> the organization that enters it, for the refusal message


class _PeriodProblem(str):
    """A cached reason why a period text does not fit a frequency (a good period is a plain ``str``)."""


def _targets(user, access: PartnershipAccess | None) -> dict[str, _Target]:
    """The partnerships (by slug) the user may import into: two queries, whatever the file size."""
    if access is not None:
        parties = [access.party]
    else:
        membership = getattr(user, "membership", None) if user.is_authenticated else None
        if membership is None:
            raise PermissionDenied("Only a member of an organization can import measurements.")
        if not membership.can_write:
            raise PermissionDenied("Viewers cannot make changes.")
        parties = list(Party.objects.select_related("partnership").filter(
            organization_id=membership.organization_id, status=PartyStatus.ACCEPTED))
    targets = {party.partnership.slug: _Target(party=party, indicators={}, entered_by_name={}) for party in parties}
    by_partnership = {party.partnership_id: targets[party.partnership.slug] for party in parties}
    party_ids = [party.pk for party in parties]
    # The visibility rule of records_visible_to(), for all of the user's partnerships at once.
    indicators = (Indicator.objects
                  .filter(partnership_id__in=list(by_partnership))
                  .filter(Q(visibility=Visibility.SHARED) | Q(owner_party_id__in=party_ids))
                  .values_list("id", "partnership_id", "code", "frequency", "entry_by", "owner_party_id",
                               "visibility", "owner_party__organization__name"))
    period_caches: dict[str, dict] = {}
    for pk, partnership_id, code, frequency, entry_by, owner_party_id, visibility, owner_name in indicators:
        target = by_partnership[partnership_id]
        may_enter = entry_by == EntryBy.BOTH or owner_party_id == target.party.pk
        cache = period_caches.setdefault(frequency, {})
        target.indicators[code] = (pk, partnership_id, cache, frequency, may_enter,
                                   visibility == Visibility.PRIVATE, code)
        target.entered_by_name[code] = owner_name
    return targets


def _decimal_problem(value: Decimal) -> str | None:
    if not value.is_finite():
        return "must be a number"
    if value.as_tuple().exponent < -DECIMAL_PLACES and value != value.quantize(_QUANTUM):
        return f"at most {DECIMAL_PLACES} decimal places"
    if abs(value) >= _LIMIT:
        return f"must be smaller than 10^{INTEGER_DIGITS} in size"
    return None


def _period(indicator, text: str) -> str:
    """The period's stored form (``YYYY-MM-DD``), or a ``_PeriodProblem``; cached per frequency."""
    cache = indicator[2]
    period = cache.get(text)
    if period is None:
        if not text.strip():
            period = _PeriodProblem("a period is required")
        else:
            try:
                period = parse_period(text, indicator[3]).isoformat()  # as stored (and as CAST(... AS TEXT) reads)
            except PeriodError as exc:
                period = _PeriodProblem(str(exc))
        cache[text] = period
    return period


def _check(rows, is_mapping: bool, targets: dict[str, _Target], access, result: ImportResult,
           fraction, progress: Progress | None) -> list:
    """Check every row; return the accepted ones as ``(partnership_id, indicator_id, period, value, comment)``.

    This loop runs once per row of a file of up to millions of rows: it sticks to local names,
    dict lookups and cached period parsing, and strips text only when a lookup misses.
    """
    errors = result.errors
    add = errors.append
    fixed = targets[access.partnership.slug] if access is not None else None
    fixed_slug = access.partnership.slug if access is not None else None
    if is_mapping:
        rows = ([_text(row.get(name)) for name in COLUMNS] for row in rows)
        positions, width, first_number = dict(zip(COLUMNS, range(len(COLUMNS)), strict=True)), len(COLUMNS), 1
    else:
        positions, width = _header(rows, fixed_slug, result)
        if positions is None:
            return []
        first_number = 2
    ip, ii, iper, iv, ic = (positions.get(name) for name in COLUMNS)
    padding = [""] * (width + 1)
    accepted = []
    keep = accepted.append
    seen: dict = {}
    remember = seen.setdefault
    count = 0
    for number, cells in enumerate(rows, start=first_number):
        if progress and not number & 0xFFFF:
            progress("checking", fraction())
        if len(cells) < width:
            cells = cells + padding[: width - len(cells)]
        code = cells[ii]
        period_text = cells[iper]
        value_text = cells[iv]
        slug = cells[ip] if ip is not None else ""
        if not (code or period_text or slug or value_text) or not (
                code.strip() or period_text.strip() or slug.strip() or value_text.strip()):
            continue  # a blank line in a spreadsheet is not a row to report
        count += 1
        target = targets.get(slug)
        if target is None:
            slug = slug.strip()
            target = targets.get(slug) if slug else fixed
            if fixed is not None and target is not fixed:
                target = None
        indicator = None
        if target is None:
            if not slug:
                add(RowError(number, "partnership", "a partnership slug is required"))
            elif fixed_slug is not None:
                add(RowError(number, "partnership", f"this import is for {fixed_slug!r}; the row names {slug!r}"))
            else:
                add(RowError(number, "partnership", f"no partnership with slug {slug!r}"))
        else:
            indicator = target.indicators.get(code)
            if indicator is None:
                code = code.strip()
                indicator = target.indicators.get(code)
                if indicator is None:
                    add(RowError(number, "indicator", f"no indicator with code {code!r} in {slug or fixed_slug!r}"
                                 if code else "an indicator code is required"))
            if indicator is not None and not indicator[4]:
                add(RowError(number, "indicator", f"only {target.entered_by_name[code]} enters values of {code}"))
                indicator = None
        period = None
        if indicator is not None:
            period = _period(indicator, period_text)
            if period.__class__ is _PeriodProblem:
                add(RowError(number, "period", period))
                period = None
        try:
            value = Decimal(value_text)
        except (InvalidOperation, ValueError):
            value_text = value_text.strip()
            add(RowError(number, "value", f"{value_text!r} is not a number" if value_text else "a value is required"))
            continue
        # The exact (slow) checks only when the text hints at a problem: NaN/Infinity, an exponent,
        # more than six decimals, or a number too big for DecimalField(max_digits=20, decimal_places=6).
        dot = value_text.find(".")
        if (not value.is_finite() or "e" in value_text or "E" in value_text or (dot >= 0 and len(value_text) - dot > 7)
                or not -_LIMIT < value < _LIMIT):
            problem = _decimal_problem(value)
            if problem:
                add(RowError(number, "value", f"{value_text.strip()!r}: {problem}"))
                continue
        if period is None:
            continue
        earlier = remember((indicator[0], period), number)
        if earlier != number:
            add(RowError(number, "period", f"{indicator[6]} {period} already appears on row {earlier}"))
            continue
        keep((indicator[1], indicator[0], period, value, cells[ic].strip() if ic is not None else ""))
    result.rows = count
    return accepted


def _header(rows, fixed_slug, result: ImportResult):
    """Column positions from the header row, or ``(None, 0)`` with the problems reported."""
    names = next(rows, None)
    if names is None:
        result.errors.append(RowError(1, "", "the file is empty: the first row must name the columns "
                                      + ", ".join(REQUIRED_COLUMNS)))
        return None, 0
    positions: dict[str, int] = {}
    for index, name in enumerate(names):
        name = (name or "").strip().lower()
        if name in positions:
            result.errors.append(RowError(1, name, f"the column {name!r} appears twice"))
        elif name:
            positions[name] = index
    required = [name for name in REQUIRED_COLUMNS if not (name == "partnership" and fixed_slug is not None)]
    for name in required:
        if name not in positions:
            result.errors.append(RowError(1, name, f"the required column {name!r} is missing; the header row has "
                                          + (", ".join(repr(n) for n in positions) or "no names")))
    if result.errors:
        return None, 0
    return positions, len(names)


# -- writing -----------------------------------------------------------------------------------

def _same_value():
    """``same(stored, value)``: would the ORM read the new value back as it reads the stored one?"""
    if connection.vendor != "sqlite":
        return lambda stored, value: stored == value  # numeric(20, 6): exact decimals both sides
    # SQLite keeps a "decimal" column as REAL and Django reads it back to 15 significant digits.
    # Equal floats are the fast answer; otherwise compare as Django's converter would.
    to_decimal = Context(prec=15).create_decimal_from_float
    within = Context(prec=15).create_decimal

    def same(stored, value):
        if float(value) == stored:
            return True
        stored = to_decimal(stored) if isinstance(stored, float) else Decimal(stored)
        return stored.quantize(_QUANTUM) == within(value).quantize(_QUANTUM)

    return same


def _existing(accepted: list) -> dict:
    """Stored measurements for the accepted rows' (indicator, period): ``(indicator_id, period) -> (id, value, comment)``."""
    indicator_ids = sorted(set(map(itemgetter(1), accepted)))
    first = min(map(itemgetter(2), accepted))
    last = max(map(itemgetter(2), accepted))
    table = connection.ops.quote_name(Measurement._meta.db_table)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    found = {}
    with connection.cursor() as cursor:
        for start in range(0, len(indicator_ids), 500):
            chunk = indicator_ids[start:start + 500]
            # The period as text: the same form as the accepted rows' keys, with no date parsing per row.
            cursor.execute(
                f"SELECT indicator_id, CAST(period AS TEXT), id, value, comment FROM {table} "
                f"WHERE indicator_id IN ({', '.join(['%s'] * len(chunk))}) AND period >= %s AND period <= %s{lock}",
                [*chunk, first, last],
            )
            for indicator_id, period, *stored in cursor.fetchall():
                found[(indicator_id, period)] = stored
    return found


def _earlier_values(ids: list) -> dict:
    """``id -> (value, comment, source, entered_by_id, entered_at)`` of measurements about to be corrected."""
    table = connection.ops.quote_name(Measurement._meta.db_table)
    found = {}
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            cursor.execute(f"SELECT id, value, comment, source, entered_by_id, entered_at FROM {table} "
                           f"WHERE id IN ({', '.join(['%s'] * len(chunk))})", chunk)
            for pk, *earlier in cursor.fetchall():
                found[pk] = earlier
    return found


def _write(*, created: list, corrections: list, user, source: str, now, progress: Progress | None) -> None:
    ops = connection.ops
    at = ops.adapt_datetimefield_value(now)
    user_id = int(user.pk)
    table = ops.quote_name(Measurement._meta.db_table)
    revisions = ops.quote_name(MeasurementRevision._meta.db_table)
    total = len(created) + len(corrections) or 1
    with connection.cursor() as cursor:
        if corrections:
            earlier = _earlier_values([old[0] for old, _ in corrections])
            cursor.executemany(
                f"INSERT INTO {revisions} (measurement_id, value, comment, source, entered_by_id, entered_at, "
                f"replaced_at) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [(old[0], *earlier[old[0]][:4], ops.adapt_datetimefield_value(earlier[old[0]][4]), at)
                 for old, _ in corrections],
            )
            cursor.executemany(
                f"UPDATE {table} SET value = %s, comment = %s, source = %s, entered_by_id = %s, entered_at = %s "
                f"WHERE id = %s",
                [(row[3], row[4], source, user_id, at, old[0]) for old, row in corrections],
            )
            if progress:
                progress("writing", len(corrections) / total)
        if not created:
            return
        if connection.vendor == "postgresql":
            _copy_created(cursor, table, created, source, user_id, at)
        else:
            _insert_created_sqlite(cursor, table, created, source, user_id, at, progress, len(corrections), total)
        if progress:
            progress("writing", 1.0)


def _insert_created_sqlite(cursor, table, created, source, user_id, at, progress, done, total) -> None:
    # The accepted rows are already the parameters (partnership, indicator, period, value, comment):
    # the constant columns go into the statement itself (an enum value, an int, our own ISO
    # timestamp), and the driver's cursor is used directly, skipping Django's per-row
    # "%s" → "?" parameter rewriting. Decimals go through the sqlite3 adapter Django registers (str),
    # exactly as the ORM sends them.
    assert source in MeasurementSource.values and "'" not in at
    sql = (f"INSERT INTO {table} (partnership_id, indicator_id, period, value, comment, source, entered_by_id, "
           f"entered_at) VALUES (?, ?, ?, ?, ?, '{source}', {user_id}, '{at}')")
    driver = cursor.cursor
    for start in range(0, len(created), _WRITE_CHUNK):
        chunk = created[start:start + _WRITE_CHUNK]
        sqlite3.Cursor.executemany(driver, sql, chunk)
        done += len(chunk)
        if progress:
            progress("writing", done / total)


def _copy_created(cursor, table, created, source, user_id, at) -> None:
    """PostgreSQL: new measurements through COPY, the fastest way in."""
    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")

    tail = f"\t{source}\t{user_id}\t{at.isoformat()}\n"
    with cursor.cursor.copy(
        f"COPY {table} (partnership_id, indicator_id, period, value, comment, source, entered_by_id, entered_at) "
        f"FROM STDIN"
    ) as copy:
        for start in range(0, len(created), _WRITE_CHUNK):
            copy.write("".join(f"{p}\t{i}\t{period}\t{value}\t{escape(comment) if comment else ''}{tail}"
                               for p, i, period, value, comment in created[start:start + _WRITE_CHUNK]))


def _record_events(*, targets_by_id: dict, counts: dict, user, import_id: str) -> None:
    for (partnership_id, private), (created, corrected) in sorted(counts.items()):
        party = targets_by_id[partnership_id].party
        subject = _AuditSubject(pk=import_id, partnership=party.partnership,
                                visibility=Visibility.PRIVATE if private else Visibility.SHARED,
                                owner_party=party if private else None)
        changes = [{"field": "values created", "before": None, "after": created},
                   {"field": "values corrected", "before": None, "after": corrected}]
        record_event(actor=user, acting_party=party, action=AuditAction.UPDATE if corrected else AuditAction.CREATE,
                     record=subject, partnership=party.partnership, changes=changes,
                     label=f"measurement import ({created + corrected} values"
                           + (", private indicators" if private else "") + ")")


# -- the service -------------------------------------------------------------------------------

def measurements_import(*, user, rows_or_file, source: str = MeasurementSource.FILE,
                        access: PartnershipAccess | None = None, dry_run: bool = False,
                        progress: Progress | None = None) -> ImportResult:
    """Check and import measurements from a CSV/XLSX file (path or file object) or a list of mappings.

    ``access`` fixes the partnership (upload page, bulk API): the ``partnership`` column is then
    optional and, where given, must name that partnership. Raises ``PermissionDenied`` for a
    viewer, ``ValidationError({"file": ...})`` for an unreadable file; bad rows come back in
    ``result.errors`` with nothing written. ``progress(phase, fraction)`` hears how far it got.
    """
    if source not in (MeasurementSource.FILE, MeasurementSource.API):
        raise ValueError(f"unknown import source {source!r}")
    if access is not None:
        access.require_write()
    result = ImportResult(dry_run=dry_run)
    targets = _targets(user, access)
    rows, is_mapping, fraction, close = _open(rows_or_file)
    try:
        accepted = _check(rows, is_mapping, targets, access, result, fraction, progress)
    finally:
        close()
    if progress:
        progress("checking", 1.0)
    if result.errors:
        result.errors.sort(key=lambda error: (error.row, COLUMNS.index(error.column)
                                              if error.column in COLUMNS else len(COLUMNS)))
        return result
    with _foreign_keys_checked_here(), transaction.atomic():
        _apply(accepted, result=result, targets=targets, user=user, source=source, dry_run=dry_run,
               progress=progress)
    return result


@contextmanager
def _foreign_keys_checked_here():
    """On SQLite, skip the per-row foreign-key lookups (a quarter of the write time of a large
    import): ``_verify_references`` checks the few distinct ids once, inside the same
    write-locked transaction, so nothing can remove them before the commit. A no-op elsewhere,
    and inside an outer transaction (where SQLite cannot change the setting)."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.constraint_checks_disabled():
        yield


def _verify_references(accepted: list, user) -> None:
    """Every indicator, partnership and the user the rows refer to still exist (see above)."""
    indicator_ids = sorted(set(map(itemgetter(1), accepted)))
    partnership_ids = sorted(set(map(itemgetter(0), accepted)))
    found = 0
    for start in range(0, len(indicator_ids), 5000):
        found += Indicator.objects.filter(pk__in=indicator_ids[start:start + 5000]).count()
    if (found != len(indicator_ids)
            or Partnership.objects.filter(pk__in=partnership_ids).count() != len(partnership_ids)
            or not get_user_model().objects.filter(pk=user.pk).exists()):
        raise Conflict("Indicators were removed while the import ran; nothing was imported. Try again.")


def _apply(accepted, *, result, targets, user, source, dry_run, progress) -> None:
    existing = _existing(accepted) if accepted else {}
    created, corrections = (accepted, []) if not existing else ([], [])
    if existing:
        same = _same_value()
        unchanged = 0
        for row in accepted:
            old = existing.get((row[1], row[2]))
            if old is None:
                created.append(row)
            elif same(old[1], row[3]) and (not row[4] or row[4] == old[2]):
                # An empty comment leaves the stored one alone: files without comments re-import cleanly.
                unchanged += 1
            else:
                corrections.append((old, row))
        result.unchanged = unchanged
    result.created, result.corrected = len(created), len(corrections)
    result.partnerships = len(set(map(itemgetter(0), accepted)))
    if dry_run or not (created or corrections):
        return
    _verify_references(accepted, user)
    try:
        _write(created=created, corrections=corrections, user=user, source=source, now=timezone.now(),
               progress=progress)
    except IntegrityError:
        # Only a concurrent writer (PostgreSQL) can add the same measurement between our read and write.
        raise Conflict("Measurements changed while the import ran; nothing was imported. Try again.") from None
    # One audit event per partnership, and a separate private one for the party's private indicators.
    where = {indicator[0]: (indicator[1], indicator[5])
             for target in targets.values() for indicator in target.indicators.values()}
    counts: dict = {}  # (partnership_id, private) -> [created, corrected]
    for column, by_indicator in ((0, Counter(map(itemgetter(1), created))),
                                 (1, Counter(row[1] for _, row in corrections))):
        for indicator_id, n in by_indicator.items():
            counts.setdefault(where[indicator_id], [0, 0])[column] += n
    targets_by_id = {target.party.partnership_id: target for target in targets.values()}
    _record_events(targets_by_id=targets_by_id, counts=counts, user=user, import_id=f"import-{uuid.uuid4().hex[:12]}")
