"""Checking measurement rows before anything is written: every way in (grid, form, file, CLI,
bulk API) sends its values through ``check_rows``, so every way in meets the same rules.

Each bad cell is reported as ``(row, column, message)``. A partnership the user cannot see is
reported exactly like one that does not exist, and a private indicator of the other party
exactly like an unknown code.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accord.accounts.models import membership_of
from accord.markets.models import Market, Site
from accord.metrics.models import EntryBy, Indicator, Scope
from accord.metrics.periods import PeriodError, parse_period, range_problem
from accord.partnerships.access import (
    PartnershipAccess,
    organization_parties,
    records_visible_to_organization,
)
from accord.partnerships.models import Visibility

from . import rules
from .files import MAX_FILE_BYTES, MAX_XLSX_RATIO, MAX_XLSX_UNPACKED_BYTES, MEGABYTE, cell_text

REQUIRED_COLUMNS = ("partnership", "indicator", "period", "value")
COLUMNS = (*REQUIRED_COLUMNS, "comment", "market", "site")
MAX_ROWS = 1_000_000
MAX_BLANK_ROWS = 10_000
ERRORS_KEPT = 1_000

IMPORT_LIMITS = {
    "file_megabytes": MAX_FILE_BYTES // MEGABYTE, "rows": MAX_ROWS, "blank_rows": MAX_BLANK_ROWS,
    "xlsx_unpacked_megabytes": MAX_XLSX_UNPACKED_BYTES // MEGABYTE, "xlsx_ratio": MAX_XLSX_RATIO,
    "errors_listed": ERRORS_KEPT,
}

Progress = Callable[[str, float], None]  # (phase "checking" | "writing", fraction done 0..1)


class TooManyRows(Exception):
    """The input is over a row limit: checking stops, and the result says why."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportResult:
    """What a write did (or, with ``dry_run``, would do). Any problem: nothing written.

    ``errors`` keeps the first 1,000 problems; ``problems`` and ``bad_rows`` count them all.
    """

    rows: int = 0
    created: int = 0
    corrected: int = 0
    unchanged: int = 0
    partnerships: int = 0
    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)
    problems: int = 0
    bad_rows: int = 0
    batch_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def errors_not_shown(self) -> int:
        return self.problems - len(self.errors)

    def add_error(self, row: int, column: str, message: str) -> None:
        if not self.errors or self.errors[-1].row != row:
            self.bad_rows += 1
        self.problems += 1
        if len(self.errors) < ERRORS_KEPT:
            self.errors.append(RowError(row, column, message))

    def summary(self) -> str:
        if self.problems:
            more = (f" The first {len(self.errors)} are listed." if self.errors_not_shown else "")
            return (f"Nothing imported: {self.problems} problem(s) in {self.bad_rows} row(s) "
                    f"of {self.rows}. Fix them and import the whole file again.{more}")
        verb = "Would import" if self.dry_run else "Imported"
        return (f"{verb} {self.rows} row(s) into {self.partnerships} partnership(s): "
                f"{self.created} created, {self.corrected} corrected, {self.unchanged} unchanged.")

    def as_dict(self) -> dict:
        return {"rows": self.rows, "created": self.created, "corrected": self.corrected,
                "unchanged": self.unchanged, "partnerships": self.partnerships, "dry_run": self.dry_run,
                "summary": self.summary()}


class IndicatorFacts:
    """What checking a row needs to know about one indicator (plain attributes: read once per row)."""

    __slots__ = ("id", "partnership_id", "code", "frequency", "may_enter", "private", "active_from",
                 "active_to", "periods", "entered_by_name", "scope")

    def __init__(self, *, id, partnership_id, code, frequency, may_enter, private, active_from, active_to,
                 periods, entered_by_name, scope=Scope.PARTNERSHIP):
        self.id, self.partnership_id, self.code, self.frequency = id, partnership_id, code, frequency
        self.scope = scope
        self.may_enter, self.private, self.entered_by_name = may_enter, private, entered_by_name
        self.active_from, self.active_to = active_from, active_to
        self.periods = periods  # period text -> stored form or _PeriodProblem, shared by one frequency


