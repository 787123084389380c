"""The rules a measurement meets before it is written, whichever way it comes in.

Each check returns the problem as a short lower-case phrase (the caller names the row or the
field), or ``None``. ``rows.check_rows`` applies them to every row of every write.
"""

import datetime
from decimal import Decimal

from accord.metrics import periods

DECIMAL_PLACES = 6
INTEGER_DIGITS = 14  # DecimalField(max_digits=20, decimal_places=6)
QUANTUM = Decimal(1).scaleb(-DECIMAL_PLACES)
LIMIT = Decimal(10) ** INTEGER_DIGITS
COMMENT_MAX = 2000


def value_problem(value: Decimal) -> str | None:
    """A value must be a finite number that fits the column: at most 14 digits before the point, 6 after."""
    if not value.is_finite():
        return "must be a number"
    if value.as_tuple().exponent < -DECIMAL_PLACES and value != value.quantize(QUANTUM):
        return f"at most {DECIMAL_PLACES} decimal places"
    if abs(value) >= LIMIT:
        return f"must be smaller than 10^{INTEGER_DIGITS} in size"
    return None


def comment_problem(text: str) -> str | None:
    """A comment is text a database and a page can hold: no NUL, no lone surrogate, not too long."""
    if "\x00" in text:
        return "must not contain a NUL character"
    if len(text) > COMMENT_MAX:
        return f"at most {COMMENT_MAX} characters"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "must be valid text (it contains a lone surrogate)"
    return None


def period_problem(start: datetime.date, *, code: str, frequency: str, active_from: datetime.date | None,
                   active_to: datetime.date | None, today: datetime.date) -> str | None:
    """A period (already aligned to ``frequency``) must have started, not be before 1900, and
    overlap the indicator's active dates."""
    problem = periods.range_problem(start, today)
    if problem:
        return problem
    if not periods.is_active(start, frequency, active_from, active_to):
        return f"{code} is not active in the period starting {start.isoformat()}"
    return None
