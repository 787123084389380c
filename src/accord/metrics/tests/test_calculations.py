"""The scorecard formulas and early-warning rules, as pure functions: no database."""

import datetime
from decimal import Decimal as D

import pytest

from accord.metrics.scorecards import calculations as calc
from accord.metrics.scorecards import warnings as warning_rules

MONTH = datetime.date(2026, 10, 1)


def spec(code="K1", kind="kpi", direction="higher_is_better", target="100", weight="1", bands=(), **extra):
    return calc.IndicatorSpec(id=hash(code) % 10_000, code=code, name=code, kind=kind, direction=direction,
                              target=D(target), weight=D(weight), bands=tuple(bands), **extra)


def bands(*rows):
    return calc.parse_bands([{"low": low, "high": high, "status": status} for low, high, status in rows])


# Attainment -----------------------------------------------------------------------------------

@pytest.mark.parametrize("actual,target,direction,expected", [
    ("95", "100", "higher_is_better", "0.9500"),
    ("100", "100", "higher_is_better", "1.0000"),
    ("149", "100", "higher_is_better", "1.4900"),
    ("150", "100", "higher_is_better", "1.5000"),
    ("400", "100", "higher_is_better", "1.5000"),  # the cap
    ("0", "100", "higher_is_better", "0.0000"),
    ("50", "0", "higher_is_better", "1.0000"),  # zero target met (see test_zero_targets.py)
    ("-5", "100", "higher_is_better", "0.0000"),  # negative ratio
    ("4", "4", "lower_is_better", "1.0000"),
    ("5", "4", "lower_is_better", "0.8000"),
    ("2", "4", "lower_is_better", "1.5000"),  # 2.0 capped
    ("0", "4", "lower_is_better", "0.0000"),  # zero actual, lower is better: would divide by zero
    ("0", "0", "lower_is_better", "1.0000"),  # zero target met
    ("2", "3", "higher_is_better", "0.6667"),  # rounded half up to 4 places
])
def test_attainment(actual, target, direction, expected):
    assert calc.attainment(D(actual), D(target), direction) == D(expected)


# Status ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value,direction,expected", [
    ("100", "higher_is_better", "green"), ("99.99", "higher_is_better", "amber"), ("90", "higher_is_better", "amber"),
    ("89.99", "higher_is_better", "red"), ("100", "lower_is_better", "green"), ("110", "lower_is_better", "amber"),
    ("110.01", "lower_is_better", "red"), ("80", "lower_is_better", "green"),
])
def test_status_without_bands(value, direction, expected):
    assert calc.status_for(D(value), target=D("100"), direction=direction) == expected


def test_status_bands_half_open_with_open_ends():
    b = bands((None, "95", "red"), ("95", "98", "amber"), ("98", None, "green"))
    assert [calc.status_for(D(v), target=D("98"), direction="higher_is_better", bands=b)
            for v in ("-1000", "94.999", "95", "97.99", "98", "1e9")] == ["red", "red", "amber", "amber", "green", "green"]


def test_status_bands_decide_even_against_the_direction():
    b = bands((None, "50", "green"), ("50", None, "red"))
    assert calc.status_for(D("10"), target=D("100"), direction="higher_is_better", bands=b) == "green"


def test_value_in_a_gap_between_bands_falls_back_to_the_target_rule():
    b = bands((None, "90", "red"), ("95", None, "green"))
    status = calc.status_for(D("92"), target=D("95"), direction="higher_is_better", bands=b)
    assert status == "amber"
    assert "in no band" in calc.status_explained(D("92"), target=D("95"), direction="higher_is_better", bands=b)


@pytest.mark.parametrize("rows,fragment,row", [
    ([{"low": None, "high": "5", "status": "red"}], "between 2 and 5", 0),
    ([{"low": None, "high": str(i + 1), "status": "red"} for i in range(6)], "between 2 and 5", 0),
    ([{"low": None, "high": "5", "status": "red"}, {"low": "4", "high": None, "status": "green"}], "Row 2", 2),
    ([{"low": "1", "high": "5", "status": "red"}, {"low": "5", "high": "5", "status": "green"}], "Row 2: low", 2),
    ([{"low": None, "high": "5", "status": "blue"}, {"low": "5", "high": None, "status": "green"}], "Row 1: status", 1),
    ([{"low": "x", "high": "5", "status": "red"}, {"low": "5", "high": None, "status": "green"}], "Row 1", 1),
    ([{"low": None, "high": None, "status": "red"}, {"low": "5", "high": None, "status": "green"}], "overlaps", 2),
])
def test_bad_bands_name_the_row(rows, fragment, row):
    with pytest.raises(calc.BandError) as caught:
        calc.parse_bands(rows)
    assert fragment in str(caught.value)
    assert caught.value.row == row


