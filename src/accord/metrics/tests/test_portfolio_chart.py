"""The portfolio's chart of overall scores and its status heat map: the same shared numbers for every party."""

import datetime
import re
from decimal import Decimal

from accord.metrics import periods
from accord.metrics.portfolio.selectors import PortfolioFilters, PortfolioPage
from accord.metrics.scorecards import charts


def _history(scores):
    start = datetime.date(2026, 1, 1)
    return [{"period": periods.shift(start, periods.MONTHLY, i).isoformat(),
             "period_label": periods.label(periods.shift(start, periods.MONTHLY, i), periods.MONTHLY),
             "score": None if score is None else Decimal(score), "status": status}
            for i, (score, status) in enumerate(scores)]


def portfolio_latest_scorecards(user):
    return list(PortfolioPage(user, PortfolioFilters()))


def test_chart_fits_the_scores_and_names_every_partnership():
    svg = str(charts.portfolio_chart(series=[
        ("Alpha", _history([("96", "amber"), ("101", "green"), (None, "no_data")])),
        ("Beta", _history([("92", "amber"), ("99", "green"), ("105", "green")])),
    ]))
    ticks = [float(t.replace(",", "")) for t in re.findall(r'class="tick y-tick"[^>]*>([^<]+)<', svg)]
    assert 85 <= min(ticks) <= 92 and 105 <= max(ticks) <= 112  # not 0–110: the trend is visible
    assert ">Alpha</text>" in svg and ">Beta</text>" in svg  # the legend
    assert "Jan 2026" in svg and "Mar 2026" in svg  # first and last month on the x-axis
    assert "Alpha, Feb 2026: 101 (green)" in svg and "Alpha: Jan 2026: 96 (amber)" in svg and "Mar 2026: no data" in svg
    assert 'class="series series-0"' in svg and 'class="series series-1"' in svg
    assert "No data yet" in str(charts.portfolio_chart(series=[("Alpha", _history([(None, "no_data")]))]))


def test_heat_map_cells_carry_a_symbol_and_a_word():
    heat = charts.heat_map(rows=[("Alpha", _history([("96", "amber"), ("50", "critical_breach"), (None, "no_data")]))])
    assert heat["months"] == ["Jan 2026", "Feb 2026", "Mar 2026"]
    cells = heat["rows"][0]["cells"]
    assert [(c["symbol"], c["word"]) for c in cells] == [("◆", "amber"), ("✖", "critical breach"), ("–", "no data")]
    assert cells[0]["score"] == "96" and cells[2]["score"] == ""


def test_portfolio_history_is_shared_and_the_page_shows_it(world, web, metrics, last_month):
    alice_rows, bob_rows = portfolio_latest_scorecards(world.alice), portfolio_latest_scorecards(world.bob)
    assert alice_rows[0]["history"] == bob_rows[0]["history"]
    history = alice_rows[0]["history"]
    assert len(history) == 12 and history[-1]["period"] == last_month.isoformat()
    assert history[-1]["score"] == Decimal("100") and history[-1]["status"] == "green"
    assert history[0]["status"] == "no_data"
    pages = {name: web(name).get("/portfolio/").content.decode() for name in ("alice", "bob")}
    for html in pages.values():
        assert 'data-testid="portfolio-chart"' in html and "Overall score of 1 partnership(s)" in html
        label = periods.label(last_month, periods.MONTHLY)
        assert f'<td class="heat heat-green" title="{label}: green (100)">' in html
    chart = {name: re.search(r'<svg class="chart".*?</svg>', html, re.S)[0] for name, html in pages.items()}
    assert chart["alice"] == chart["bob"]
    assert "Patient" not in web("charlie").get("/portfolio/").content.decode()
