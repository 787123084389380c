"""Where a measurement is written: ``measurements_save`` (and ``measurement_delete`` for taking one away).

Every way in — the grid, the form, the single-value API, the file upload, the CLI, the bulk
API — calls ``measurements_save`` with its rows; it checks them all with one set of rules
(``rows.check_rows``: the period well-formed for the indicator's frequency, started, not before
1900, within the indicator's active dates; the value a finite decimal that fits the column; the
comment plain text), then writes:

1. If any row is bad, nothing is written and every bad cell is reported (the first 1,000).
2. A value equal to the stored one is skipped (no revision, no audit noise; an empty comment
   leaves the stored comment alone); a different value is a correction, and the earlier value
   is kept in ``MeasurementRevision`` with who replaced it and when.
3. Every write makes one ``MeasurementBatch`` per partnership (a second, private one for the
   party's private indicators) and one audit event for each, pointing at the batch.
4. Up to ``COMMIT_EVERY`` values go in one transaction. A larger import commits every
   ``COMMIT_EVERY`` values, so that other requests get the database between its parts
   (``docs/metrics.md``: the trade-off with all-or-nothing).

The rows are checked as plain tuples and written with ``executemany`` (``COPY`` on PostgreSQL)
in ``_insert_unchecked_rows``, values prepared exactly as Django prepares them, so that the ORM
reads back what it would have written itself; ``docs/performance.md`` explains the speed.
"""

import datetime
import gc
from collections import Counter, defaultdict
from contextlib import contextmanager, nullcontext
from decimal import Context, Decimal
from itertools import chain
from operator import add, itemgetter

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accord.core.audit import AuditAction, record_event
from accord.core.errors import Conflict
from accord.markets.models import Market, Site
from accord.metrics import periods
from accord.metrics.models import (
    Indicator,
    Measurement,
    MeasurementBatch,
    MeasurementRevision,
    MeasurementSource,
    RevisionReason,
)
from accord.metrics.portfolio.refresh import (
    portfolio_refresh,
    portfolio_refresh_later,
    portfolio_refresh_pending,
    span_of_values,
)
from accord.metrics.scorecards.calculations import number
from accord.partnerships.access import PartnershipAccess, record_require_visible
from accord.partnerships.models import Visibility

from .rows import COLUMNS, ImportResult, Progress, check_rows, import_targets
from .rules import QUANTUM

COMMIT_EVERY = 50_000
# The parts of an accepted row (partnership_id, indicator_id, period, value, comment, market_id, site_id), read
# in C over a million rows.
_PARTNERSHIP_ID, _INDICATOR_ID, _PERIOD = itemgetter(0), itemgetter(1), itemgetter(2)
_PLACE = itemgetter(5, 6)
CHANGES_LISTED = 20  # a write of up to this many values lists each in its audit event; larger ones give counts
_CHUNK = 500  # ids per "IN (...)" query


def measurements_save(*, user, rows, is_mapping: bool = True, source: str, access: PartnershipAccess | None = None,
                      file_name: str = "", dry_run: bool = False, progress: Progress | None = None,
                      fraction=lambda: 0.0) -> ImportResult:
    """Check ``rows`` and write them: the one writer of measurements.

    ``rows`` are mappings (``partnership``, ``indicator`` code, ``period``, ``value``, ``comment``)
    or, with ``is_mapping=False``, lists of cells after a header row. ``access`` fixes the
    partnership (then the ``partnership`` column is optional and, where given, must name it).
    Raises ``PermissionDenied`` for a viewer; bad rows come back in ``result.errors``, nothing written.
    """
    if source not in MeasurementSource.values:
        raise ValueError(f"unknown measurement source {source!r}")
    with _without_cycle_collection():
        return _save(user=user, rows=rows, is_mapping=is_mapping, source=source, access=access, file_name=file_name,
                     dry_run=dry_run, progress=progress, fraction=fraction)


