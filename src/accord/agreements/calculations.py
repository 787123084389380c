"""The agreement's rules and derived dates, as pure functions over plain values (no ORM).

Each validator returns ``{field: message}`` (empty when all is well), so services raise one
``ValidationError`` naming every problem and the functions can be tested without a database.
"""

import calendar
import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

APPROACHING_WINDOW_DAYS = 90
# Bounds that keep every derived date (term end, renewal, notice deadline) a real calendar date:
# a start in 1900–2199 plus at most a century of term and a century of renewal stays below
# year 2400, and a century of notice before it stays above year 1800.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2199, 12, 31)
MAX_TERM_MONTHS = 1200
MAX_NOTICE_DAYS = 36500
DONE_DELIVERABLE_STATUSES = frozenset({"delivered", "accepted"})
HUNDRED = Decimal("100")


def add_months(start: datetime.date, months: int) -> datetime.date:
    """``start`` plus whole months, clamped to the end of a shorter month (31 Jan + 1 → 28/29 Feb)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def term_end(start_date: datetime.date | None, end_date: datetime.date | None,
             duration_months: int | None) -> datetime.date | None:
    """The last day of the term: the end date, or the start plus the duration, or unknown."""
    if end_date is not None:
        return end_date
    if start_date is not None and duration_months:
        return add_months(start_date, duration_months)
    return None


def commercial_terms_errors(*, start_date, end_date, duration_months, notice_period_days,
                            renewal_term_months=None, renewal="mutual_consent") -> dict[str, str]:
    """Problems with the term, renewal and notice: end after start, notice shorter than the term."""
    errors: dict[str, str] = {}
    for name, value in (("start_date", start_date), ("end_date", end_date)):
        if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
            errors[name] = f"Give a date between {EARLIEST_DATE:%Y-%m-%d} and {LATEST_DATE:%Y-%m-%d}."
    for name, value in (("duration_months", duration_months), ("renewal_term_months", renewal_term_months)):
        if value is not None and value > MAX_TERM_MONTHS:
            errors[name] = f"At most {MAX_TERM_MONTHS} months (a hundred years)."
    if notice_period_days is not None and notice_period_days > MAX_NOTICE_DAYS:
        errors["notice_period_days"] = f"At most {MAX_NOTICE_DAYS} days (a hundred years)."
    if errors:
        return errors  # the dates below cannot be computed from values out of range
    if end_date is not None and duration_months:
        errors["duration_months"] = "Give either an end date or a duration in months, not both."
    if start_date is not None and end_date is not None and end_date <= start_date:
        errors["end_date"] = "The end date must be after the start date."
    if duration_months is not None and duration_months <= 0:
        errors["duration_months"] = "The duration must be at least one month."
    if renewal == "automatic" and not renewal_term_months:
        errors["renewal_term_months"] = "An automatic renewal needs a renewal term in months."
    end = term_end(start_date, end_date, duration_months)
    if notice_period_days is not None and start_date is not None and end is not None and "end_date" not in errors:
        term_days = (end - start_date).days
        if notice_period_days >= term_days:
            errors["notice_period_days"] = (
                f"The notice period ({notice_period_days} days) must be shorter than the term ({term_days} days)."
            )
    return errors


def revenue_share_errors(shares: Iterable[Decimal]) -> dict[str, str]:
    """Each party's share is 0–100 and, when any is given, they add up to exactly 100."""
    shares = list(shares)
    if not shares:
        return {}
    if any(share < 0 or share > HUNDRED for share in shares):
        return {"revenue_shares": "Each party's share must be between 0 and 100 percent."}
    total = sum(shares, Decimal("0"))
    if total != HUNDRED:
        return {"revenue_shares": f"The parties' shares must add up to exactly 100 percent; they add up to {total}."}
    return {}


@dataclass(frozen=True)
class AreaRow:
    name: str
    roles: Mapping[object, str]  # party key -> "R" | "A" | "C" | "I" | ""