def test_bands_are_sorted_lowest_first_and_may_be_empty():
    assert calc.parse_bands([]) == ()
    parsed = calc.parse_bands([{"low": "5", "high": None, "status": "green"}, {"low": None, "high": "5", "status": "red"}])
    assert [b.status for b in parsed] == ["red", "green"]


# Indicator results and explanation ----------------------------------------------------------------

def test_no_data_is_neither_zero_nor_hundred():
    result = calc.evaluate_indicator(spec(), None)
    assert (result.actual, result.attainment, result.status) == (None, None, "no_data")
    assert "no data" in result.explanation


def test_explanation_shows_formula_and_inputs():
    result = calc.evaluate_indicator(spec(target="98"), D("97"))
    assert result.attainment == D("0.9898") and result.status == "amber"
    assert "actual ÷ target = 97 ÷ 98 = 0.9898" in result.explanation
    capped = calc.evaluate_indicator(spec(direction="lower_is_better", target="4"), D("1"))
    assert "capped at 1.5" in capped.explanation and capped.attainment == D("1.5")
    zero = calc.evaluate_indicator(spec(direction="lower_is_better", target="4"), D("0"))
    assert "undefined" in zero.explanation and zero.attainment == 0 and zero.status == "green"


# Partnership scores --------------------------------------------------------------------------------

def results(*items):
    return [calc.evaluate_indicator(s, None if v is None else D(v)) for s, v in items]


def test_weighted_overall_score_uses_kpis_and_kfis_with_data_only():
    card = calc.score_period(MONTH, results(
        (spec("A", weight="2"), "90"),  # 0.9
        (spec("B", kind="kfi", weight="1"), "120"),  # 1.2
        (spec("C", weight="5"), None),  # no data: left out, not 0
        (spec("R", kind="relationship"), "10"),  # shown beside, not in the overall
        (spec("P", kind="cpi"), "100"),
    ))
    # (2 × 0.9 + 1 × 1.2) ÷ 3 × 100 = 100.00
    assert card.score == D("100.00") and card.status == "green"
    assert card.by_kind["kpi"]["score"] == D("90.00") and card.by_kind["kfi"]["score"] == D("120.00")
    assert card.by_kind["relationship"]["score"] == D("10.00")
    assert "3 ÷ 3 × 100 = 100" in card.explanation


def test_score_rounds_to_two_places():
    card = calc.score_period(MONTH, results((spec("A"), "84.874"), (spec("B"), "84.87")))
    assert card.score == D("84.87")


@pytest.mark.parametrize("value,status", [("100", "green"), ("99.99", "amber"), ("90", "amber"), ("89.99", "red")])
def test_default_thresholds(value, status):
    assert calc.score_period(MONTH, results((spec(), value))).status == status


def test_thresholds_are_settable():
    thresholds = calc.Thresholds(green_at=D("95"), amber_at=D("80"))
    assert calc.score_period(MONTH, results((spec(), "96")), thresholds).status == "green"
    assert calc.score_period(MONTH, results((spec(), "85")), thresholds).status == "amber"
    assert calc.score_period(MONTH, results((spec(), "79")), thresholds).status == "red"


def test_a_red_cpi_is_a_critical_breach_whatever_the_score():
    card = calc.score_period(MONTH, results((spec(), "150"), (spec("P", kind="cpi", target="100"), "50")))
    assert card.score == D("150.00") and card.status == "critical_breach"
    assert card.cpi_breaches == ("P",) and card.by_kind["cpi"]["status"] == "critical_breach"
    amber_cpi = calc.score_period(MONTH, results((spec(), "100"), (spec("P", kind="cpi"), "95")))
    assert amber_cpi.status == "green"


def test_no_kpi_or_kfi_data_is_no_data_unless_a_cpi_breaks():
    assert calc.score_period(MONTH, results((spec(), None), (spec("R", kind="relationship"), "5"))).status == "no_data"
    assert calc.score_period(MONTH, []).score is None
    breach = calc.score_period(MONTH, results((spec(), None), (spec("P", kind="cpi"), "1")))
    assert breach.status == "critical_breach" and breach.score is None


def test_zero_weights_give_no_score():
    assert calc.score_period(MONTH, results((spec(weight="0"), "100"))).status == "no_data"


# Sub-period values ---------------------------------------------------------------------------------

def test_quarterly_and_annual_values_apply_to_each_month():
    quarterly = spec(frequency="quarterly")
    values = {datetime.date(2026, 10, 1): D("7")}
    for month in (10, 11, 12):
        assert calc.value_for_month(quarterly, values, datetime.date(2026, month, 1))[0] == D("7")
    assert calc.value_for_month(quarterly, values, datetime.date(2026, 9, 1))[0] is None
    annual = spec(frequency="annual")
    assert calc.value_for_month(annual, {datetime.date(2026, 1, 1): D("3")}, MONTH)[0] == D("3")