@contextmanager
def _without_cycle_collection():
    """Python's cycle collector paused while a write runs. A million-row import makes millions of
    small tuples of numbers and text, which form no cycles; each collection pass would still walk
    every live object (a tenth of the import's time). Reference counting frees them as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _save(*, user, rows, is_mapping, source, access, file_name, dry_run, progress, fraction) -> ImportResult:
    result = ImportResult(dry_run=dry_run)
    targets = import_targets(user, access)
    accepted = check_rows(rows, is_mapping, targets, access, result, fraction, progress)
    if progress:
        progress("checking", 1.0)
    if not result.ok:
        result.errors.sort(key=lambda error: (error.row, COLUMNS.index(error.column)
                                              if error.column in COLUMNS else len(COLUMNS)))
        return result
    facts = {indicator.id: indicator for target in targets.values() for indicator in target.indicators.values()}
    parties = {target.party.partnership_id: target.party for target in targets.values()}
    large = len(accepted) > COMMIT_EVERY
    # A small write reads what is stored (locking it, on PostgreSQL) and writes in one transaction.
    with _foreign_keys_checked_here(), nullcontext() if large or dry_run else transaction.atomic():
        _classify_and_write(accepted, result=result, facts=facts, parties=parties, user=user, source=source,
                            file_name=file_name, progress=progress, large=large)
    return result


def _classify_and_write(accepted, *, result, facts, parties, user, source, file_name, progress, large) -> None:
    existing = _existing(accepted) if accepted else {}
    created, corrections = ([], []) if existing else (accepted, [])  # nothing stored yet: every row is new
    same = values_same()
    for row in accepted if existing else ():
        _partnership_id, indicator_id, period, value, comment, market_id, site_id = row
        stored = existing.get((indicator_id, market_id, site_id, period))
        if stored is None:
            created.append(row)
        elif same(stored.value, value) and (not comment or comment == stored.comment):
            result.unchanged += 1
        else:
            corrections.append((stored, row))
    result.created, result.corrected = len(created), len(corrections)
    result.partnerships = len(set(map(_PARTNERSHIP_ID, accepted)))
    if result.dry_run or not (created or corrections):
        return
    now = timezone.now()
    with transaction.atomic() if large else nullcontext():
        _verify_references(accepted, user)
        batches = _open_batches(created=created, corrections=corrections, facts=facts, parties=parties, user=user,
                                source=source, file_name=file_name, now=now)
    result.batch_ids = sorted(batch.pk for batch in batches.values())
    batch_of = {indicator_id: batches[(fact.partnership_id, fact.private)].pk
                for indicator_id, fact in facts.items() if (fact.partnership_id, fact.private) in batches}
    touched = _shared_months_touched(created, corrections, facts)
    if not large:
        _write(created=created, corrections=corrections, batch_of=batch_of, user=user, source=source, now=now,
               progress=progress, transaction_per_part=nullcontext)
        if touched:  # in the write's own transaction: never out of step with the values
            portfolio_refresh(spans=touched)
        return
    # The page says "updating" while the parts commit; the task refreshes once they have (also when a part
    # failed: the parts before it stay committed).
    portfolio_refresh_pending(touched)
    try:
        _write(created=created, corrections=corrections, batch_of=batch_of, user=user, source=source, now=now,
               progress=progress, transaction_per_part=transaction.atomic)
    finally:
        if touched:
            portfolio_refresh_later(touched)


def _shared_months_touched(created, corrections, facts) -> dict:
    """Per partnership, the months the shared values written move (private values move no shared number):
    the stored portfolio is refreshed there (``refresh.span_of_values``)."""
    extremes = {}  # indicator id -> [first period, last period], as text
    for row in chain(created, map(itemgetter(1), corrections)):
        indicator_id, period = row[1], row[2]
        found = extremes.get(indicator_id)
        if found is None:
            extremes[indicator_id] = [period, period]
        elif period < found[0]:
            found[0] = period
        elif period > found[1]:
            found[1] = period
    return span_of_values((facts[indicator_id].partnership_id, _day(period), facts[indicator_id].frequency)
                          for indicator_id, ends in extremes.items() if not facts[indicator_id].private
                          for period in ends)


def _day(period) -> datetime.date:
    return period if isinstance(period, datetime.date) else datetime.date.fromisoformat(str(period))


def values_same():
    """``same(stored, value)``: would the ORM read the new value back as it reads the stored one?
    The one test of "value unchanged", for every writer and the grid."""
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


class _Stored:
    """A stored measurement as the write needs it."""

    __slots__ = ("id", "value", "comment")

    def __init__(self, id, value, comment):
        self.id, self.value, self.comment = id, value, comment


def _existing(accepted: list) -> dict:
    """Stored measurements for the accepted rows: ``(indicator_id, market_id, site_id, period text) -> _Stored``."""
    indicator_ids = sorted(set(map(_INDICATOR_ID, accepted)))
    first = min(map(_PERIOD, accepted))
    last = max(map(_PERIOD, accepted))
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in ("indicator_id", "market_id", "site_id", "id", "value", "comment"))
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    found = {}
    with connection.cursor() as cursor:
        for start in range(0, len(indicator_ids), _CHUNK):
            chunk = indicator_ids[start:start + _CHUNK]
            # The period as text: the same form as the accepted rows' keys, with no date parsing per row.
            cursor.execute(
                f"SELECT {columns}, CAST({quote('period')} AS TEXT) FROM {quote(Measurement._meta.db_table)} "
                f"WHERE {quote('indicator_id')} IN ({', '.join(['%s'] * len(chunk))}) "
                f"AND {quote('period')} >= %s AND {quote('period')} <= %s{lock}",
                [*chunk, first, last],
            )
            for indicator_id, market_id, site_id, pk, value, comment, period in cursor.fetchall():
                found[(indicator_id, market_id, site_id, period)] = _Stored(pk, value, comment)
    return found


def _open_batches(*, created, corrections, facts, parties, user, source, file_name, now) -> dict:
    """One batch and one audit event per (partnership, private?) the write touches."""
    counts = defaultdict(lambda: [0, 0])  # (partnership_id, private) -> [created, corrected]
    for column, by_indicator in ((0, Counter(map(_INDICATOR_ID, created))),
                                 (1, Counter(_INDICATOR_ID(row) for _stored, row in corrections))):
        for indicator_id, number_of_values in by_indicator.items():
            fact = facts[indicator_id]
            counts[(fact.partnership_id, fact.private)][column] += number_of_values
    listed = defaultdict(list)  # a small write lists each value in its audit event
    if len(created) + len(corrections) <= CHANGES_LISTED:
        for stored, (_partnership_id, indicator_id, period, value, *_rest) in (
                [(None, row) for row in created] + corrections):
            fact = facts[indicator_id]
            listed[(fact.partnership_id, fact.private)].append(
                (fact, period, None if stored is None else stored.value, value))
    batches = {}
    for (partnership_id, private), (number_created, number_corrected) in sorted(counts.items()):
        batch = MeasurementBatch(
            partnership_id=partnership_id, owner_party=parties[partnership_id], created_by=user, created_at=now,
            source=source, visibility=Visibility.PRIVATE if private else Visibility.SHARED,
            file_name=_plain_name(file_name), created=number_created, corrected=number_corrected)
        batch.full_clean(exclude=["partnership", "owner_party", "created_by"])  # trusted objects: no lookups
        batches[(partnership_id, private)] = batch
    # One insert for all (an import into 1,000 partnerships makes 1,000 batches); then their events.
    MeasurementBatch.objects.bulk_create(batches.values())
    for key, batch in batches.items():
        _audit(batch, party=batch.owner_party, user=user, values=listed.get(key))
    return batches


def _plain_name(file_name: str) -> str:
    """A file's name as a person reads it, and as every database stores it (no NUL, no lone surrogate)."""
    return file_name.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")[:255]


