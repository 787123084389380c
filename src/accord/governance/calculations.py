"""The arithmetic of governance, with no database: meeting cadences and working days.

A cadence is data: ``{"every_months": 1, "for_months": 6, "then_every_months": 3}`` means a
meeting every month for the first six months from ``starts_on``, then every three months. Without
``for_months`` the first rhythm runs for ever. Every date is counted from ``starts_on`` itself
(never from the previous meeting), so a body that starts on 31 January meets on 28/29 February and
then 31 March again, not on the 28th of every month after February.
"""

import datetime
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

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
    due = on_time = 0
    for status, due_date, completed_on in actions:
        if status == "cancelled" or (status == "open" and due_date >= today):
            continue
        due += 1
        if status == "done" and completed_on is not None and completed_on <= due_date:
            on_time += 1
    percent = (Decimal(on_time * 100) / due).quantize(Decimal("0.1"), ROUND_HALF_UP) if due else None
    return {"due": due, "on_time": on_time, "percent": percent}


# The escalation ladder ---------------------------------------------------------------------------

LADDER = ("working", "operational", "strategic")
# (respond, resolve) working days per level when the partnership has not set its own (issue 12).
DEFAULT_TARGETS = {"working": (2, 10), "operational": (5, 20), "strategic": (10, 40)}


def next_level(level: str) -> str | None:
    """The rung above ``level`` (None at the top)."""
    position = LADDER.index(level)
    return LADDER[position + 1] if position + 1 < len(LADDER) else None


def deadlines(start: datetime.date, *, respond_days: int, resolve_days: int) -> tuple[datetime.date, datetime.date]:
    """(respond_by, resolve_by): so many working days after the day a level starts."""
    return add_working_days(start, respond_days), add_working_days(start, resolve_days)


def escalation_blocker(*, level: str, status: str, responded: bool, resolve_by: datetime.date,
                       today: datetime.date) -> str:
    """Why the escalation cannot go up a level now ("" when it can). Resolve at your level first: a response
    must be recorded at the current level, unless its resolution target has passed."""
    if status == "resolved":
        return "This escalation is resolved."
    if next_level(level) is None:
        return "This escalation is already at the strategic board, the top of the ladder."
    if not responded and today <= resolve_by:
        return (f"Resolve at your level first: record a response at the {level} level before escalating "
                f"(or escalate after its resolution target, {resolve_by:%-d %b %Y}).")
    return ""


def overdue_for_escalation(*, status: str, level: str, resolve_by: datetime.date, today: datetime.date) -> bool:
    """The resolution target passed on an open escalation below the top: escalating is proposed."""
    return status != "resolved" and next_level(level) is not None and resolve_by < today


def response_on_time(*, due: datetime.date, responded_on: datetime.date | None, today: datetime.date) -> bool | None:
    """True when answered by ``due``; False when answered late or not answered and ``due`` passed; None while
    it is still open and in time (nothing to count yet)."""
    if responded_on is not None:
        return responded_on <= due
    return False if due < today else None


def percent_on_time(outcomes) -> Decimal | None:
    """The share of ``outcomes`` (True/False; None ones are left out) that are True, in percent to 0.1."""
    counted = [outcome for outcome in outcomes if outcome is not None]
    if not counted:
        return None
    return (Decimal(sum(counted) * 100) / len(counted)).quantize(Decimal("0.1"), ROUND_HALF_UP)


# Attendance --------------------------------------------------------------------------------------

def quorum(*, rule: str, parties: list, members: list[tuple], present: set) -> dict:
    """Whether a meeting had its quorum. ``parties``: the accepted parties' ids; ``members``: the body's
    (user_id, party_id); ``present``: the ids of the people present. Returns ``{"met", "parties_missing"}``:
    ``parties_missing`` are the parties with no member present (seed 001: a meeting held without a member of
    each party is flagged, whatever the rule)."""
    present_members = [(user, party) for user, party in members if user in present]
    missing = [party for party in parties if not any(p == party for _, p in present_members)]
    if rule == "majority":
        met = len(present_members) * 2 > len(members)
    else:
        met = not missing
    return {"met": met, "parties_missing": missing}
