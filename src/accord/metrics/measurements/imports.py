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

Reading files is in ``files``, checking rows in ``rows``. The hot loop uses plain tuples and
dict lookups, and the writes go through raw ``executemany`` (``COPY`` on PostgreSQL) with values prepared exactly as Django prepares
them, so that the ORM reads back what it would have written itself.
"""

import sqlite3
import uuid
from collections import Counter
from contextlib import contextmanager
from decimal import Context, Decimal
from operator import itemgetter

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accord.core.audit import AuditAction, record_event
from accord.core.errors import Conflict
from accord.metrics.models import Indicator, Measurement, MeasurementRevision, MeasurementSource
from accord.partnerships.access import PartnershipAccess
from accord.partnerships.models import Partnership, Visibility

from .files import open_rows
from .rows import COLUMNS, QUANTUM, ImportResult, Progress, RowError, check_rows, import_targets

__all__ = ["ImportResult", "RowError", "measurements_import"]

_WRITE_CHUNK = 50_000


class _AuditSubject:
    """What the audit trail records about one import into one partnership (imports have no model)."""

    _meta = Measurement._meta

    def __init__(self, *, pk: str, partnership, visibility: str, owner_party):
        self.pk = pk
        self.partnership = partnership
        self.visibility = visibility
        self.owner_party = owner_party



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
        return stored.quantize(QUANTUM) == within(value).quantize(QUANTUM)

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
    targets = import_targets(user, access)
    rows, is_mapping, fraction, close = open_rows(rows_or_file)
    try:
        accepted = check_rows(rows, is_mapping, targets, access, result, fraction, progress)
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