def _audit(batch: MeasurementBatch, *, party, user, values: list | None) -> None:
    """``values`` lists (indicator facts, period, before, after) for a small write, else ``None``."""
    count = batch.created + batch.corrected
    if batch.source == MeasurementSource.MANUAL and values and len(values) == 1:
        fact, period, _before, _after = values[0]
        start = periods.parse_period(period, fact.frequency)
        label = f"{fact.code} for {periods.label(start, fact.frequency)}"
    elif batch.source == MeasurementSource.MANUAL:
        label = f"measurements entered ({count} values)"
    else:
        label = (f"measurement import of {batch.file_name} ({count} values)" if batch.file_name
                 else f"measurement import ({count} values)")
    if values:
        changes = [{"field": f"{fact.code} {period}", "before": None if before is None else number(Decimal(before)),
                    "after": number(after)} for fact, period, before, after in values]
    else:
        changes = [{"field": "values created", "before": None, "after": batch.created},
                   {"field": "values corrected", "before": None, "after": batch.corrected}]
    record_event(actor=user, acting_party=party, record=batch, label=label, changes=changes,
                 action=AuditAction.UPDATE if batch.corrected else AuditAction.CREATE)


def _write(*, created, corrections, batch_of, user, source, now, progress, transaction_per_part) -> None:
    """The rows in parts of ``COMMIT_EVERY``, each inside ``transaction_per_part()``: a transaction of its own for a
    large write, nothing for a small one (already inside the write's one transaction)."""
    total = len(created) + len(corrections)
    done = 0
    at = connection.ops.adapt_datetimefield_value(now)
    tails = {indicator_id: (source, user.pk, at, batch_id) for indicator_id, batch_id in batch_of.items()}
    try:
        for start in range(0, len(corrections), COMMIT_EVERY):
            part = corrections[start:start + COMMIT_EVERY]
            with transaction_per_part():
                _correct(part, batch_of=batch_of, user=user, source=source, now=now)
            done += len(part)
            if progress:
                progress("writing", done / total)
        for start in range(0, len(created), COMMIT_EVERY):
            part = created[start:start + COMMIT_EVERY]
            with transaction_per_part():
                _insert_unchecked_rows(part, tails=tails)
            done += len(part)
            if progress:
                progress("writing", done / total)
    except IntegrityError:
        # Only a concurrent writer can add the same measurement between our read and our write.
        raise Conflict("Measurements changed while the import ran. Import the file again: values already "
                       "written are found unchanged.") from None