def responsibility_errors(areas: Iterable[AreaRow]) -> dict[str, str]:
    """Every area has a name, a unique one, and exactly one accountable (A) party."""
    problems = []
    seen = set()
    for row_number, area in enumerate(areas, start=1):
        name = (area.name or "").strip()
        label = f"Row {row_number}" + (f" ({name})" if name else "")
        if not name:
            problems.append(f"{label}: the area needs a name.")
            continue
        if name.lower() in seen:
            problems.append(f"{label}: the area is listed twice.")
        seen.add(name.lower())
        accountable = sum(1 for role in area.roles.values() if role == "A")
        if accountable != 1:
            problems.append(f"{label}: exactly one party must be accountable (A); found {accountable}.")
    return {"areas": " ".join(problems)} if problems else {}


def deliverable_is_overdue(due_date: datetime.date | None, status: str, today: datetime.date) -> bool:
    """Due date passed and not delivered or accepted. Due today is not yet overdue."""
    return due_date is not None and due_date < today and status not in DONE_DELIVERABLE_STATUSES


def notice_deadline(end: datetime.date | None, notice_period_days: int | None) -> datetime.date | None:
    """The last day on which notice can be given to end the agreement at its term."""
    if end is None or notice_period_days is None:
        return None
    return end - datetime.timedelta(days=notice_period_days)


def renewal_decision_date(end: datetime.date | None, notice_period_days: int | None,
                          renewal: str) -> datetime.date | None:
    """When the parties must have decided on renewal.

    Automatic renewal: unless notice is given by the notice deadline the term rolls over, so the
    decision is due then. Mutual consent: both sides must agree before the notice deadline too,
    so that either can still give notice in time if they do not.
    """
    if renewal not in ("automatic", "mutual_consent"):
        return None
    return notice_deadline(end, notice_period_days)


def date_flag(date: datetime.date | None, today: datetime.date,
              window_days: int = APPROACHING_WINDOW_DAYS) -> str:
    """``"passed"`` before today, ``"approaching"`` from today to ``window_days`` ahead, else ``""``."""
    if date is None:
        return ""
    if date < today:
        return "passed"
    if (date - today).days <= window_days:
        return "approaching"
    return ""


@dataclass(frozen=True)
class KeyDates:
    term_end: datetime.date | None
    notice_deadline: datetime.date | None
    notice_flag: str
    renewal_decision_date: datetime.date | None
    renewal_flag: str
    renewal_term_end: datetime.date | None


def key_dates(*, start_date, end_date, duration_months, notice_period_days, renewal,
              renewal_term_months, today: datetime.date) -> KeyDates:
    """All the agreement's derived dates with their flags, for the page, the API and the document."""
    end = term_end(start_date, end_date, duration_months)
    deadline = notice_deadline(end, notice_period_days)
    decision = renewal_decision_date(end, notice_period_days, renewal)
    renewed_until = add_months(end, renewal_term_months) if end and renewal_term_months else None
    return KeyDates(term_end=end, notice_deadline=deadline, notice_flag=date_flag(deadline, today),
                    renewal_decision_date=decision, renewal_flag=date_flag(decision, today),
                    renewal_term_end=renewed_until)


def legal_item_errors(*, kind: str, regime: str, ip_ownership: str, has_owner_party: bool) -> dict[str, str]:
    """A data-privacy item names its regime; an IP item says joint or whose; nothing else carries either."""
    errors: dict[str, str] = {}
    if kind == "data_privacy" and not regime:
        errors["regime"] = "Name the data privacy regime (GDPR, HIPAA, CCPA or other)."
    if kind != "data_privacy" and regime:
        errors["regime"] = "A regime applies only to a data privacy item."
    if kind == "ip_ownership":
        if not ip_ownership:
            errors["ip_ownership"] = "Say whether the IP is owned jointly or by one party."
        elif ip_ownership == "party" and not has_owner_party:
            errors["ip_owner_party"] = "Choose the party that owns the IP."
        elif ip_ownership == "joint" and has_owner_party:
            errors["ip_owner_party"] = "Jointly owned IP has no single owner party."
    elif ip_ownership or has_owner_party:
        errors["ip_ownership"] = "IP ownership applies only to an IP ownership item."
    return errors
