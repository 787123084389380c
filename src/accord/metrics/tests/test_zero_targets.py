"""Zero targets (incidents, breaches, complaints): met means attainment 1, missed means 0 and red."""

from decimal import Decimal as D

import pytest

from accord.metrics.indicators import library
from accord.metrics.scorecards import calculations as calc


def spec(direction, target="0", bands=()):
    return calc.IndicatorSpec(id=1, code="SAFE", name="Safety incidents", kind="cpi", direction=direction,
                              target=D(target), bands=bands)


@pytest.mark.parametrize("actual,direction,attainment,status", [
    ("0", "lower_is_better", "1.0000", "green"),  # no incidents: the target is met
    ("-1", "lower_is_better", "1.0000", "green"),
    ("0.001", "lower_is_better", "0.0000", "red"),  # above a zero target: red unless bands say otherwise
    ("3", "lower_is_better", "0.0000", "red"),
    ("0", "higher_is_better", "1.0000", "green"),
    ("7", "higher_is_better", "1.0000", "green"),  # never above 1: the ratio is undefined, the cap never applies
    ("-0.5", "higher_is_better", "0.0000", "red"),
])
def test_zero_target_edges(actual, direction, attainment, status):
    result = calc.evaluate_indicator(spec(direction), D(actual))
    assert (result.attainment, result.status) == (D(attainment), status)


def test_a_met_zero_target_explains_itself():
    assert "0 ≤ target 0: a zero target met → 1" in calc.evaluate_indicator(spec("lower_is_better"), D("0")).explanation
    assert "÷ 2 = 0" in calc.evaluate_indicator(spec("lower_is_better"), D("2")).explanation


def test_bands_decide_the_status_above_a_zero_target():
    bands = calc.parse_bands([{"low": None, "high": "2", "status": "amber"}, {"low": "2", "high": None, "status": "red"}])
    assert calc.evaluate_indicator(spec("lower_is_better", bands=bands), D("1")).status == "amber"


def test_the_shipped_safe_indicator_is_green_and_attains_1_at_zero_incidents():
    fields = library.BY_CODE["SAFE"]
    safe = calc.IndicatorSpec(id=1, code="SAFE", name=fields["name"], kind=fields["kind"], direction=fields["direction"],
                              target=fields["target"], bands=calc.parse_bands(fields["bands"]))
    at_zero, at_one = calc.evaluate_indicator(safe, D("0")), calc.evaluate_indicator(safe, D("1"))
    assert (at_zero.attainment, at_zero.status) == (D("1"), "green")
    assert (at_one.attainment, at_one.status) == (D("0"), "red")
    card = calc.score_period(None, [at_zero])
    assert card.by_kind["cpi"]["score"] == D("100.00") and card.status == calc.NO_DATA