@dataclass
class ImportTarget:
    """One partnership the user may write into, with the indicators their party sees (by code)."""

    party: object
    indicators: dict = field(default_factory=dict)
    # Codes (upper case) naming both a shared indicator and the party's own private one: refused until
    # the party renames its private one (a value meant for it must never land on the shared one).
    clashing: set = field(default_factory=set)
    markets: dict = field(default_factory=dict)  # code -> market id
    sites: dict = field(default_factory=dict)  # code -> (site id, its market id)
    # Loads every target's markets and sites (two queries) the first time a row names a place: an import
    # of whole-partnership values never pays for them.
    load_places: Callable[[], None] = lambda: None


class _PeriodProblem(str):
    """A cached reason why a period text cannot be recorded (a good period is a plain ``str``)."""


def import_targets(user, access: PartnershipAccess | None) -> dict[str, ImportTarget]:
    """The partnerships (by slug) the user may write into: two queries, whatever the input's size."""
    if access is not None:
        access.require_write()
        organization_id = access.party.organization_id
        parties = [access.party]
    else:
        membership = membership_of(user)
        if membership is None:
            raise PermissionDenied("Only a member of an organization can import measurements.")
        if not membership.can_write:
            raise PermissionDenied("Viewers cannot make changes.")
        organization_id = membership.organization_id
        parties = list(organization_parties(organization_id).select_related("partnership"))
    targets = {party.partnership.slug: ImportTarget(party=party) for party in parties}
    by_partnership = {party.partnership_id: targets[party.partnership.slug] for party in parties}
    indicators = (records_visible_to_organization(Indicator.objects.all(), organization_id)
                  .filter(partnership_id__in=list(by_partnership))
                  .values_list("id", "partnership_id", "code", "frequency", "entry_by", "owner_party_id",
                               "visibility", "owner_party__organization__name", "active_from", "active_to", "scope"))
    period_caches: dict[str, dict] = {}
    for (pk, partnership_id, code, frequency, entry_by, owner_party_id, visibility, owner_name, active_from,
         active_to, scope) in indicators:
        target = by_partnership[partnership_id]
        if any(known.upper() == code.upper() for known in target.indicators):
            target.clashing.add(code.upper())
        target.indicators[code] = IndicatorFacts(
            id=pk, partnership_id=partnership_id, code=code, frequency=frequency,
            may_enter=entry_by == EntryBy.BOTH or owner_party_id == target.party.pk,
            private=visibility == Visibility.PRIVATE, active_from=active_from, active_to=active_to,
            periods=period_caches.setdefault(frequency, {}), entered_by_name=owner_name, scope=scope)
    loaded = []

    def load_places():
        if not loaded:
            loaded.append(True)
            _add_places(by_partnership, organization_id)

    for target in targets.values():
        target.load_places = load_places
    return targets


def _add_places(by_partnership: dict, organization_id) -> None:
    """Each target's markets and sites by code (two queries): rows name them by code."""
    partnership_ids = list(by_partnership)
    for pk, partnership_id, code in (records_visible_to_organization(Market.objects.all(), organization_id)
                                     .filter(partnership_id__in=partnership_ids)
                                     .values_list("id", "partnership_id", "code")):
        by_partnership[partnership_id].markets[code] = pk
    for pk, partnership_id, code, market_id in (records_visible_to_organization(Site.objects.all(), organization_id)
                                                .filter(partnership_id__in=partnership_ids)
                                                .values_list("id", "partnership_id", "code", "market_id")):
        by_partnership[partnership_id].sites[code] = (pk, market_id)


class _PlaceProblem(str):
    """Why a row's market or site cannot be used; ``column`` names the cell."""

    column = "market"


def _problem(column: str, message: str) -> _PlaceProblem:
    problem = _PlaceProblem(message)
    problem.column = column
    return problem


