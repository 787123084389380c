"""Server-rendered inline SVG charts: no script, no style attributes (the content security policy
forbids both); colours come from presentation attributes and CSS classes in ``accord.css``."""

import datetime
from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from accord.metrics import periods

from .calculations import Band, number

WIDTH, HEIGHT = 360, 150
LEFT, RIGHT, TOP, BOTTOM = 44, 10, 10, 24


def _scale(low: float, high: float):
    if high - low < 1e-9:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.1
    low, high = low - pad, high + pad

    def y(value: float) -> float:
        return round(TOP + (high - value) / (high - low) * (HEIGHT - TOP - BOTTOM), 1)

    return low, high, y


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return round(LEFT + (span * index / (count - 1) if count > 1 else span / 2), 1)


def _polylines(points: list[tuple[float, float] | None], css: str) -> list[str]:
    """One polyline per run of consecutive points: a period without data breaks the line."""
    runs, run = [], []
    for point in points + [None]:
        if point is None:
            if len(run) > 1:
                runs.append(run)
            run = []
        else:
            run.append(point)
    return [format_html('<polyline class="{}" fill="none" points="{}"/>', css,
                        " ".join(f"{x},{y}" for x, y in run)) for run in runs]


def _axis(months: list[datetime.date], low: float, high: float, y) -> list[str]:
    parts = [
        format_html('<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#dfe3ea"/>',
                    LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM),
        format_html('<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>', LEFT - 4, y(high) + 4,
                    number(Decimal(str(round(high, 2))))),
        format_html('<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>', LEFT - 4, y(low),
                    number(Decimal(str(round(low, 2))))),
    ]
    if months:
        parts.append(format_html('<text class="tick" x="{}" y="{}" text-anchor="start">{}</text>', LEFT,
                                 HEIGHT - 6, periods.label(months[0], periods.MONTHLY)))
        parts.append(format_html('<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>', WIDTH - RIGHT,
                                 HEIGHT - 6, periods.label(months[-1], periods.MONTHLY)))
    return parts


def _svg(label: str, parts: list[str]) -> str:
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(label)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(label)}</title>{"".join(parts)}</svg>'
    )


def indicator_chart(*, code: str, points: list, target: Decimal, bands: tuple[Band, ...], statuses: dict) -> str:
    """Actuals over the months (``points`` = [(month, value or None)]), the target line and the bands
    behind them. ``statuses`` maps a month to the status of its value, to colour the dots."""
    months = [month for month, _ in points]
    known = [float(v) for _, v in points if v is not None]
    bounds = [float(b) for band in bands for b in (band.low, band.high) if b is not None]
    low, high, y = _scale(min(known + [float(target)] + bounds), max(known + [float(target)] + bounds))
    parts = []
    for band in bands:
        top = y(min(float(band.high), high)) if band.high is not None else y(high)
        bottom = y(max(float(band.low), low)) if band.low is not None else y(low)
        if bottom > top:
            parts.append(format_html('<rect class="band band-{}" x="{}" y="{}" width="{}" height="{}"/>',
                                     band.status, LEFT, top, WIDTH - LEFT - RIGHT, round(bottom - top, 1)))
    parts += _axis(months, low, high, y)
    parts.append(format_html('<line class="target" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#1d2433" '
                             'stroke-dasharray="4 3"/>', LEFT, y(float(target)), WIDTH - RIGHT, y(float(target))))
    coordinates = [(_x(i, len(points)), y(float(v))) if v is not None else None for i, (_, v) in enumerate(points)]
    parts += _polylines(coordinates, "series")
    for (month, value), point in zip(points, coordinates, strict=True):
        if point is not None:
            parts.append(format_html(
                '<circle class="dot dot-{}" cx="{}" cy="{}" r="3.5"><title>{}: {}</title></circle>',
                statuses.get(month, "none"), point[0], point[1], periods.label(month, periods.MONTHLY), number(value)))
    missing = sum(1 for _, v in points if v is None)
    label = f"{code}: actuals of the last {len(points)} months against target {number(target)}"
    if missing:
        label += f"; {missing} month(s) without data"
    return _svg(label, parts)


def score_chart(*, history: list[dict], green_at: Decimal, amber_at: Decimal) -> str:
    """The overall score of each month, with the green and amber thresholds."""
    months = [datetime.date.fromisoformat(row["period"]) for row in history]
    known = [float(row["score"]) for row in history if row["score"] is not None]
    low, high, y = _scale(min(known + [float(amber_at), 0.0]), max(known + [float(green_at)]))
    parts = _axis(months, low, high, y)
    for css, value in (("threshold-green", green_at), ("threshold-amber", amber_at)):
        parts.append(format_html('<line class="{}" x1="{}" y1="{}" x2="{}" y2="{}" stroke-dasharray="4 3"/>',
                                 css, LEFT, y(float(value)), WIDTH - RIGHT, y(float(value))))
    coordinates = [(_x(i, len(history)), y(float(row["score"]))) if row["score"] is not None else None
                   for i, row in enumerate(history)]
    parts += _polylines(coordinates, "series")
    for row, point in zip(history, coordinates, strict=True):
        if point is not None:
            parts.append(format_html('<circle class="dot dot-{}" cx="{}" cy="{}" r="3.5"><title>{}: {} ({})</title></circle>',
                                     row["status"], point[0], point[1], row["period_label"], number(row["score"]),
                                     row["status"].replace("_", " ")))
    return _svg(f"Overall score of the last {len(history)} months; green at {number(green_at)}, "
                f"amber at {number(amber_at)}", parts)
