"""P3 arithmetic on a worked example."""

from decimal import Decimal
from fractions import Fraction

from accord.pricing.calculations import MarketPrice, median, parity, rounded


def test_worked_example_even_number_of_markets_and_a_flag_each_side():
    # Normalised: DE 30 ÷ 0.75 = 40; FR 33 ÷ 0.75 = 44; PL 60 ÷ 2 = 30; US 50 ÷ 1 = 50.
    # Median of four = (40 + 44) ÷ 2 = 42. Index: DE 95.238… → 95.2 ok; FR 104.761… → 104.8 ok;
    # PL 71.428… → 71.4 below; US 119.047… → 119.0 above (tolerance ±10).
    result = parity([MarketPrice("DE", Decimal("30"), Decimal("0.75")), MarketPrice("FR", Decimal("33"), Decimal("0.75")),
                     MarketPrice("PL", Decimal("60"), Decimal("2")), MarketPrice("US", Decimal("50"), Decimal("1"))],
                    Decimal("10"))
    assert result.median == 42
    assert [(m.market, m.index, m.flag) for m in result.markets] == [
        ("DE", Decimal("95.2"), "ok"), ("FR", Decimal("104.8"), "ok"), ("PL", Decimal("71.4"), "below"),
        ("US", Decimal("119.0"), "above")]


def test_median_odd_and_rounding_half_up_once():
    assert median([Fraction(3), Fraction(1), Fraction(2)]) == 2
    assert median([]) is None
    assert rounded(Fraction(2001, 20), Decimal("0.1")) == Decimal("100.1")  # 100.05 → 100.1
    assert rounded(Fraction(1999, 20), Decimal("0.1")) == Decimal("100.0")  # 99.95 → 100.0


def test_tolerance_edges_are_ok():
    # index exactly 110.0 or 90.0 is inside ±10
    result = parity([MarketPrice("A", Decimal("110"), Decimal("1")), MarketPrice("B", Decimal("100"), Decimal("1")),
                     MarketPrice("C", Decimal("90"), Decimal("1"))], Decimal("10"))
    assert [m.flag for m in result.markets] == ["ok", "ok", "ok"]
    narrow = parity([MarketPrice("A", Decimal("110"), Decimal("1")), MarketPrice("B", Decimal("100"), Decimal("1")),
                     MarketPrice("C", Decimal("90"), Decimal("1"))], Decimal("5"))
    assert [m.flag for m in narrow.markets] == ["above", "ok", "below"]