def _place(target: ImportTarget, indicator: IndicatorFacts, market_text: str, site_text: str, where: str):
    """``(market id, site id)`` for a row, or a ``_PlaceProblem``: a per-market indicator names its market, a per-site
    one its site (its market, if given, must be the site's), a whole-partnership one neither."""
    target.load_places()
    market_code, site_code = market_text.strip(), site_text.strip()
    market_id = site_id = None
    if market_code:
        market_id = target.markets.get(market_code)
        if market_id is None:
            return _problem("market", f"no market with code {market_code!r} in {where!r}")
    if site_code:
        site = target.sites.get(site_code)
        if site is None:
            return _problem("site", f"no site with code {site_code!r} in {where!r}")
        if market_id is not None and market_id != site[1]:
            code = next(code for code, pk in target.markets.items() if pk == site[1])
            return _problem("market", f"site {site_code!r} is in market {code!r}, not {market_code!r}")
        site_id, market_id = site
    if indicator.scope == Scope.PARTNERSHIP:
        if market_id is not None:
            return _problem("site" if site_code and not market_code else "market",
                            f"{indicator.code} is measured for the whole partnership: leave market and site empty")
    elif indicator.scope == Scope.MARKET:
        if site_id is not None:
            return _problem("site", f"{indicator.code} is measured per market, not per site: leave site empty")
        if market_id is None:
            return _problem("market", f"{indicator.code} is measured per market: give the market's code")
    elif site_id is None:
        return _problem("site", f"{indicator.code} is measured per site: give the site's code")
    return market_id, site_id


def _period(indicator: IndicatorFacts, text: str, today) -> str:
    """The period's stored form (``YYYY-MM-DD``), or a ``_PeriodProblem``.

    Parsing and the date range are cached per frequency (a million rows name a few dozen
    periods); only an indicator with active dates costs a check of its own.
    """
    period = indicator.periods.get(text)
    if period is None:
        if not text.strip():
            period = _PeriodProblem("a period is required")
        else:
            try:
                start = parse_period(text, indicator.frequency)
            except PeriodError as exc:
                period = _PeriodProblem(str(exc))
            else:
                problem = range_problem(start, today)
                period = _PeriodProblem(problem) if problem else start.isoformat()  # as stored
        indicator.periods[text] = period
    if (indicator.active_from is not None or indicator.active_to is not None) and period.__class__ is not _PeriodProblem:
        problem = rules.period_problem(datetime.date.fromisoformat(period), code=indicator.code, frequency=indicator.frequency,
                                       active_from=indicator.active_from, active_to=indicator.active_to, today=today)
        if problem:
            return _PeriodProblem(problem)
    return period


