"""The charts tell the truth: ranges that fit, labels that read in full, "no data" when there is none."""

import datetime
import re
from decimal import Decimal

from accord.metrics.scorecards.calculations import Band
from accord.metrics.scorecards.charts import CHARACTER_WIDTH, axis_range, format_value, indicator_chart, score_chart

MONTHS = [datetime.date(2026, m, 1) for m in range(1, 7)]


def _tick_values(svg: str) -> list[str]:
    return re.findall(r'<text class="tick y-tick" x="[\d.]+" y="[\d.]+" text-anchor="end">([^<]+)</text>', svg)


def _left_margin(svg: str) -> float:
    return float(re.search(r'<line class="axis" x1="([\d.]+)"', svg).group(1))


def test_axis_range_fits_the_values_with_round_ticks():
    low, high, step = axis_range([95, 101], floor_at=0)
    assert (low, high, step) == (94, 102, 2)
    low, high, step = axis_range([261449.44, 250000, 270000])
    assert low <= 250000 and high >= 270000 and high - low <= 40000


def test_axis_range_around_a_single_value_is_not_empty():
    low, high, step = axis_range([18000.0])
    assert low < 18000 < high and step > 0


def test_format_value_uses_thousands_separators_and_the_unit():
    assert format_value(Decimal("261449.44")) == "261,449.44"
    assert format_value(Decimal("97.5"), unit="%") == "97.5%"
    assert format_value(Decimal("1200"), 0, "USD") == "1,200 USD"
    assert format_value(Decimal("-3")) == "−3"


def test_indicator_chart_labels_read_in_full_in_the_unit():
    points = [(m, Decimal(v)) for m, v in zip(MONTHS, ["250100.10", "255000", "258300.5", "259999", "260500",
                                                      "261449.44"], strict=True)]
    svg = indicator_chart(code="REV", points=points, target=Decimal("260000"), bands=(), statuses={}, unit="USD")
    ticks = _tick_values(svg)
    assert ticks and all(re.fullmatch(r"[\d,]+(\.\d+)?", t) for t in ticks), ticks
    assert all("," in t for t in ticks)  # thousands separators
    # The left margin holds the longest tick label, so none is clipped.
    assert _left_margin(svg) >= max(len(t) for t in ticks) * CHARACTER_WIDTH
    assert ">USD<" in svg  # the unit of the axis
    assert "latest 261,449.44 USD" in svg
    assert "Jun 2026: 261,449.44 USD" in svg  # text alternative names each value
    lowest, highest = (float(t.replace(",", "")) for t in (ticks[0], ticks[-1]))
    assert lowest <= 250100.10 and highest >= 261449.44 and highest - lowest < 30000


def test_indicator_chart_range_holds_the_target_and_band_edges():
    points = [(m, Decimal("95")) for m in MONTHS]
    bands = (Band(None, Decimal("80"), "red"), Band(Decimal("80"), Decimal("90"), "amber"),
             Band(Decimal("90"), None, "green"))
    svg = indicator_chart(code="SLA", points=points, target=Decimal("98"), bands=bands,
                          statuses=dict.fromkeys(MONTHS, "green"), unit="%")
    values = [float(t.replace(",", "")) for t in _tick_values(svg)]
    assert min(values) <= 80 and max(values) >= 98 and max(values) <= 110


def test_indicator_chart_without_data_says_so_and_draws_no_axes():
    svg = indicator_chart(code="NEW", points=[(m, None) for m in MONTHS], target=Decimal("18000"), bands=(),
                          statuses={})
    assert "No data yet" in svg
    assert 'class="axis"' not in svg and 'class="tick"' not in svg
    assert "<title>NEW:" in svg


def test_score_chart_range_fits_the_scores_not_zero_to_a_hundred():
    history = [{"period": m.isoformat(), "period_label": m.strftime("%b %Y"), "score": Decimal(s), "status": "green"}
               for m, s in zip(MONTHS, ["95", "96.5", "98", "99", "100", "101"], strict=True)]
    svg = score_chart(history=history, green_at=Decimal("80"), amber_at=Decimal("60"))
    values = [float(t) for t in _tick_values(svg)]
    assert min(values) >= 90 and max(values) <= 105
    assert "−" not in "".join(_tick_values(svg))
    assert "↓ green at 80, amber at 60" in svg  # thresholds below the range are named, not drawn off-scale


def test_score_chart_is_accessible_and_not_colour_alone():
    history = [{"period": MONTHS[0].isoformat(), "period_label": "Jan 2026", "score": Decimal("70"), "status": "amber"},
               {"period": MONTHS[1].isoformat(), "period_label": "Feb 2026", "score": Decimal("50"), "status": "red"},
               {"period": MONTHS[2].isoformat(), "period_label": "Mar 2026", "score": None, "status": "none"}]
    svg = score_chart(history=history, green_at=Decimal("80"), amber_at=Decimal("60"))
    assert "<title>Overall score" in svg and "<desc>" in svg and 'role="img"' in svg
    assert "marker-diamond" in svg and "marker-triangle" in svg  # amber and red differ in shape
    assert "Jan 2026: 70 (amber); Feb 2026: 50 (red); Mar 2026: no data" in svg
    assert "amber 60" in svg  # threshold lines are labelled


def test_score_chart_without_scores_says_no_data():
    svg = score_chart(history=[], green_at=Decimal("80"), amber_at=Decimal("60"))
    assert "No data yet" in svg and 'class="axis"' not in svg


def test_scorecard_page_shows_attainment_as_a_percentage(world, web, metrics, last_month):
    from accord.metrics.measurements.services import measurement_record

    measurement_record(access=world.access(world.bob), indicator=metrics["otd"], period=last_month,
                                value=Decimal("73.71"))
    html = web("bob").get(f"/partnerships/{world.partnership.slug}/scorecard/",
                          {"period": last_month.strftime("%Y-%m")}).content.decode()
    row = html[html.index('id="indicator-OTD"'):]
    row = row[: row.index("</tr>")]
    assert '<td class="num" data-label="Attainment">77.6%</td>' in row  # 73.71 ÷ 95 = 0.7759
