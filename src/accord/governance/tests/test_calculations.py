import datetime

import pytest

from accord.governance.calculations import (
    add_working_days,
    cadence_errors,
    cadence_text,
    meeting_dates,
    slots_to_schedule,
    working_days_between,
)

D = datetime.date
OPERATIONAL = {"every_months": 1, "for_months": 6, "then_every_months": 3}


def test_monthly_for_six_months_then_quarterly():
    dates = meeting_dates(OPERATIONAL, D(2025, 1, 15), window_start=D(2025, 1, 1), window_end=D(2026, 1, 31))
    assert dates == [D(2025, 1, 15), D(2025, 2, 15), D(2025, 3, 15), D(2025, 4, 15), D(2025, 5, 15),
                     D(2025, 6, 15), D(2025, 7, 15), D(2025, 10, 15), D(2026, 1, 15)]


def test_the_switch_happens_where_the_first_period_ends_even_when_steps_do_not_divide_it():
    cadence = {"every_months": 4, "for_months": 6, "then_every_months": 1}
    dates = meeting_dates(cadence, D(2025, 1, 1), window_start=D(2025, 1, 1), window_end=D(2025, 9, 1))
    assert dates == [D(2025, 1, 1), D(2025, 5, 1), D(2025, 7, 1), D(2025, 8, 1), D(2025, 9, 1)]


def test_board_three_times_a_year():
    dates = meeting_dates({"every_months": 4}, D(2024, 7, 1), window_start=D(2024, 7, 1), window_end=D(2025, 6, 30))
    assert dates == [D(2024, 7, 1), D(2024, 11, 1), D(2025, 3, 1)]


def test_month_ends_are_counted_from_the_start_and_never_drift():
    dates = meeting_dates({"every_months": 1}, D(2024, 1, 31), window_start=D(2024, 1, 1), window_end=D(2024, 5, 31))
    assert dates == [D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 31), D(2024, 4, 30), D(2024, 5, 31)]
    non_leap = meeting_dates({"every_months": 1}, D(2025, 1, 31), window_start=D(2025, 2, 1), window_end=D(2025, 3, 31))
    assert non_leap == [D(2025, 2, 28), D(2025, 3, 31)]


def test_the_window_cuts_both_ends_inclusive():
    dates = meeting_dates(OPERATIONAL, D(2025, 1, 15), window_start=D(2025, 10, 15), window_end=D(2026, 1, 15))
    assert dates == [D(2025, 10, 15), D(2026, 1, 15)]
    assert meeting_dates(OPERATIONAL, D(2025, 1, 15), window_start=D(2024, 1, 1), window_end=D(2025, 1, 14)) == []


def test_a_moved_or_cancelled_meeting_keeps_its_slot():
    planned = [D(2025, 1, 15), D(2025, 2, 15), D(2025, 3, 15)]
    # The February meeting was moved to the 20th: its slot (the 15th) is still taken.
    assert slots_to_schedule(planned, [D(2025, 2, 15)]) == [D(2025, 1, 15), D(2025, 3, 15)]
    assert slots_to_schedule(planned, planned) == []


@pytest.mark.parametrize(("cadence", "message"), [
    (None, "A cadence is an object"),
    ({}, "every_months is required."),
    ({"every_months": 0}, "every_months must be a whole number"),
    ({"every_months": True}, "every_months must be a whole number"),
    ({"every_months": "1"}, "every_months must be a whole number"),
    ({"every_months": 1, "for_months": 121}, "for_months must be a whole number"),
    ({"every_months": 1, "then_every_months": 3}, "then_every_months needs for_months"),
    ({"every_months": 1, "weekly": 1}, "Unknown key 'weekly'."),
])
def test_invalid_cadences_say_why(cadence, message):
    assert any(error.startswith(message) for error in cadence_errors(cadence))


def test_valid_cadences():
    assert cadence_errors(OPERATIONAL) == []
    assert cadence_errors({"every_months": 4}) == []
    assert cadence_errors({"every_months": 1, "for_months": 6, "then_every_months": None}) == []


def test_cadence_in_words():
    assert cadence_text(OPERATIONAL) == "monthly for 6 months, then quarterly"
    assert cadence_text({"every_months": 4}) == "every 4 months"


@pytest.mark.parametrize(("start", "days", "expected"), [
    (D(2026, 11, 23), 0, D(2026, 11, 23)),  # Monday
    (D(2026, 11, 23), 2, D(2026, 11, 25)),
    (D(2026, 11, 26), 2, D(2026, 11, 30)),  # Thursday + 2 crosses the weekend
    (D(2026, 11, 28), 1, D(2026, 11, 30)),  # Saturday: the next Monday
    (D(2026, 11, 29), 5, D(2026, 12, 4)),  # Sunday + 5 = Friday
    (D(2026, 11, 23), 10, D(2026, 12, 7)),
    (D(2026, 11, 23), 40, D(2027, 1, 18)),
])
def test_add_working_days(start, days, expected):
    assert add_working_days(start, days) == expected


@pytest.mark.parametrize(("start", "end", "expected"), [
    (D(2026, 11, 23), D(2026, 11, 23), 0),
    (D(2026, 11, 23), D(2026, 11, 20), 0),
    (D(2026, 11, 27), D(2026, 11, 30), 1),  # Friday → Monday
    (D(2026, 11, 28), D(2026, 11, 29), 0),  # a weekend
    (D(2026, 11, 23), D(2026, 12, 7), 10),
])
def test_working_days_between(start, end, expected):
    assert working_days_between(start, end) == expected


def test_working_days_round_trip():
    start = D(2026, 1, 1)
    for days in range(0, 60):
        assert working_days_between(start, add_working_days(start, days)) == days