def check_rows(rows, is_mapping: bool, targets: dict[str, ImportTarget], access, result: ImportResult,
               fraction, progress: Progress | None) -> list:
    """Check every row; return the accepted ones as ``(partnership_id, indicator_id, period, value, comment, market_id,
    site_id)`` (the place empty for a whole-partnership value).

    This loop runs once per row of a file of up to a million rows: it sticks to local names,
    dict lookups and cached period parsing, and strips text only when a lookup misses.
    """
    add = result.add_error
    today = timezone.localdate()
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
    slug_at, code_at, period_at, value_at, comment_at, market_at, site_at = (positions.get(name) for name in COLUMNS)
    padding = [""] * (width + 1)
    accepted = []
    keep = accepted.append
    seen: dict = {}
    remember = seen.setdefault
    count = blank = 0
    smallest, largest = -rules.LIMIT, rules.LIMIT
    for number, cells in enumerate(rows, start=first_number):
        if progress and not number & 0xFFFF:
            progress("checking", fraction())
        if len(cells) < width:
            cells = cells + padding[: width - len(cells)]
        code = cells[code_at]
        period_text = cells[period_at]
        value_text = cells[value_at]
        slug = cells[slug_at] if slug_at is not None else ""
        if not (code or period_text or slug or value_text) or not (
                code.strip() or period_text.strip() or slug.strip() or value_text.strip()):
            blank += 1  # a blank line in a spreadsheet is not a row to report, but a million of them is
            if blank > MAX_BLANK_ROWS:
                add(number, "", f"more than {MAX_BLANK_ROWS:,} blank rows: remove them and import again")
                break
            continue
        count += 1
        if count > MAX_ROWS:
            add(number, "", f"more than {MAX_ROWS:,} rows: split the file and import each part")
            break
        target = targets.get(slug)
        if target is None:
            slug = slug.strip()
            target = targets.get(slug) if slug else fixed
            if fixed is not None and target is not fixed:
                target = None
        indicator = None
        if target is None:
            if not slug:
                add(number, "partnership", "a partnership slug is required")
            elif fixed_slug is not None:
                add(number, "partnership", f"this import is for {fixed_slug!r}; the row names {slug!r}")
            else:
                add(number, "partnership", f"no partnership with slug {slug!r}")
        else:
            indicator = target.indicators.get(code)
            if indicator is None:
                code = code.strip()
                indicator = target.indicators.get(code)
                if indicator is None:
                    add(number, "indicator", f"no indicator with code {code!r} in {slug or fixed_slug!r}"
                        if code else "an indicator code is required")
            if indicator is not None and code.upper() in target.clashing:
                add(number, "indicator", f"{code} names a shared indicator and your private one: "
                                         "rename your private indicator first")
                indicator = None
            if indicator is not None and not indicator.may_enter:
                add(number, "indicator", f"only {indicator.entered_by_name} enters values of {indicator.code}")
                indicator = None
        period = None
        market_id = site_id = None
        if indicator is not None:
            period = _period(indicator, period_text, today)
            if period.__class__ is _PeriodProblem:
                add(number, "period", period)
                period = None
            market_text = cells[market_at] if market_at is not None else ""
            site_text = cells[site_at] if site_at is not None else ""
            if market_text or site_text or indicator.scope != Scope.PARTNERSHIP:
                place = _place(target, indicator, market_text, site_text, slug or fixed_slug)
                if place.__class__ is _PlaceProblem:
                    add(number, place.column, place)
                    period = None
                else:
                    market_id, site_id = place
        elif target is not None and market_at is not None and (market_text := cells[market_at].strip()):
            target.load_places()
            if market_text not in target.markets:
                add(number, "market", f"no market with code {market_text!r} in {slug or fixed_slug!r}")
        try:
            value = Decimal(value_text)
        except (InvalidOperation, ValueError):
            value_text = value_text.strip()
            add(number, "value", f"{value_text!r} is not a number" if value_text else "a value is required")
            continue
        # The exact (slow) checks only when the text hints at a problem: NaN/Infinity, an exponent,
        # more than six decimals, or a number too big for DecimalField(max_digits=20, decimal_places=6).
        dot = value_text.find(".")
        if (not value.is_finite() or "e" in value_text or "E" in value_text or (dot >= 0 and len(value_text) - dot > 7)
                or not smallest < value < largest):
            problem = rules.value_problem(value)
            if problem:
                add(number, "value", f"{value_text.strip()!r}: {problem}")
                continue
        comment = cells[comment_at].strip() if comment_at is not None else ""
        if comment and (problem := rules.comment_problem(comment)):
            add(number, "comment", problem)
            continue
        if period is None:
            continue
        earlier = remember((indicator.id, market_id, site_id, period), number)
        if earlier != number:
            add(number, "period", f"{indicator.code} {period} already appears on row {earlier}")
            continue
        keep((indicator.partnership_id, indicator.id, period, value, comment, market_id, site_id))
    result.rows = count
    return accepted


def _header(rows, fixed_slug, result: ImportResult):
    """Column positions from the header row, or ``(None, 0)`` with the problems reported."""
    names = next(rows, None)
    if names is None:
        result.add_error(1, "", "the file is empty: the first row must name the columns " + ", ".join(REQUIRED_COLUMNS))
        return None, 0
    positions: dict[str, int] = {}
    for index, name in enumerate(names):
        name = (name or "").strip().lower()
        if name in positions:
            result.add_error(1, name, f"the column {name!r} appears twice")
        elif name:
            positions[name] = index
    required = [name for name in REQUIRED_COLUMNS if not (name == "partnership" and fixed_slug is not None)]
    for name in required:
        if name not in positions:
            result.add_error(1, name, f"the required column {name!r} is missing; the header row has "
                             + (", ".join(repr(n) for n in positions) or "no names"))
    if result.problems:
        return None, 0
    return positions, len(names)
