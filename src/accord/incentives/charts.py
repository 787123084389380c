"""The incentives chart: base fee, deductions, bonuses and gainshare per month, one line each.

Drawn with the scorecard charts' helpers (``metrics/scorecards/charts.py``: the fitted y-axis, the frame,
the broken polylines, the accessible ``<svg>`` with its text alternative), so that every chart of Accord
looks and reads the same; the page shows the same numbers as a table beside it.
"""

import datetime

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from accord.metrics import periods
from accord.metrics.scorecards.charts import (
    HEIGHT,
    PORTFOLIO_HEIGHT_PER_LINE,
    RIGHT,
    WIDTH,
    _axes,
    _Frame,
    _no_data,
    _polylines,
    _svg,
    axis_range,
    format_value,
)

SERIES = (("base", "Base fee"), ("deductions", "Deductions"), ("bonus", "Bonuses"), ("gainshare", "Gainshare"))


def money_chart(*, rows: list[dict], currency: str) -> str:
    """``rows``: one per month, oldest first, ``{"period": date, "base": Decimal | None, ...}`` (None: no
    statement that month, which breaks the lines). Zero is always on the axis: deductions sit below it."""
    months = [row["period"] for row in rows]
    title = f"Base fee, deductions, bonuses and gainshare of the last {len(rows)} months ({currency})"
    known = [float(row[key]) for row in rows for key, _ in SERIES if row.get(key) is not None]
    if not known:
        return _no_data(title)
    frame = _Frame(*axis_range(known + [0.0]), unit=currency)
    parts = _axes(frame, months)
    if frame.contains(0.0):
        parts.append(format_html('<line class="axis zero" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#8a93a6"/>',
                                 frame.left, frame.y(0.0), WIDTH - RIGHT, frame.y(0.0)))
    texts = []
    for index, (key, name) in enumerate(SERIES):
        css = f"series series-{index}"
        coordinates = [(frame.x(i, len(rows)), frame.y(float(row[key]))) if row.get(key) is not None else None
                       for i, row in enumerate(rows)]
        parts += _polylines(coordinates, css)
        for row, point in zip(rows, coordinates, strict=True):
            if point is not None:
                parts.append(format_html('<circle class="dot" cx="{}" cy="{}" r="2.5"><title>{}, {}: {}</title>'
                                         '</circle>', point[0], point[1], name, _label(row["period"]),
                                         format_value(row[key], 2)))
        y = HEIGHT + 4 + PORTFOLIO_HEIGHT_PER_LINE * index + 8
        parts.append(format_html('<line class="{}" x1="{}" y1="{}" x2="{}" y2="{}"/>', css, 8, y - 3, 30, y - 3))
        parts.append(format_html('<text class="tick legend" x="{}" y="{}" text-anchor="start">{}</text>', 36, y,
                                 name))
        texts.append(f"{name}: " + "; ".join(
            f"{_label(row['period'])} {format_value(row[key], 2) if row.get(key) is not None else 'no statement'}"
            for row in rows))
    height = HEIGHT + 8 + PORTFOLIO_HEIGHT_PER_LINE * len(SERIES)
    svg = _svg(title, ". ".join(texts) + ".", parts)
    # The legend grows the picture downwards; the plot keeps the size of every other chart.
    return mark_safe(svg.replace(f'viewBox="0 0 {WIDTH} {HEIGHT}"', f'viewBox="0 0 {WIDTH} {height}"', 1))


def _label(period: datetime.date) -> str:
    return periods.label(period, periods.MONTHLY)
