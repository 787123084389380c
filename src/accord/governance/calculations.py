"""The arithmetic of governance, with no database: meeting cadences and working days.

A cadence is data: ``{"every_months": 1, "for_months": 6, "then_every_months": 3}`` means a
meeting every month for the first six months from ``starts_on``, then every three months. Without
``for_months`` the first rhythm runs for ever. Every date is counted from ``starts_on`` itself
(never from the previous meeting), so a body that starts on 31 January meets on 28/29 February and
then 31 March again, not on the 28th of every month after February.
"""

import datetime
from collections.abc import Iterable

from dateutil.relativedelta import relativedelta

CADENCE_KEYS = ("every_months", "for_months", "then_every_months")
MAX_MONTHS = 120  # a rhythm longer than ten years is a typing mistake, not a cadence


def cadence_errors(cadence) -> list[str]:
    """What is wrong with ``cadence`` (empty when it is a valid cadence)."""
    if not isinstance(cadence, dict):
        return ["A cadence is an object such as {\"every_months\": 1, \"for_months\": 6, \"then_every_months\": 3}."]
    errors = [f"Unknown key {key!r}." for key in cadence if key not in CADENCE_KEYS]
    for key in CADENCE_KEYS:
        value = cadence.get(key)
        if value is None:
            if key == "every_months":
                errors.append("every_months is required.")
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_MONTHS:
            errors.append(f"{key} must be a whole number of months from 1 to {MAX_MONTHS}.")
    if cadence.get("then_every_months") is not None and cadence.get("for_months") is None:
        errors.append("then_every_months needs for_months: after how many months the rhythm changes.")
    return errors


def _month_offsets(cadence: dict) -> Iterable[int]:
    """Months after ``starts_on`` at which meetings fall, in order, for ever."""
    every = cadence["every_months"]
    for_months = cadence.get("for_months")
    then_every = cadence.get("then_every_months") or every
    offset = 0
    while for_months is None or offset < for_months:
        yield offset
        offset += every
    # The second rhythm starts where the first period ends, whatever the first step left over.
    offset = for_months
    while True:
        yield offset
        offset += then_every


def meeting_dates(cadence: dict, starts_on: datetime.date, *, window_start: datetime.date,
                  window_end: datetime.date) -> list[datetime.date]:
    """The cadence's meeting dates that fall within ``[window_start, window_end]``, in order."""
    dates = []
    for offset in _month_offsets(cadence):
        day = starts_on + relativedelta(months=offset)
        if day > window_end:
            return dates
        if day >= window_start:
            dates.append(day)
    return dates  # pragma: no cover - the offsets never end


def slots_to_schedule(planned: Iterable[datetime.date], existing: Iterable[datetime.date]) -> list[datetime.date]:
    """Planned dates without a meeting yet. A moved or cancelled meeting keeps its planned date
    (its slot), so scheduling again never brings it back."""
    taken = set(existing)
    return [day for day in planned if day not in taken]


# Working days ----------------------------------------------------------------------------------

def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date ``days`` working days (Monday to Friday) after ``start``; a weekend start counts from
    the next Monday. ``days == 0`` is ``start`` itself."""
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` is not after ``start``)."""
    if end <= start:
        return 0
    whole_weeks, rest = divmod((end - start).days, 7)
    count = whole_weeks * 5
    day = start + datetime.timedelta(days=whole_weeks * 7)
    for _ in range(rest):
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            count += 1
    return count


def _every(months: int) -> str:
    return {1: "monthly", 3: "quarterly", 6: "every six months", 12: "yearly"}.get(months, f"every {months} months")


def cadence_text(cadence: dict) -> str:
    """The cadence in words: "monthly for 6 months, then quarterly"."""
    text = _every(cadence["every_months"])
    if cadence.get("for_months"):
        text += f" for {cadence['for_months']} months"
        if cadence.get("then_every_months"):
            text += f", then {_every(cadence['then_every_months'])}"
    return text


# Action items ----------------------------------------------------------------------------------

def is_overdue(*, status: str, due_date: datetime.date, today: datetime.date) -> bool:
    return status == "open" and due_date < today


def done_on_time_rate(actions: Iterable[tuple[str, datetime.date, datetime.date | None]], *,
                      today: datetime.date) -> dict:
    """Of the actions that are due by ``today`` or done ((status, due_date, completed_on) each; cancelled
    ones do not count), how many were done by their due date: ``{"due", "on_time", "percent"}``
    (``percent`` is ``None`` when nothing is due yet)."""
    from decimal import ROUND_HALF_UP, Decimal

    due = on_time = 0
    for status, due_date, completed_on in actions:
        if status == "cancelled" or (status == "open" and due_date >= today):
            continue
        due += 1
        if status == "done" and completed_on is not None and completed_on <= due_date:
            on_time += 1
    percent = (Decimal(on_time * 100) / due).quantize(Decimal("0.1"), ROUND_HALF_UP) if due else None
    return {"due": due, "on_time": on_time, "percent": percent}
