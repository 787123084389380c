"""The audit score, on worked examples."""

from decimal import Decimal
from fractions import Fraction

from accord.audits.calculations import ScoredItem, combine, display, score, to_decimal


def test_worked_example_with_weights_and_na():
    # A1: weight 2, 3 of 4 → 1.5; A2: N/A (left out); B1: weight 3, yes → 3; B2: weight 1, 1 of 4 → 0.25.
    # Overall: (1.5 + 3 + 0.25) ÷ (2 + 3 + 1) × 100 = 4.75 ÷ 6 × 100 = 79.1666… → 79.2
    result = score([ScoredItem("A", Decimal(2), 4, 3), ScoredItem("A", Decimal(1), 1, None),
                    ScoredItem("B", Decimal(3), 1, 1), ScoredItem("B", Decimal(1), 4, 1)])
    assert result.overall.value == Fraction(475, 6)
    assert display(result.overall.value) == Decimal("79.2")
    assert result.sections["A"].value == 75  # 1.5 ÷ 2
    assert display(result.sections["B"].value) == Decimal("81.3")  # 3.25 ÷ 4 = 81.25 → half-up 81.3


def test_a_section_all_na_has_no_score_and_does_not_count():
    result = score([ScoredItem("A", Decimal(1), 1, None), ScoredItem("B", Decimal(1), 1, 0)])
    assert result.sections["A"].value is None
    assert result.overall.value == 0


def test_everything_na_is_no_score():
    assert score([ScoredItem("A", Decimal(1), 1, None)]).overall.value is None


def test_weights_matter_and_rounding_is_once():
    # 1 of 3 weight-1 items yes = 33.333… (never 33.3 + rounding again elsewhere)
    result = score([ScoredItem("A", Decimal("1"), 1, 1), ScoredItem("A", Decimal("1"), 1, 0),
                    ScoredItem("A", Decimal("1"), 1, 0)])
    assert to_decimal(result.overall.value) == Decimal("33.333333")
    assert display(result.overall.value) == Decimal("33.3")
    heavy = score([ScoredItem("A", Decimal("3"), 1, 1), ScoredItem("A", Decimal("1"), 1, 0)])
    assert heavy.overall.value == 75


def test_combine_by_aggregation():
    scores = [Fraction(80), Fraction(90), Fraction(85)]
    assert combine(scores, "average") == 85
    assert combine(scores, "sum") == 255
    assert combine(scores, "last") == 85
    assert combine([], "average") is None
