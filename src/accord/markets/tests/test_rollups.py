"""Roll-ups and consistency: pure arithmetic, no database."""

from decimal import Decimal

import pytest

from accord.metrics.scorecards import rollups
from accord.metrics.scorecards.rollups import PlaceValue

HIGHER, LOWER = "higher_is_better", "lower_is_better"
D = Decimal
MARKETS = [PlaceValue("DE", D("90"), D("3")), PlaceValue("FR", D("80"), D("1")), PlaceValue("ES", None, D("5"))]


@pytest.mark.parametrize(("kind", "direction", "expected"), [
    ("sum", HIGHER, D("170")),
    ("average", HIGHER, D("85.0000")),
    ("weighted", HIGHER, D("87.5000")),  # (3 × 90 + 1 × 80) ÷ 4
    ("worst", HIGHER, D("80")),
    ("worst", LOWER, D("90")),
])
def test_each_roll_up_leaves_a_market_without_data_out(kind, direction, expected):
    rollup = rollups.roll_up(kind, direction, MARKETS)
    assert rollup.actual == expected
    assert [place.code for place in rollup.used] == ["DE", "FR"]
    assert rollup.left_out == ("ES",)
    assert "left out, no data: ES" in rollup.explanation


def test_the_explanation_shows_the_markets_behind_the_number():
    assert rollups.roll_up("weighted", HIGHER, MARKETS).explanation == (
        "Roll-up: weighted average of 2 markets: (3 × 90 (DE) + 1 × 80 (FR)) ÷ 4 = 350 ÷ 4 = 87.5 "
        "(left out, no data: ES)")
    assert rollups.roll_up("sum", HIGHER, MARKETS).explanation.startswith("Roll-up: sum of 2 markets: DE 90, FR 80 = 170")
    assert "→ FR 80" in rollups.roll_up("worst", HIGHER, MARKETS).explanation


def test_weighted_leaves_out_a_market_without_a_weight_and_says_so():
    places = [PlaceValue("DE", D("90"), D("2")), PlaceValue("FR", D("60"), None), PlaceValue("IT", D("30"), D("0"))]
    rollup = rollups.roll_up("weighted", HIGHER, places)
    assert rollup.actual == D("90.0000")
    assert "left out, no weight: FR, IT" in rollup.explanation


def test_no_market_with_data_is_no_data_never_zero():
    rollup = rollups.roll_up("sum", HIGHER, [PlaceValue("DE", None), PlaceValue("FR", None)])
    assert rollup.actual is None and "no data" in rollup.explanation
    assert rollups.roll_up("average", HIGHER, []).actual is None


def test_unknown_roll_up_is_refused():
    with pytest.raises(ValueError):
        rollups.roll_up("median", HIGHER, MARKETS)


def test_consistency_is_population_cv_range_and_worst_best_by_direction():
    places = [PlaceValue("DE", D("90")), PlaceValue("FR", D("80")), PlaceValue("IT", D("100")),
              PlaceValue("ES", None)]
    spread = rollups.consistency(HIGHER, places)
    # mean 90; population variance (0 + 100 + 100) ÷ 3 = 66.67; sd 8.165; cv 8.165 ÷ 90 = 0.0907
    assert spread.cv == D("0.0907")
    assert (spread.minimum, spread.maximum, spread.worst, spread.best) == (D("80"), D("100"), "FR", "IT")
    lower = rollups.consistency(LOWER, places)
    assert (lower.worst, lower.best) == ("IT", "FR")
    assert spread.as_dict() == {"cv": D("0.0907"), "min": D("80"), "max": D("100"), "worst": "FR", "best": "IT"}


def test_consistency_edge_cases():
    assert rollups.consistency(HIGHER, [PlaceValue("DE", None)]) is None
    one = rollups.consistency(HIGHER, [PlaceValue("DE", D("5"))])
    assert one.cv == D("0.0000") and one.worst == one.best == "DE"
    zero_mean = rollups.consistency(HIGHER, [PlaceValue("DE", D("-1")), PlaceValue("FR", D("1"))])
    assert zero_mean.cv is None  # a spread relative to a mean of 0 means nothing


def test_red_markets_are_flagged_only_while_the_roll_up_is_green():
    statuses = [("DE", "green"), ("FR", "red"), ("ES", "no_data"), ("AT", "red")]
    assert rollups.red_while_green("green", statuses) == ["AT", "FR"]
    assert rollups.red_while_green("amber", statuses) == []