def _correct(corrections: list, *, batch_of, user, source, now) -> None:
    """Keep each earlier value as a revision, then overwrite it."""
    ops = connection.ops
    quote = ops.quote_name
    at = ops.adapt_datetimefield_value(now)
    earlier = _earlier_values([stored.id for stored, _row in corrections])
    revision_columns = ("measurement_id", "indicator_id", "period", "market_id", "site_id", "value", "comment", "source",
                        "entered_by_id", "entered_at", "batch_id", "reason", "replaced_by_id", "replaced_at")
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(MeasurementRevision._meta.db_table)} "
            f"({', '.join(quote(name) for name in revision_columns)}) "
            f"VALUES ({', '.join(['%s'] * len(revision_columns))})",
            [(stored.id, *earlier[stored.id], RevisionReason.CORRECTED, user.pk, at) for stored, _row in corrections],
        )
        assignments = ", ".join(f"{quote(name)} = %s" for name in ("value", "comment", "source", "entered_by_id",
                                                                   "entered_at", "batch_id"))
        cursor.executemany(
            f"UPDATE {quote(Measurement._meta.db_table)} SET {assignments} WHERE {quote('id')} = %s",
            [(value, comment or stored.comment, source, user.pk, at, batch_of[indicator_id], stored.id)
             for stored, (_partnership_id, indicator_id, _period, value, comment, *_place) in corrections],
        )


def _earlier_values(ids: list) -> dict:
    """``id -> (indicator_id, period, market_id, site_id, value, comment, source, entered_by_id, entered_at,
    batch_id)``, as the revision stores them."""
    ops = connection.ops
    quote = ops.quote_name
    columns = ("id", "indicator_id", "period", "market_id", "site_id", "value", "comment", "source", "entered_by_id",
               "entered_at", "batch_id")
    found = {}
    with connection.cursor() as cursor:
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            cursor.execute(f"SELECT {', '.join(quote(name) for name in columns)} "
                           f"FROM {quote(Measurement._meta.db_table)} "
                           f"WHERE {quote('id')} IN ({', '.join(['%s'] * len(chunk))})", chunk)
            for (pk, indicator_id, period, market_id, site_id, value, comment, source, entered_by_id, entered_at,
                 batch_id) in cursor.fetchall():
                # SQLite's driver hands back dates and datetimes (Django registers converters): send them
                # back in the form Django writes them.
                found[pk] = (indicator_id, ops.adapt_datefield_value(period), market_id, site_id, value, comment,
                             source, entered_by_id,
                             entered_at if isinstance(entered_at, str) else ops.adapt_datetimefield_value(entered_at),
                             batch_id)
    return found


