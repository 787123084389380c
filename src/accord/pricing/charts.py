"""The P3 bar chart: one bar per market (its index), the tolerance band around 100, inline SVG.

Built on the scorecard charts' helpers (round ticks, number formatting); like them it needs no
script, carries its numbers in a text alternative, and marks each bar's flag by a symbol as
well as by colour.
"""

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from accord.metrics.scorecards.charts import axis_range, format_value

WIDTH, ROW, TOP, LEFT, RIGHT = 360, 22, 18, 64, 64
SYMBOLS = {"above": "▲", "below": "▼", "ok": "●"}


def parity_chart(*, service: str, markets: list[dict], tolerance) -> str:
    """Horizontal bars of each market's index, with the band 100 ± tolerance shaded and the 100 line."""
    title = f"{service}: price index per market (100 = median), tolerance ±{format_value(tolerance)}%"
    known = [m for m in markets if m["index"] is not None]
    height = TOP + ROW * max(len(known), 1) + 20
    if not known:
        return mark_safe(f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}">'
                         f'<title>{escape(title)}</title><text class="no-data" x="{WIDTH / 2}" y="{height / 2}" '
                         f'text-anchor="middle">No prices yet</text></svg>')
    values = [float(m["index"]) for m in known] + [100 - float(tolerance), 100 + float(tolerance), 0.0]
    low, high, step = axis_range(values, floor_at=0.0)
    span = WIDTH - LEFT - RIGHT

    def x(value: float) -> float:
        return round(LEFT + (value - low) / (high - low) * span, 1)

    bottom = TOP + ROW * len(known)
    parts = [format_html('<rect class="band band-green" x="{}" y="{}" width="{}" height="{}"/>',
                         x(100 - float(tolerance)), TOP - 4, round(x(100 + float(tolerance)) - x(100 - float(tolerance)), 1),
                         bottom - TOP + 8)]
    tick = low
    while tick <= high + 1e-9:
        parts.append(format_html('<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>', x(tick),
                                 bottom + 16, format_value(round(tick, 4))))
        tick += step
    parts.append(format_html('<line class="target" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#1d2433" '
                             'stroke-dasharray="4 3"/>', x(100), TOP - 6, x(100), bottom + 4))
    for row, market in enumerate(known):
        y = TOP + ROW * row
        index = float(market["index"])
        parts.append(format_html('<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>', LEFT - 6, y + 13,
                                 market["market"]))
        parts.append(format_html('<rect class="bar bar-{}" x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>',
                                 market["flag"], x(low), y + 3, max(round(x(index) - x(low), 1), 1), ROW - 8,
                                 f"{market['market']}: index {format_value(market['index'])} ({market['flag']})"))
        parts.append(format_html('<text class="value-label" x="{}" y="{}" text-anchor="start">{} {}</text>',
                                 x(index) + 4, y + 13, format_value(market["index"]), SYMBOLS[market["flag"]]))
    description = "; ".join(f"{m['market']}: {format_value(m['index'])} ({m['flag']})" for m in known)
    return mark_safe(f'<svg class="chart" viewBox="0 0 {WIDTH} {bottom + 22}" role="img" '
                     f'aria-label="{escape(title)}. {escape(description)}" xmlns="http://www.w3.org/2000/svg">'
                     f'<title>{escape(title)}</title><desc>{escape(description)}.</desc>{"".join(parts)}</svg>')
