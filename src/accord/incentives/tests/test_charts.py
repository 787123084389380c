import datetime
from decimal import Decimal

from accord.incentives.charts import money_chart


def test_money_chart_has_four_named_lines_a_zero_line_and_a_text_alternative():
    rows = [{"period": datetime.date(2026, 1, 1), "base": Decimal("100000"), "deductions": Decimal("-4000"),
             "bonus": Decimal("0"), "gainshare": Decimal("20000")},
            {"period": datetime.date(2026, 2, 1), "base": Decimal("100000"), "deductions": Decimal("0"),
             "bonus": Decimal("1537.50"), "gainshare": Decimal("-10000")},
            {"period": datetime.date(2026, 3, 1)}]  # no statement that month: the lines stop
    svg = str(money_chart(rows=rows, currency="EUR"))
    assert svg.count('class="series series-') == 8  # a line and a legend swatch per series
    for name in ("Base fee", "Deductions", "Bonuses", "Gainshare"):
        assert f">{name}</text>" in svg
    assert "Bonuses: Jan 2026 0.00; Feb 2026 1,537.50; Mar 2026 no statement" in svg
    assert 'class="axis zero"' in svg and "<script" not in svg and "style=" not in svg


def test_money_chart_without_statements_says_so():
    svg = str(money_chart(rows=[{"period": datetime.date(2026, 1, 1)}], currency="EUR"))
    assert "No data yet" in svg