_INSERTED_COLUMNS = ("partnership_id", "indicator_id", "period", "value", "comment", "market_id", "site_id",
                     "source", "entered_by_id", "entered_at", "batch_id")


def _insert_unchecked_rows(created: list, *, tails: dict) -> None:
    """New measurements, as fast as the database takes them. Unchecked: only ``measurements_save``
    calls this, with rows ``check_rows`` accepted and ``_existing`` found new.

    The rows are already the first seven parameters (partnership, indicator, period, value,
    comment, market, site); ``tails`` has the other four for each indicator (source, user, time, batch: the
    same for every row of a batch). Decimals go through the adapter Django registers (SQLite:
    text), exactly as the ORM sends them.
    """
    quote = connection.ops.quote_name
    table = quote(Measurement._meta.db_table)
    columns = ", ".join(quote(name) for name in _INSERTED_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY, the fastest way in; psycopg writes each row's text form and escapes it.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in created:
                    copy.write_row((*row, *tails[row[1]]))
        else:
            # Each row followed by its indicator's four constants, joined in C (map, itemgetter, tuple +):
            # a Python loop here costs a tenth of the whole write.
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(_INSERTED_COLUMNS))})",
                map(add, created, map(tails.__getitem__, map(_INDICATOR_ID, created))))


@contextmanager
def _foreign_keys_checked_here():
    """On SQLite, skip the per-row foreign-key lookups (a quarter of the write time of a large
    import): ``_verify_references`` checks the few distinct ids once, before the first write. A
    no-op elsewhere, and inside an outer transaction (where SQLite cannot change the setting)."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.constraint_checks_disabled():
        yield


def _verify_references(accepted: list, user) -> None:
    """Every indicator, market and site the rows refer to, and the user, still exist (see above)."""
    for model, ids in ((Indicator, set(map(_INDICATOR_ID, accepted))),
                       (Market, {market_id for market_id, _site in map(_PLACE, accepted)} - {None}),
                       (Site, {site_id for _market, site_id in map(_PLACE, accepted)} - {None})):
        ids = sorted(ids)
        found = 0
        for start in range(0, len(ids), 5000):
            found += model.objects.filter(pk__in=ids[start:start + 5000]).count()
        if found != len(ids):
            raise Conflict(f"{model._meta.verbose_name_plural.capitalize()} were removed while the import ran; "
                           "nothing was imported. Try again.")
    if not get_user_model().objects.filter(pk=user.pk).exists():
        raise Conflict("Indicators were removed while the import ran; nothing was imported. Try again.")


@transaction.atomic
def measurement_delete(*, access: PartnershipAccess, measurement: Measurement) -> None:
    """Take a value away. Its history stays: the deleted value becomes a revision (who, when), and
    the audit event says what it was."""
    access.require_write()
    indicator = measurement.indicator
    record_require_visible(access, indicator)
    if not indicator.may_be_entered_by(access.party):
        raise PermissionDenied(f"Only the owner party enters values of {indicator.code}.")
    measurement = Measurement.objects.select_for_update().get(pk=measurement.pk)
    now = timezone.now()
    batch = MeasurementBatch(partnership=access.partnership, owner_party=access.party, created_by=access.user,
                             created_at=now, source=MeasurementSource.MANUAL, visibility=indicator.visibility,
                             deleted=1)
    batch.full_clean(exclude=["partnership", "owner_party", "created_by"])
    batch.save()
    MeasurementRevision.objects.create(
        measurement=None, indicator=indicator, period=measurement.period, market_id=measurement.market_id,
        site_id=measurement.site_id, value=measurement.value,
        comment=measurement.comment, source=measurement.source, entered_by_id=measurement.entered_by_id,
        entered_at=measurement.entered_at, batch_id=measurement.batch_id, reason=RevisionReason.DELETED,
        replaced_by=access.user, replaced_at=now)
    measurement.delete()
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.DELETE, record=batch,
                 label=f"{indicator.code} for {periods.label(measurement.period, indicator.frequency)}",
                 changes=[{"field": f"{indicator.code} {measurement.period.isoformat()}",
                           "before": number(measurement.value), "after": None}])
    if not indicator.is_private:
        portfolio_refresh(spans=span_of_values([(access.partnership.pk, measurement.period, indicator.frequency)]))
