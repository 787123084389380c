import datetime
from decimal import Decimal

import pytest

from accord.agreements import calculations as calc

D = datetime.date


def test_add_months_clamps_to_month_end():
    assert calc.add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert calc.add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert calc.add_months(D(2025, 11, 15), 2) == D(2026, 1, 15)
    assert calc.add_months(D(2025, 3, 1), 36) == D(2028, 3, 1)


def test_term_end_prefers_end_date_then_duration():
    assert calc.term_end(D(2025, 1, 1), D(2026, 1, 1), None) == D(2026, 1, 1)
    assert calc.term_end(D(2025, 1, 1), None, 12) == D(2026, 1, 1)
    assert calc.term_end(None, None, 12) is None
    assert calc.term_end(D(2025, 1, 1), None, None) is None


def test_end_must_be_after_start():
    errors = calc.commercial_terms_errors(start_date=D(2025, 1, 1), end_date=D(2025, 1, 1), duration_months=None,
                                          notice_period_days=None)
    assert "end_date" in errors
    assert calc.commercial_terms_errors(start_date=D(2025, 1, 1), end_date=D(2025, 1, 2), duration_months=None,
                                        notice_period_days=None) == {}


def test_notice_must_be_shorter_than_the_term_on_its_edge():
    base = {"start_date": D(2025, 1, 1), "end_date": D(2025, 3, 2), "duration_months": None}  # 60 days
    assert "notice_period_days" in calc.commercial_terms_errors(**base, notice_period_days=60)
    assert calc.commercial_terms_errors(**base, notice_period_days=59) == {}
    by_duration = calc.commercial_terms_errors(start_date=D(2025, 1, 1), end_date=None, duration_months=1,
                                               notice_period_days=31)
    assert "notice_period_days" in by_duration and "31 days" in by_duration["notice_period_days"]


def test_end_date_and_duration_are_alternatives():
    errors = calc.commercial_terms_errors(start_date=D(2025, 1, 1), end_date=D(2026, 1, 1), duration_months=12,
                                          notice_period_days=None)
    assert set(errors) == {"duration_months"}


def test_automatic_renewal_needs_a_term():
    errors = calc.commercial_terms_errors(start_date=None, end_date=None, duration_months=None,
                                          notice_period_days=None, renewal="automatic")
    assert "renewal_term_months" in errors


@pytest.mark.parametrize("shares, ok", [
    ([Decimal("60"), Decimal("40")], True),
    ([Decimal("33.33"), Decimal("33.33"), Decimal("33.34")], True),
    ([Decimal("60"), Decimal("39.99")], False),
    ([Decimal("60"), Decimal("40.01")], False),
    ([Decimal("100"), Decimal("0")], True),
    ([Decimal("101"), Decimal("-1")], False),
    ([], True),
])
def test_revenue_shares_sum_to_exactly_100(shares, ok):
    errors = calc.revenue_share_errors(shares)
    assert (errors == {}) is ok
    if not ok:
        assert set(errors) == {"revenue_shares"}


def test_exactly_one_accountable_per_area_names_the_row():
    rows = [calc.AreaRow("Campaign strategy", {1: "A", 2: "C"}),
            calc.AreaRow("Platform maintenance", {1: "R", 2: "R"}),
            calc.AreaRow("Customer support", {1: "A", 2: "A"})]
    message = calc.responsibility_errors(rows)["areas"]
    assert "Row 2 (Platform maintenance)" in message and "found 0" in message
    assert "Row 3 (Customer support)" in message and "found 2" in message
    assert "Campaign strategy" not in message
    assert calc.responsibility_errors(rows[:1]) == {}


def test_area_names_required_and_unique():
    message = calc.responsibility_errors([calc.AreaRow("", {1: "A"}), calc.AreaRow("X", {1: "A"}),
                                          calc.AreaRow("x", {1: "A"})])["areas"]
    assert "Row 1: the area needs a name" in message and "Row 3 (x): the area is listed twice" in message


@pytest.mark.parametrize("due, status, overdue", [
    (D(2026, 5, 9), "in_progress", True),
    (D(2026, 5, 10), "in_progress", False),  # due today is not overdue yet
    (D(2026, 5, 9), "delivered", False),
    (D(2026, 5, 9), "accepted", False),
    (D(2026, 5, 9), "late", True),
    (D(2026, 5, 9), "planned", True),
    (None, "planned", False),
])
def test_deliverable_overdue(due, status, overdue):
    assert calc.deliverable_is_overdue(due, status, D(2026, 5, 10)) is overdue


def test_notice_deadline_and_renewal_decision():
    assert calc.notice_deadline(D(2028, 2, 29), 60) == D(2027, 12, 31)
    assert calc.notice_deadline(None, 60) is None
    assert calc.notice_deadline(D(2028, 2, 29), None) is None
    assert calc.renewal_decision_date(D(2026, 12, 31), 90, "automatic") == D(2026, 10, 2)
    assert calc.renewal_decision_date(D(2026, 12, 31), 90, "mutual_consent") == D(2026, 10, 2)
    assert calc.renewal_decision_date(D(2026, 12, 31), 90, "") is None


@pytest.mark.parametrize("offset, flag", [(-1, "passed"), (0, "approaching"), (90, "approaching"), (91, "")])
def test_date_flag_edges(offset, flag):
    today = D(2026, 1, 1)
    assert calc.date_flag(today + datetime.timedelta(days=offset), today) == flag
    assert calc.date_flag(None, today) == ""


def test_key_dates_together():
    dates = calc.key_dates(start_date=D(2024, 1, 1), end_date=D(2026, 12, 31), duration_months=None,
                           notice_period_days=90, renewal="automatic", renewal_term_months=12, today=D(2026, 9, 1))
    assert dates.term_end == D(2026, 12, 31)
    assert dates.notice_deadline == D(2026, 10, 2) and dates.notice_flag == "approaching"
    assert dates.renewal_flag == "approaching" and dates.renewal_term_end == D(2027, 12, 31)


def test_legal_item_rules():
    assert "regime" in calc.legal_item_errors(kind="data_privacy", regime="", ip_ownership="", has_owner_party=False)
    assert calc.legal_item_errors(kind="data_privacy", regime="gdpr", ip_ownership="", has_owner_party=False) == {}
    assert "ip_owner_party" in calc.legal_item_errors(kind="ip_ownership", regime="", ip_ownership="party",
                                                      has_owner_party=False)
    assert "ip_owner_party" in calc.legal_item_errors(kind="ip_ownership", regime="", ip_ownership="joint",
                                                      has_owner_party=True)
    assert calc.legal_item_errors(kind="ip_ownership", regime="", ip_ownership="joint", has_owner_party=False) == {}
    assert "ip_ownership" in calc.legal_item_errors(kind="nda", regime="", ip_ownership="joint",
                                                    has_owner_party=False)


def test_terms_out_of_calendar_range_are_errors_not_crashes():
    import datetime as dt

    from accord.agreements.calculations import commercial_terms_errors

    errors = commercial_terms_errors(start_date=dt.date(9999, 12, 1), end_date=None, duration_months=1000000,
                                     notice_period_days=10**9, renewal_term_months=10**6, renewal="automatic")
    assert set(errors) == {"start_date", "duration_months", "notice_period_days", "renewal_term_months"}
    assert commercial_terms_errors(start_date=dt.date(2199, 12, 31), end_date=None, duration_months=1200,
                                   notice_period_days=36500, renewal_term_months=1200, renewal="automatic") == {}