@pytest.mark.parametrize("aggregation,expected", [("sum", "10"), ("average", "2.5000"), ("last", "4")])
def test_weekly_values_combine_into_the_month(aggregation, expected):
    weekly = spec(frequency="weekly", aggregation=aggregation)
    # October 2026 has Mondays 5, 12, 19, 26; 28 Sep belongs to September.
    values = {datetime.date(2026, 9, 28): D("100"), datetime.date(2026, 10, 5): D("1"),
              datetime.date(2026, 10, 12): D("2"), datetime.date(2026, 10, 19): D("3"),
              datetime.date(2026, 10, 26): D("4")}
    value, inputs = calc.value_for_month(weekly, values, MONTH)
    assert value == D(expected) and len(inputs) == 4


def test_active_window():
    s = spec(active_from=datetime.date(2026, 10, 15), active_to=datetime.date(2026, 12, 31))
    assert not s.is_active_in(datetime.date(2026, 9, 1))
    assert s.is_active_in(MONTH) and s.is_active_in(datetime.date(2026, 12, 1))
    assert not s.is_active_in(datetime.date(2027, 1, 1))


# Early warning ---------------------------------------------------------------------------------------

def series(*values, frequency="monthly"):
    from accord.metrics import periods

    start = periods.shift(MONTH, frequency, -(len(values) - 1))
    return [(periods.shift(start, frequency, i), None if v is None else D(str(v))) for i, v in enumerate(values)]


def rules(s, values):
    return [w.rule for w in warning_rules.early_warnings(s, series(*values))]


def test_rule_a_cpi_in_red():
    found = warning_rules.early_warnings(spec(kind="cpi"), series(100, 80))
    assert [w.rule for w in found] == ["cpi_red"]
    assert found[0].numbers == {"actual": D("80"), "target": D("100")} and "80" in found[0].message
    assert rules(spec(kind="cpi"), [95]) == []  # amber is no breach
    assert rules(spec(kind="kpi"), [80]) == []  # only CPIs are gates


def test_rule_b_exactly_two_reds_in_a_row():
    assert rules(spec(), [100, 80, 80]) == ["red_twice"]
    assert rules(spec(), [80, 100, 80]) == []  # one red, then not
    assert rules(spec(), [80, None, 80]) == []  # a gap breaks the run
    assert rules(spec(), [80]) == []


def test_rule_c_three_periods_each_worse():
    assert rules(spec(), [120, 115, 110, 105]) == ["worsening"]
    assert rules(spec(), [120, 115, 115, 105]) == []  # equal is not worse
    assert rules(spec(), [115, 110, 105]) == []  # only two worsening steps
    assert rules(spec(direction="lower_is_better"), [1, 2, 3, 4]) == ["worsening"]
    assert rules(spec(direction="lower_is_better"), [4, 3, 2, 1]) == []


def test_rule_d_trend_reaching_red_at_step_two_but_not_three():
    # Target 100, red below 90. A line falling 2 a period from 104: 94 now, 92 next, 90 then 88.
    reaches_at_2 = spec(bands=bands((None, "90", "red"), ("90", "100", "amber"), ("100", None, "green")))
    found = warning_rules.early_warnings(reaches_at_2, series(104, 102, 100, 98, 96, 93))
    trend = [w for w in found if w.rule == "trend_to_red"]
    assert trend and trend[0].numbers["periods_ahead"] == 2 and trend[0].numbers["projected"] < 90
    # Falling 1.5 a period: 96.5 now → 95, 93.5 … red only at step 3 → no warning.
    later = warning_rules.early_warnings(reaches_at_2, series(104, 102.5, 101, 99.5, 98, 96.5))
    assert "trend_to_red" not in [w.rule for w in later]


def test_rule_d_needs_six_points_and_not_already_red():
    s = spec()
    assert "trend_to_red" not in rules(s, [100, 98, 96, 94, 92])  # five points
    assert "trend_to_red" not in rules(s, [100, 98, None, 94, 92, 91])  # a gap: fewer than six
    assert "trend_to_red" in rules(s, [100, 98, 96, 94, 92, 91])
    assert "trend_to_red" not in rules(s, [100, 98, 96, 94, 92, 80])  # already red: rule b's business


def test_no_warning_without_data_in_the_latest_period():
    assert rules(spec(kind="cpi"), [80, 80, None]) == []


def test_least_squares():
    intercept, slope = warning_rules.least_squares([D(v) for v in (1, 3, 5, 7, 9, 11)])
    assert (intercept, slope) == (D(1), D(2))
