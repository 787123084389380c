"""The formulas as pure functions, with every worked example of the issue."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from accord.incentives import calculations as calc
from accord.incentives.calculations import LineKind
from accord.incentives.validation import parse_model

JAN = datetime.date(2026, 1, 1)


def fact(code, status, kind=calc.KPI, value=None):
    return calc.IndicatorFact(code, code.title(), kind, status, value)


def facts(*items, score=None, status=calc.GREEN, period=JAN):
    return calc.PeriodFacts(period, score, status, {item.code: item for item in items})


FIXED = calc.BaseFee("fixed", amount=D("100000"))
THREE_LEVELS = calc.AtRisk(D("10"), (calc.Allocation("SL1", D("50"), "red"), calc.Allocation("SL2", D("30"), "red"),
                                     calc.Allocation("SL3", D("20"), "red")))
BONUS = calc.Bonus(D("100"), D("110"), D("5"))


def kinds(result):
    return [(line.kind, line.amount) for line in result.lines]


# Rounding and currencies -------------------------------------------------------------------

def test_minor_units_follow_iso_4217():
    assert calc.minor_unit("EUR") == D("0.01")
    assert calc.minor_unit("JPY") == D("1")
    assert calc.minor_unit("KWD") == D("0.001")


def test_an_unknown_currency_is_refused():
    with pytest.raises(calc.UnknownCurrency):
        calc.round_money(D("1"), "ZZZ")
    with pytest.raises(calc.UnknownCurrency):
        calc.compute_statement(calc.FinancialModel("ABC", base_fee=FIXED), facts())


def test_half_up_rounds_ties_away_from_zero():
    assert calc.round_money(D("0.005"), "EUR") == D("0.01")
    assert calc.round_money(D("-0.005"), "EUR") == D("-0.01")
    assert calc.round_money(D("2.5"), "JPY") == D("3")
    assert calc.round_money(D("0.0045"), "KWD") == D("0.005")


def test_rounding_of_thirds_once_per_line_and_net_is_the_sum_of_rounded_lines():
    model = calc.FinancialModel("EUR", base_fee=calc.BaseFee("fixed", amount=D("100.00")),
                                bonus=calc.Bonus(D("100"), D("103"), D("10")))
    one_third = calc.compute_statement(model, facts(score=D("101")))
    assert kinds(one_third) == [(LineKind.BASE_FEE, D("100.00")), (LineKind.BONUS, D("3.33"))]
    assert one_third.net_payable == D("103.33")
    assert "3.333333" in one_third.lines[1].formula and "→ 3.33" in one_third.lines[1].formula
    two_thirds = calc.compute_statement(model, facts(score=D("102")))
    assert two_thirds.lines[1].amount == D("6.67")


def test_net_is_the_sum_of_rounded_lines_not_the_rounded_sum():
    # two forfeits of 0.005 each: each line rounds to −0.01, so the net deducts 0.02, not 0.01
    model = calc.FinancialModel("EUR", base_fee=calc.BaseFee("fixed", amount=D("0.10")),
                                at_risk=calc.AtRisk(D("10"), (calc.Allocation("A", D("50"), "red"),
                                                              calc.Allocation("B", D("50"), "red"))))
    result = calc.compute_statement(model, facts(fact("A", calc.RED), fact("B", calc.RED)))
    assert [line.amount for line in result.lines] == [D("0.10"), D("-0.01"), D("-0.01")]
    assert result.net_payable == D("0.08")


def test_measured_values_show_only_the_decimals_they_need():
    assert calc.money(D("60000.000000")) == "60,000"
    assert calc.money(D("100000.00")) == "100,000.00"
    assert calc.money(D("12345.670")) == "12,345.67"


def test_zero_decimal_currency():
    model = calc.FinancialModel("JPY", base_fee=calc.BaseFee("fixed", amount=D("1000")),
                                bonus=calc.Bonus(D("100"), D("103"), D("10")))
    assert calc.compute_statement(model, facts(score=D("101"))).lines[1].amount == D("33")


# Base fee ----------------------------------------------------------------------------------

def test_cost_plus_with_a_percentage_and_with_an_amount():
    cost = fact("COST", calc.GREEN, calc.KFI, D("50000"))
    percent = calc.base_fee_line(calc.BaseFee("cost_plus", cost_indicator="COST", return_percent=D("8")), "EUR",
                                 facts(cost))
    assert percent.amount == D("54000.00") and "50,000 × 1.08" in percent.formula
    amount = calc.base_fee_line(calc.BaseFee("cost_plus", cost_indicator="COST", return_amount=D("5000")), "EUR",
                                facts(cost))
    assert amount.amount == D("55000.00")


def test_cost_plus_without_a_cost_value_pays_nothing_and_says_so():
    line = calc.base_fee_line(calc.BaseFee("cost_plus", cost_indicator="COST", return_percent=D("8")), "EUR",
                              facts())
    assert line.amount == D("0.00") and "no value of COST" in line.formula


# Money at risk (worked example: 100,000; 10 % at risk 50/30/20; the second red → 3,000) --------

def test_second_service_level_red_forfeits_3000():
    model = calc.FinancialModel("EUR", base_fee=FIXED, at_risk=THREE_LEVELS)
    result = calc.compute_statement(model, facts(fact("SL1", calc.GREEN), fact("SL2", calc.RED),
                                                 fact("SL3", calc.AMBER)))
    assert kinds(result) == [(LineKind.BASE_FEE, D("100000.00")), (LineKind.AT_RISK_FORFEIT, D("-3000.00"))]
    line = result.lines[1]
    assert line.indicator == "SL2"
    assert line.formula == ("allocation = 100,000.00 × 10% × 30% = 3000; red (mode red) → all forfeited")
    assert line.inputs["share"] == "30" and line.inputs["status"] == "red"
    assert result.net_payable == D("97000.00")


def test_graded_forfeits_half_when_amber_and_all_when_red():
    at_risk = calc.AtRisk(D("10"), (calc.Allocation("A", D("50"), "graded"), calc.Allocation("B", D("50"), "graded")))
    lines = calc.at_risk_lines(at_risk, D("100000"), "EUR", facts(fact("A", calc.AMBER), fact("B", calc.RED)))
    assert [line.amount for line in lines] == [D("-2500.00"), D("-5000.00")]
    assert calc.forfeited_fraction("red", calc.AMBER) == 0
    assert calc.forfeited_fraction("graded", calc.GREEN) == 0


def test_no_data_holds_the_allocation():
    lines = calc.at_risk_lines(THREE_LEVELS, D("100000"), "EUR",
                               facts(fact("SL1", calc.GREEN), fact("SL2", calc.NO_DATA)))
    assert [(line.kind, line.indicator, line.amount) for line in lines] == [
        (LineKind.AT_RISK_HELD, "SL2", D("-3000.00")), (LineKind.AT_RISK_HELD, "SL3", D("-2000.00"))]
    assert "held" in lines[0].formula


def test_a_held_allocation_released_when_the_late_value_arrives_green():
    feb = datetime.date(2026, 2, 1)
    held = (calc.Held(JAN, "SL2", D("3000.00"), "red"),)
    model = calc.FinancialModel("EUR", base_fee=FIXED, at_risk=THREE_LEVELS)
    current = facts(fact("SL1", calc.GREEN), fact("SL2", calc.GREEN), fact("SL3", calc.GREEN), period=feb)
    result = calc.compute_statement(model, current, calc.History(held=held, statuses={(JAN, "SL2"): calc.GREEN}))
    assert kinds(result) == [(LineKind.BASE_FEE, D("100000.00")), (LineKind.AT_RISK_RELEASED, D("3000.00"))]
    assert result.net_payable == D("103000.00")


def test_a_held_allocation_forfeited_when_the_late_value_arrives_red():
    lines = calc.held_resolution_lines([calc.Held(JAN, "SL2", D("3000.00"), "red")], {(JAN, "SL2"): calc.RED}, "EUR")
    assert [(line.kind, line.amount) for line in lines] == [
        (LineKind.AT_RISK_RELEASED, D("3000.00")), (LineKind.AT_RISK_FORFEIT, D("-3000.00"))]


def test_a_hold_without_a_value_stays_held():
    assert calc.held_resolution_lines([calc.Held(JAN, "SL2", D("3000.00"), "red")], {}, "EUR") == []


def test_earn_back_over_three_green_periods():
    forfeit = calc.Forfeit(JAN, "SL2", D("3000.00"))
    greens = {(datetime.date(2026, month, 1), "SL2"): calc.GREEN for month in (2, 3, 4)}
    april = datetime.date(2026, 4, 1)
    lines = calc.earn_back_lines(april, 3, [forfeit], greens, "EUR")
    assert [(line.kind, line.amount) for line in lines] == [(LineKind.EARN_BACK, D("3000.00"))]
    assert "Feb 2026, Mar 2026, Apr 2026" in lines[0].formula
    # not yet in March, not when one period is amber, never with N = 0
    assert calc.earn_back_lines(datetime.date(2026, 3, 1), 3, [forfeit], greens, "EUR") == []
    amber = dict(greens) | {(datetime.date(2026, 3, 1), "SL2"): calc.AMBER}
    assert calc.earn_back_lines(april, 3, [forfeit], amber, "EUR") == []
    assert calc.earn_back_lines(april, 0, [forfeit], greens, "EUR") == []


def test_add_months_crosses_the_year():
    assert calc.add_months(datetime.date(2026, 11, 1), 3) == datetime.date(2027, 2, 1)


# Bonus and CPI penalty (worked example: 105 with 100/110/5 % → 2,500; a red CPI → none, 2,000 penalty) -

def test_bonus_at_105_is_2500():
    line = calc.bonus_line(BONUS, D("100000.00"), "EUR", facts(score=D("105")))
    assert line.amount == D("2500.00")
    assert "min(1, (105 − 100) ÷ (110 − 100))" in line.formula and "× 0.5 = 2500" in line.formula


def test_bonus_is_capped_at_the_stretch_and_nothing_at_or_below_the_floor():
    assert calc.bonus_line(BONUS, D("100000"), "EUR", facts(score=D("130"))).amount == D("5000.00")
    assert calc.bonus_line(BONUS, D("100000"), "EUR", facts(score=D("100"))).amount == D("0.00")
    assert calc.bonus_line(BONUS, D("100000"), "EUR", facts(score=D("90"))).amount == D("0.00")
    assert calc.bonus_line(BONUS, D("100000"), "EUR", facts(score=None)).amount == D("0.00")


def test_a_cpi_in_red_means_no_bonus_and_a_2000_penalty():
    model = calc.FinancialModel("EUR", base_fee=FIXED, bonus=BONUS, cpi_penalty=calc.CpiPenalty(amount=D("2000")))
    period = facts(fact("SAFE", calc.RED, calc.CPI), fact("OK", calc.GREEN, calc.CPI), score=D("105"),
                   status=calc.CRITICAL_BREACH)
    result = calc.compute_statement(model, period)
    assert kinds(result) == [(LineKind.BASE_FEE, D("100000.00")), (LineKind.BONUS, D("0.00")),
                             (LineKind.CPI_PENALTY, D("-2000.00"))]
    assert "critical breach" in result.lines[1].formula
    assert result.lines[2].indicator == "SAFE"
    assert result.net_payable == D("98000.00")


def test_cpi_penalty_as_a_percentage_of_the_base_fee():
    lines = calc.cpi_penalty_lines(calc.CpiPenalty(percent=D("1")), D("100000.00"), "EUR",
                                   facts(fact("A", calc.RED, calc.CPI), fact("B", calc.RED, calc.CPI),
                                         fact("K", calc.RED, calc.KPI)))
    assert [(line.indicator, line.amount) for line in lines] == [("A", D("-1000.00")), ("B", D("-1000.00"))]


# Gainshare / painshare (worked example: 40,000 saved on 80,000 at 50 % → 20,000; 30,000 overrun, cap 10,000) -

def gain(actual, **kwargs):
    defaults = {"indicator": "SPEND", "baseline": D("80000"), "bands": (calc.ShareBand(D("50")),)}
    return calc.gainshare_line(calc.Gainshare(**(defaults | kwargs)), "EUR",
                               facts(fact("SPEND", calc.GREEN, calc.KFI, actual)))


def test_gainshare_20000():
    line = gain(D("40000"))
    assert (line.kind, line.amount) == (LineKind.GAINSHARE, D("20000.00"))
    assert "80,000 − 40,000 = 40,000" in line.formula


def test_painshare_capped_at_10000():
    line = gain(D("110000"), pain_cap=D("10000"))
    assert (line.kind, line.amount) == (LineKind.PAINSHARE, D("-10000.00"))
    assert "capped at 10,000" in line.formula
    assert gain(D("110000")).amount == D("-15000.00")


def test_gainshare_in_bands():
    # 50 % of savings up to 10 % of the baseline (8,000), 25 % beyond: 40,000 → 4,000 + 8,000 = 12,000
    bands = (calc.ShareBand(D("50"), D("10")), calc.ShareBand(D("25")))
    assert gain(D("40000"), bands=bands).amount == D("12000.00")
    assert gain(D("75000"), bands=bands).amount == D("2500.00")


def test_gainshare_without_a_value_is_zero():
    line = calc.gainshare_line(calc.Gainshare("SPEND", D("80000"), (calc.ShareBand(D("50")),)), "EUR", facts())
    assert line.amount == D("0.00") and "no value" in line.formula


def test_revenue_share_and_innovation():
    revenue = calc.revenue_share_line(calc.RevenueShare("REV", D("40")), "EUR",
                                      facts(fact("REV", calc.GREEN, calc.KFI, D("250000"))))
    assert revenue.amount == D("100000.00")
    lines = calc.innovation_lines(calc.Innovation(D("10")), [calc.InnovationEntry("Robot", D("12345.67"))], "EUR")
    assert lines[0].amount == D("1234.57")


# Caps that bind ------------------------------------------------------------------------------

def test_deduction_cap_binds():
    model = calc.FinancialModel("EUR", base_fee=FIXED, at_risk=calc.AtRisk(D("20"), (calc.Allocation("A", D("100"),
                                                                                                  "red"),)),
                                cpi_penalty=calc.CpiPenalty(amount=D("2000")),
                                caps=calc.Caps(max_deduction_percent=D("15")))
    result = calc.compute_statement(model, facts(fact("A", calc.RED, calc.CPI), status=calc.CRITICAL_BREACH))
    # forfeit 20,000 + penalty 2,000 = 22,000 > 15,000 → 7,000 given back
    assert kinds(result)[-1] == (LineKind.CAP, D("7000.00"))
    assert result.net_payable == D("85000.00")


def test_bonus_cap_binds_and_a_cap_that_does_not_bind_adds_nothing():
    model = calc.FinancialModel("EUR", base_fee=FIXED, bonus=calc.Bonus(D("100"), D("110"), D("8")),
                                caps=calc.Caps(max_bonus_percent=D("5"), max_deduction_percent=D("15")))
    result = calc.compute_statement(model, facts(score=D("120")))
    assert kinds(result) == [(LineKind.BASE_FEE, D("100000.00")), (LineKind.BONUS, D("8000.00")),
                             (LineKind.CAP, D("-3000.00"))]
    assert result.net_payable == D("105000.00")


# Adjustments -------------------------------------------------------------------------------

def test_adjustment_carries_the_difference_once():
    line = calc.adjustment_line(JAN, D("97000.00"), D("100000.00"), D("0"), "EUR", "SL2 corrected 80 → 99")
    assert (line.kind, line.amount) == (LineKind.ADJUSTMENT, D("3000.00")) and "SL2 corrected" in line.formula
    assert calc.adjustment_line(JAN, D("97000.00"), D("100000.00"), D("3000.00"), "EUR", "") is None


# The model's JSON --------------------------------------------------------------------------

INDICATORS = {"SL1": "kpi", "SL2": "cpi", "COST": "kfi", "REV": "kfi"}


def test_a_full_model_parses():
    model = parse_model({
        "currency": "EUR", "applies_from": "2026-01-01", "base_fee": {"kind": "fixed", "amount": "100000.00"},
        "at_risk": {"percent": "10", "allocations": [{"indicator": "SL1", "share": "60", "mode": "graded"},
                                                     {"indicator": "SL2", "share": "40", "mode": "red"}],
                    "earn_back_periods": 3},
        "bonus": {"floor_score": "100", "stretch_score": "110", "cap_percent": "5"},
        "cpi_penalty": {"amount": "2000"},
        "gainshare": {"indicator": "COST", "baseline": "80000", "provider_share_percent": "50", "pain_cap": "10000"},
        "revenue_share": {"indicator": "REV", "provider_percent": "40"},
        "caps": {"max_deduction_percent": "15", "max_bonus_percent": "5"},
    }, INDICATORS)
    assert model.at_risk.allocations[0] == calc.Allocation("SL1", D("60"), "graded")
    assert model.at_risk.earn_back_periods == 3
    assert model.gainshare.bands == (calc.ShareBand(D("50")),)


@pytest.mark.parametrize(("data", "field"), [
    ({"currency": "XYZ"}, "currency"),
    ({"currency": "EUR", "at_risk": {"percent": "10", "allocations": [{"indicator": "SL1", "share": "60"},
                                                                      {"indicator": "SL2", "share": "30"}]}},
     "at_risk.allocations"),
    ({"currency": "EUR", "at_risk": {"percent": "-1", "allocations": []}}, "at_risk.percent"),
    ({"currency": "EUR", "at_risk": {"percent": "10", "allocations": [{"indicator": "NOPE", "share": "100"}]}},
     "at_risk.allocations[0].indicator"),
    ({"currency": "EUR", "gainshare": {"indicator": "SL1", "baseline": "1", "provider_share_percent": "5"}},
     "gainshare.indicator"),
    ({"currency": "EUR", "bonus": {"floor_score": "110", "stretch_score": "110", "cap_percent": "5"}},
     "bonus.stretch_score"),
    ({"currency": "EUR", "base_fee": {"kind": "fixed", "amount": "abc"}}, "base_fee.amount"),
    ({"currency": "EUR", "base_fee": {"kind": "cost_plus", "cost_indicator": "COST"}}, "base_fee.return_percent"),
    ({"currency": "EUR", "cpi_penalty": {"amount": "1", "percent": "1"}}, "cpi_penalty.amount"),
    ({"currency": "EUR", "caps": {"max_bonus_percent": "101"}}, "caps.max_bonus_percent"),
    ({"currency": "EUR", "surprise": {}}, "surprise"),
])
def test_bad_models_name_the_field(data, field):
    with pytest.raises(ValidationError) as raised:
        parse_model(data, INDICATORS)
    assert field in raised.value.message_dict
