import datetime

import pytest

from accord.metrics.periods import PeriodError, label, parse_period, period_start, recent_periods, shift

D = datetime.date


@pytest.mark.parametrize("text,frequency,expected", [
    ("2025-03-01", "monthly", D(2025, 3, 1)),
    ("2025-03", "monthly", D(2025, 3, 1)),
    ("2025-Q2", "quarterly", D(2025, 4, 1)),
    ("2025-04", "quarterly", D(2025, 4, 1)),
    ("2025", "annual", D(2025, 1, 1)),
    ("2025-02-10", "weekly", D(2025, 2, 10)),  # a Monday
])
def test_parse_aligned(text, frequency, expected):
    assert parse_period(text, frequency) == expected


@pytest.mark.parametrize("text,frequency,fragment", [
    ("2025-03-02", "monthly", "does not start"),
    ("2025-02", "quarterly", "does not start"),
    ("2025-Q1", "monthly", "is a quarter"),
    ("2025", "monthly", "is a year"),
    ("2025-02-11", "weekly", "does not start"),
    ("2025-13", "monthly", "not a real date"),
    ("March 2025", "monthly", "not a period"),
    ("", "monthly", "not a period"),
])
def test_parse_rejects(text, frequency, fragment):
    with pytest.raises(PeriodError) as exc:
        parse_period(text, frequency)
    assert fragment in str(exc.value)


def test_period_start_and_shift():
    assert period_start(D(2025, 8, 17), "quarterly") == D(2025, 7, 1)
    assert period_start(D(2025, 8, 17), "weekly") == D(2025, 8, 11)
    assert shift(D(2025, 11, 1), "monthly", 3) == D(2026, 2, 1)
    assert shift(D(2025, 1, 1), "quarterly", -1) == D(2024, 10, 1)
    assert recent_periods(D(2025, 3, 15), "monthly", 3) == [D(2025, 1, 1), D(2025, 2, 1), D(2025, 3, 1)]
    assert label(D(2025, 4, 1), "quarterly") == "2025-Q2"
