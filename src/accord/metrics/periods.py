"""Periods: a period is named by its start date, aligned to the indicator's frequency.

weekly → Monday; monthly → the 1st; quarterly → 1 Jan/Apr/Jul/Oct; annual → 1 Jan.
The one home of period arithmetic (on ``dateutil``). Pure functions, no ORM.
"""

import datetime
import functools
import re

from dateutil.relativedelta import MO, relativedelta

WEEKLY, MONTHLY, QUARTERLY, ANNUAL = "weekly", "monthly", "quarterly", "annual"
_STEP = {
    WEEKLY: relativedelta(weeks=1),
    MONTHLY: relativedelta(months=1),
    QUARTERLY: relativedelta(months=3),
    ANNUAL: relativedelta(years=1),
}
# No period starts before this: far-off years are typing mistakes, and arithmetic near
# ``date.min``/``date.max`` overflows. The latest period is the one containing today.
EARLIEST = datetime.date(1900, 1, 1)

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


class PeriodError(ValueError):
    """A period text that cannot be read, or that does not fit the indicator's frequency."""


def period_start(day: datetime.date, frequency: str) -> datetime.date:
    """The start of the period of ``frequency`` that contains ``day``."""
    if frequency == WEEKLY:
        return day + relativedelta(weekday=MO(-1))
    if frequency == MONTHLY:
        return day.replace(day=1)
    if frequency == QUARTERLY:
        return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if frequency == ANNUAL:
        return datetime.date(day.year, 1, 1)
    raise PeriodError(f"unknown frequency {frequency!r}")


def is_aligned(day: datetime.date, frequency: str) -> bool:
    return period_start(day, frequency) == day


# Cached: scorecards ask for the same few hundred periods thousands of times, and date
# arithmetic with relativedelta costs microseconds a call.
@functools.lru_cache(maxsize=65536)
def shift(start: datetime.date, frequency: str, steps: int) -> datetime.date:
    """The start of the period ``steps`` periods after (or before, if negative) ``start``."""
    return start + _STEP[frequency] * steps


@functools.lru_cache(maxsize=65536)
def period_end(start: datetime.date, frequency: str) -> datetime.date:
    """The last day of the period of ``frequency`` that starts on ``start``."""
    return shift(start, frequency, 1) - datetime.timedelta(days=1)


def is_active(start: datetime.date, frequency: str, active_from: datetime.date | None,
              active_to: datetime.date | None) -> bool:
    """Whether the period overlaps the indicator's active dates (either end may be open)."""
    return (active_from is None or active_from <= period_end(start, frequency)) and (
        active_to is None or active_to >= start)


def recent_periods(today: datetime.date, frequency: str, count: int) -> list[datetime.date]:
    """The ``count`` most recent period starts up to and including the one containing ``today``, oldest first."""
    current = period_start(today, frequency)
    return [shift(current, frequency, -i) for i in range(count - 1, -1, -1)]


def months_back(end: datetime.date, count: int) -> list[datetime.date]:
    """The ``count`` months up to and including ``end`` (a month start), oldest first."""
    return [shift(end, MONTHLY, -i) for i in range(count - 1, -1, -1)]


def weeks_of_month(month: datetime.date) -> list[datetime.date]:
    """The Mondays that fall in ``month``: a week belongs to the month in which it starts."""
    first = month + relativedelta(weekday=MO(+1))
    end = period_end(month, MONTHLY)
    return [first + relativedelta(weeks=i) for i in range(6) if first + relativedelta(weeks=i) <= end]


def parse_period(text: str, frequency: str) -> datetime.date:
    """Read ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY-Qn`` or ``YYYY`` as the start of a period of ``frequency``.

    The text must name exactly one period of that frequency: ``2025-02`` is a monthly period,
    not a quarterly one; ``2025-02-10`` is accepted for weekly only if it is a Monday.
    """
    text = (text or "").strip()
    try:
        if m := _DAY.match(text):
            day = datetime.date(int(m[1]), int(m[2]), int(m[3]))
        elif m := _MONTH.match(text):
            day = datetime.date(int(m[1]), int(m[2]), 1)
            if frequency == WEEKLY:
                raise PeriodError(f"{text!r} is a month; a weekly indicator needs the Monday, YYYY-MM-DD")
        elif m := _QUARTER.match(text):
            day = datetime.date(int(m[1]), 3 * (int(m[2]) - 1) + 1, 1)
            if frequency in (WEEKLY, MONTHLY):
                raise PeriodError(f"{text!r} is a quarter; this indicator is {frequency}")
        elif m := _YEAR.match(text):
            day = datetime.date(int(m[1]), 1, 1)
            if frequency != ANNUAL:
                raise PeriodError(f"{text!r} is a year; this indicator is {frequency}")
        else:
            raise PeriodError(f"{text!r} is not a period: use YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY")
    except ValueError as exc:
        if isinstance(exc, PeriodError):
            raise
        raise PeriodError(f"{text!r} is not a real date") from None
    if not is_aligned(day, frequency):
        raise PeriodError(
            f"{text!r} does not start a {frequency} period; the period containing it starts "
            f"{period_start(day, frequency).isoformat()}"
        )
    return day


def range_problem(start: datetime.date, today: datetime.date) -> str | None:
    """Why a period starting on ``start`` cannot be recorded or shown yet, or ``None``:
    it must have started (not in the future) and not be before 1900."""
    if start > today:
        return f"{start.isoformat()} is in the future; record a period once it has started"
    if start < EARLIEST:
        return f"{start.isoformat()} is before {EARLIEST.year}; check the year"
    return None


def label(start: datetime.date, frequency: str) -> str:
    """A short human label: ``2025-W07``, ``Feb 2025``, ``2025-Q1``, ``2025``."""
    if frequency == WEEKLY:
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if frequency == MONTHLY:
        return start.strftime("%b %Y")
    if frequency == QUARTERLY:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return str(start.year)
