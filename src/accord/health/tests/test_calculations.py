"""The arithmetic of health, without a database."""

from decimal import Decimal

import pytest

from accord.health import calculations as calc
from accord.health.catalog import SCALE_0_10, SCALE_1_5

QUESTIONS = [{"code": "trust", "scale": SCALE_1_5}, {"code": "adapt", "scale": SCALE_1_5},
             {"code": "nps", "scale": SCALE_0_10}]


def test_score_100_maps_the_1_to_5_scale():
    assert calc.score_100(Decimal("1")) == Decimal("0.0")
    assert calc.score_100(Decimal("3")) == Decimal("50.0")
    assert calc.score_100(Decimal("5")) == Decimal("100.0")
    assert calc.score_100(Decimal("3.67")) == Decimal("66.8")
    assert calc.score_100(None) is None


def test_nps_is_promoters_minus_detractors():
    # 9, 10 promoters; 7, 8 passives; 0..6 detractors
    result = calc.nps([10, 9, 9, 8, 7, 6, 0, 3, 10, 10])
    assert result == {"value": Decimal("20.0"), "promoters": 5, "passives": 2, "detractors": 3, "answers": 10}
    assert calc.nps([6, 6, 6])["value"] == Decimal("-100.0")
    assert calc.nps([7, 8])["value"] == Decimal("0.0")
    assert calc.nps([])["value"] is None


def test_party_result_hides_everything_but_the_count_below_the_threshold():
    result = calc.party_result([{"trust": 5, "adapt": 5, "nps": 10}] * 2, [{"works": "x"}] * 2, QUESTIONS, threshold=3)
    assert result == {"responses": 2, "status": calc.NOT_ENOUGH, "dimensions": [], "nps": None, "comments": []}


def test_party_result_at_the_threshold_shows_means_but_not_free_text():
    rows = [{"trust": 5, "adapt": 2, "nps": 10}, {"trust": 4, "adapt": 2, "nps": 6}, {"trust": 4, "adapt": 3, "nps": 9}]
    result = calc.party_result(rows, [{"works": "Sharp reports"}] * 3, QUESTIONS, threshold=3)
    assert result["status"] == calc.OK
    assert result["dimensions"][0] == {"code": "trust", "mean": Decimal("4.33"), "score": Decimal("83.3"), "answers": 3}
    assert result["nps"]["value"] == Decimal("33.3")
    assert result["comments"] == []
    above = calc.party_result(rows + [rows[0]], [{"works": "b"}, {"change": "a"}, {}, {}], QUESTIONS, threshold=3)
    assert above["comments"] == ["a", "b"]  # sorted: never in the order of answering


def test_gap_is_first_minus_second_with_whose_view_is_higher():
    first = {"dimensions": [{"code": "trust", "mean": Decimal("4.5")}, {"code": "adapt", "mean": Decimal("2")},
                            {"code": "same", "mean": Decimal("3")}]}
    second = {"dimensions": [{"code": "trust", "mean": Decimal("3.25")}, {"code": "adapt", "mean": Decimal("3.5")},
                             {"code": "same", "mean": Decimal("3")}]}
    found = {row["code"]: row for row in calc.gaps(first, second, first_party=1, second_party=2)}
    assert found["trust"]["gap"] == Decimal("1.25") and found["trust"]["higher"] == 1
    assert found["adapt"]["gap"] == Decimal("-1.5") and found["adapt"]["higher"] == 2
    assert found["same"]["gap"] == 0 and found["same"]["higher"] is None


@pytest.mark.parametrize("mean, level", [
    ("1", "failing"), ("1.99", "failing"), ("2", "struggling"), ("2.99", "struggling"), ("3", "performing"),
    ("3.99", "performing"), ("4", "exceeding"), ("4.49", "exceeding"), ("4.5", "best_practice"), ("5", "best_practice"),
])
def test_maturity_levels(mean, level):
    assert calc.maturity_level(Decimal(mean))[0] == level


def test_maturity_without_a_mean():
    assert calc.maturity_level(None) is None


def test_operational_caps():
    assert calc.operational(Decimal("112.4"), "green").value == Decimal("100.0")
    assert calc.operational(Decimal("87.25"), "green").value == Decimal("87.3")
    assert calc.operational(Decimal("90"), "critical_breach").value == Decimal("50.0")
    assert calc.operational(Decimal("40"), "critical_breach").value == Decimal("40.0")
    assert calc.operational(None, "no_data").status == calc.NO_DATA


def test_relationship_counts_each_party_equally():
    component = calc.relationship({"A": Decimal("4.00"), "B": Decimal("3.00")}, round_title="R")
    assert component.value == Decimal("62.5")
    assert calc.relationship({}).status == calc.NO_DATA


def test_behavioural_share_on_time():
    component = calc.behavioural([("actions", True), ("actions", False), ("meetings", True), ("meetings", True)])
    assert component.value == Decimal("75.0")
    assert component.inputs["events"] == {"actions": {"due": 2, "on_time": 1}, "meetings": {"due": 2, "on_time": 2}}
    assert calc.behavioural([]).status == calc.NO_DATA


WEIGHTS = {"operational": Decimal("50"), "relationship": Decimal("30"), "behavioural": Decimal("20")}


def test_index_weights_every_component():
    components = {"operational": calc.operational(Decimal("80"), "green"),
                  "relationship": calc.relationship({"A": Decimal("4")}),
                  "behavioural": calc.behavioural([("actions", True), ("actions", False)])}
    result = calc.index(components, WEIGHTS)
    # (80×50 + 75×30 + 50×20) / 100 = 72.5
    assert result["value"] == Decimal("72.5")
    assert result["formula"] == "(80.0 × 50 + 75.0 × 30 + 50.0 × 20) ÷ 100 = 72.5"


def test_index_leaves_a_missing_component_out_never_zero():
    components = {"operational": calc.operational(Decimal("80"), "green"), "relationship": calc.relationship({}),
                  "behavioural": calc.behavioural([("actions", True), ("actions", False)])}
    result = calc.index(components, WEIGHTS)
    # (80×50 + 50×20) / 70 = 71.43
    assert result["value"] == Decimal("71.4")
    assert result["used_weights"] == {"operational": Decimal("50"), "behavioural": Decimal("20")}


def test_index_without_any_component():
    components = {"operational": calc.operational(None, "no_data"), "relationship": calc.relationship({}),
                  "behavioural": calc.behavioural([])}
    assert calc.index(components, WEIGHTS)["value"] is None
