"""Checking measurement rows (from a file or the bulk API) before anything is written.

Every row is checked; each bad cell is reported as ``(row, column, message)``. A partnership
the user cannot see is reported exactly like one that does not exist, and a private indicator
of the other party exactly like an unknown code.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from accord.metrics.models import EntryBy, Indicator
from accord.metrics.periods import PeriodError, parse_period
from accord.partnerships.access import PartnershipAccess
from accord.partnerships.models import Party, PartyStatus, Visibility

from .files import cell_text

REQUIRED_COLUMNS = ("partnership", "indicator", "period", "value")
COLUMNS = (*REQUIRED_COLUMNS, "comment")
DECIMAL_PLACES = 6
INTEGER_DIGITS = 14  # DecimalField(max_digits=20, decimal_places=6)
QUANTUM = Decimal(1).scaleb(-DECIMAL_PLACES)
_LIMIT = Decimal(10) ** INTEGER_DIGITS

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



@dataclass
class ImportTarget:
    """One partnership the user may import into, with the indicators their party sees."""

    party: Party
    indicators: dict  # code -> (indicator_id, partnership_id, period_cache, frequency, may_enter, private, code)
    entered_by_name: dict  # code -> the organization that enters it, for the refusal message
    # Codes (upper case) naming both a shared indicator and the party's own private one: refused until
    # the party renames its private one (a value meant for it must never land on the shared one).
    clashing: set = field(default_factory=set)


class _PeriodProblem(str):
    """A cached reason why a period text does not fit a frequency (a good period is a plain ``str``)."""


def import_targets(user, access: PartnershipAccess | None) -> dict[str, ImportTarget]:
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
    targets = {party.partnership.slug: ImportTarget(party=party, indicators={}, entered_by_name={}) for party in parties}
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
        if any(known.upper() == code.upper() for known in target.indicators):
            target.clashing.add(code.upper())
        target.indicators[code] = (pk, partnership_id, cache, frequency, may_enter,
                                   visibility == Visibility.PRIVATE, code)
        target.entered_by_name[code] = owner_name
    return targets


def _decimal_problem(value: Decimal) -> str | None:
    if not value.is_finite():
        return "must be a number"
    if value.as_tuple().exponent < -DECIMAL_PLACES and value != value.quantize(QUANTUM):
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


def check_rows(rows, is_mapping: bool, targets: dict[str, ImportTarget], access, result: ImportResult,
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
        rows = ([cell_text(row.get(name)) for name in COLUMNS] for row in rows)
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
            if indicator is not None and code.upper() in target.clashing:
                add(RowError(number, "indicator", f"{code} names a shared indicator and your private one: "
                                                  "rename your private indicator first"))
                indicator = None
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
