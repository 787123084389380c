"""Periods: a period is named by its start date, aligned to the indicator's frequency.

weekly → Monday; monthly → the 1st; quarterly → 1 Jan/Apr/Jul/Oct; annual → 1 Jan.
Pure functions, no ORM.
"""

import datetime
import re

WEEKLY, MONTHLY, QUARTERLY, ANNUAL = "weekly", "monthly", "quarterly", "annual"

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


class PeriodError(ValueError):
    """A period text that cannot be read, or that does not fit the indicator's frequency."""


def period_start(day: datetime.date, frequency: str) -> datetime.date:
    """The start of the period of ``frequency`` that contains ``day``."""
    if frequency == WEEKLY:
        return day - datetime.timedelta(days=day.weekday())
    if frequency == MONTHLY:
        return day.replace(day=1)
    if frequency == QUARTERLY:
        return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if frequency == ANNUAL:
        return datetime.date(day.year, 1, 1)
    raise PeriodError(f"unknown frequency {frequency!r}")


def is_aligned(day: datetime.date, frequency: str) -> bool:
    return period_start(day, frequency) == day


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


def shift(start: datetime.date, frequency: str, steps: int) -> datetime.date:
    """The start of the period ``steps`` periods after (or before, if negative) ``start``."""
    if frequency == WEEKLY:
        return start + datetime.timedelta(weeks=steps)
    months = {MONTHLY: 1, QUARTERLY: 3, ANNUAL: 12}[frequency] * steps
    index = start.year * 12 + (start.month - 1) + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def recent_periods(today: datetime.date, frequency: str, count: int) -> list[datetime.date]:
    """The ``count`` most recent period starts up to and including the one containing ``today``, oldest first."""
    current = period_start(today, frequency)
    return [shift(current, frequency, -i) for i in range(count - 1, -1, -1)]


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
