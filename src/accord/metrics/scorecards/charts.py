"""Server-rendered inline SVG charts: no script, no style attributes (the content security policy
forbids both); colours come from presentation attributes and CSS classes in ``accord.css``.

Hand-written rather than a charting library: the same markup goes into pages and WeasyPrint PDFs
without a browser or script, and the charts are small (one line, bands, thresholds). What makes
them honest lives here: the y-axis is fitted to the data (and the thresholds that matter) with
"nice" ticks, its labels are wide enough to read in full, a chart without data says so, and status
is carried by the marker's shape and a text alternative, not by colour alone.
"""

import datetime
import math
from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from accord.metrics import periods

from .calculations import Band

WIDTH, HEIGHT = 360, 150
RIGHT, TOP, BOTTOM = 50, 16, 24  # the right margin holds the names of the target and threshold lines
CHARACTER_WIDTH = 6.2  # px per character of a 10 px tick label (digits and separators), generously
TICK_TARGET = 4  # about this many intervals on the y-axis

# Each status has its own marker shape, so the chart reads without colour.
MARKERS = {"green": "circle", "amber": "diamond", "red": "triangle", "critical_breach": "cross"}
STATUS_WORDS = {"green": "green", "amber": "amber", "red": "red", "critical_breach": "critical breach",
                "none": "no status"}


def nice_step(span: float, intervals: int = TICK_TARGET) -> float:
    """A round step (1, 2, 2.5 or 5 × a power of ten) that cuts ``span`` into about ``intervals``."""
    raw = span / intervals
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if multiple * magnitude >= raw * 0.999:
            return multiple * magnitude
    return 10 * magnitude


def axis_range(values: list[float], *, floor_at: float | None = None) -> tuple[float, float, float]:
    """``(low, high, step)``: a y-range of round ticks that holds every value with a little room.

    A single value (or all values equal) gets a range around it instead of a zero-height one.
    ``floor_at`` keeps the range from going below a natural bottom (0 for a score) unless the data does.
    """
    low, high = min(values), max(values)
    if high - low < 1e-9:
        room = abs(high) * 0.05 or 1.0
        low, high = low - room, high + room
    pad = (high - low) * 0.08
    low, high = low - pad, high + pad
    if floor_at is not None and min(values) >= floor_at:
        low = max(low, floor_at)
    step = nice_step(high - low)
    return math.floor(low / step + 1e-9) * step, math.ceil(high / step - 1e-9) * step, step


def _decimals(step: float) -> int:
    """The decimals a tick label needs to tell neighbouring ticks apart."""
    exponent = Decimal(repr(round(step, 10))).normalize().as_tuple().exponent
    return max(0, -exponent)


def format_value(value, decimals: int | None = None, unit: str = "") -> str:
    """``value`` with thousands separators (``261,449.44``) and its unit; ``decimals`` fixed, or as many as it has."""
    if value is None:
        return "—"
    number = Decimal(str(value))
    if decimals is None:
        text = f"{number.normalize():,f}"
    else:
        text = f"{number:,.{decimals}f}"
    text = "0" if text in ("-0", "") else text.replace("-", "−")
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def _ticks(low: float, high: float, step: float) -> list[float]:
    count = int(round((high - low) / step))
    return [low + step * i for i in range(count + 1)]


class _Frame:
    """The plot area of one chart: a y-range with its ticks, and the left margin its labels need."""

    def __init__(self, low: float, high: float, step: float, unit: str):
        self.low, self.high, self.step, self.unit = low, high, step, unit
        self.decimals = _decimals(step)
        self.ticks = _ticks(low, high, step)
        self.labels = [format_value(round(t, self.decimals), self.decimals) for t in self.ticks]
        self.left = round(10 + CHARACTER_WIDTH * max(len(text) for text in self.labels))

    def y(self, value: float) -> float:
        return round(TOP + (self.high - value) / (self.high - self.low) * (HEIGHT - TOP - BOTTOM), 1)

    def x(self, index: int, count: int) -> float:
        span = WIDTH - self.left - RIGHT
        return round(self.left + (span * index / (count - 1) if count > 1 else span / 2), 1)

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high


def _axes(frame: _Frame, months: list[datetime.date]) -> list[str]:
    parts = []
    for tick, text in zip(frame.ticks, frame.labels, strict=True):
        parts.append(format_html('<line class="grid" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#eef0f4"/>',
                                 frame.left, frame.y(tick), WIDTH - RIGHT, frame.y(tick)))
        parts.append(format_html('<text class="tick y-tick" x="{}" y="{}" text-anchor="end">{}</text>',
                                 frame.left - 4, frame.y(tick) + 3.5, text))
    if frame.unit:
        parts.append(format_html('<text class="tick unit" x="{}" y="{}" text-anchor="start">{}</text>',
                                 4, TOP - 6, frame.unit))
    parts.append(format_html('<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#c9ceda"/>',
                             frame.left, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM))
    if months:
        parts.append(format_html('<text class="tick" x="{}" y="{}" text-anchor="start">{}</text>', frame.left,
                                 HEIGHT - 6, periods.label(months[0], periods.MONTHLY)))
        if len(months) > 1:
            parts.append(format_html('<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>', WIDTH - RIGHT,
                                     HEIGHT - 6, periods.label(months[-1], periods.MONTHLY)))
    return parts


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


def _marker(status: str, x: float, y: float, title: str) -> str:
    shape = MARKERS.get(status, "circle")
    if shape == "diamond":
        body = format_html('<polygon points="{},{} {},{} {},{} {},{}"', x, y - 4.5, x + 4.5, y, x, y + 4.5, x - 4.5, y)
    elif shape == "triangle":
        body = format_html('<polygon points="{},{} {},{} {},{}"', x, y - 4.5, x + 4.5, y + 3.5, x - 4.5, y + 3.5)
    elif shape == "cross":
        body = format_html('<path d="M{} {}L{} {}M{} {}L{} {}" stroke-width="2.5"', x - 4, y - 4, x + 4, y + 4,
                           x - 4, y + 4, x + 4, y - 4)
    else:
        body = format_html('<circle cx="{}" cy="{}" r="3.5"', x, y)
    return format_html('{} class="dot dot-{} marker-{}"><title>{}</title></{}>', body, status, shape, title,
                       shape if shape == "circle" else "path" if shape == "cross" else "polygon")


def _svg(title: str, description: str, parts: list[str]) -> str:
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}. '
        f'{escape(description)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        f'<desc>{escape(description)}</desc>{"".join(parts)}</svg>'
    )


def _no_data(title: str) -> str:
    """A chart with nothing to draw says so instead of showing axes around nothing."""
    text = format_html('<text class="no-data" x="{}" y="{}" text-anchor="middle">No data yet</text>',
                       WIDTH / 2, HEIGHT / 2)
    return _svg(title, "No data yet: no value has been recorded for these months.", [text])


def _series_text(labels: list[str], values: list, statuses: list[str], unit: str) -> str:
    return "; ".join(
        f"{label}: {format_value(value, unit=unit)} ({STATUS_WORDS.get(status, status)})" if value is not None
        else f"{label}: no data"
        for label, value, status in zip(labels, values, statuses, strict=True))


def indicator_chart(*, code: str, points: list, target: Decimal, bands: tuple[Band, ...], statuses: dict,
                    unit: str = "") -> str:
    """Actuals over the months (``points`` = [(month, value or None)]), the target line and the bands
    behind them. ``statuses`` maps a month to the status of its value (colour and marker shape).
    The y-axis fits the values, the target and the band edges; ticks are in ``unit``."""
    months = [month for month, _ in points]
    title = f"{code}: actuals of the last {len(points)} months against target {format_value(target, unit=unit)}"
    known = [float(v) for _, v in points if v is not None]
    if not known:
        return _no_data(title)
    edges = [float(edge) for band in bands for edge in (band.low, band.high) if edge is not None]
    frame = _Frame(*axis_range(known + [float(target)] + edges), unit=unit)
    parts = []
    for band in bands:
        top = frame.y(min(float(band.high), frame.high)) if band.high is not None else frame.y(frame.high)
        bottom = frame.y(max(float(band.low), frame.low)) if band.low is not None else frame.y(frame.low)
        if bottom > top:
            parts.append(format_html('<rect class="band band-{}" x="{}" y="{}" width="{}" height="{}"/>',
                                     band.status, frame.left, top, WIDTH - frame.left - RIGHT, round(bottom - top, 1)))
    parts += _axes(frame, months)
    target_y = frame.y(float(target))
    parts.append(format_html('<line class="target" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#1d2433" '
                             'stroke-dasharray="4 3"/>', frame.left, target_y, WIDTH - RIGHT, target_y))
    parts.append(format_html('<text class="tick line-label" x="{}" y="{}" text-anchor="start">target</text>',
                             WIDTH - RIGHT + 4, target_y + 3))
    coordinates = [(frame.x(i, len(points)), frame.y(float(v))) if v is not None else None
                   for i, (_, v) in enumerate(points)]
    parts += _polylines(coordinates, "series")
    labels = [periods.label(month, periods.MONTHLY) for month in months]
    for (month, value), point, label in zip(points, coordinates, labels, strict=True):
        if point is not None:
            status = statuses.get(month, "none")
            parts.append(_marker(status, point[0], point[1],
                                 f"{label}: {format_value(value, unit=unit)} ({STATUS_WORDS.get(status, status)})"))
    last_month, last_value = next((m, v) for m, v in reversed(points) if v is not None)
    parts.append(format_html('<text class="value-label" x="{}" y="{}" text-anchor="start">{}</text>',
                             frame.left + 2, TOP - 6, f"latest {format_value(last_value, unit=unit)}"))
    missing = sum(1 for _, v in points if v is None)
    description = _series_text(labels, [v for _, v in points], [statuses.get(m, "none") for m in months], unit)
    if missing:
        description += f". {missing} month(s) without data"
    return _svg(title, description + ".", parts)


def score_chart(*, history: list[dict], green_at: Decimal, amber_at: Decimal) -> str:
    """The overall score (0–100) of each month, with the green and amber thresholds.

    The y-axis fits the scores, so that a trend between 95 and 101 is visible; a threshold outside
    that range is named at the chart's edge rather than stretching the axis."""
    months = [datetime.date.fromisoformat(row["period"]) for row in history]
    title = (f"Overall score of the last {len(history)} months; green at {format_value(green_at)}, "
             f"amber at {format_value(amber_at)}")
    known = [float(row["score"]) for row in history if row["score"] is not None]
    if not known:
        return _no_data(title)
    frame = _Frame(*axis_range(known, floor_at=0.0), unit="")
    parts = _axes(frame, months)
    for css, word, value in (("threshold-green", "green", green_at), ("threshold-amber", "amber", amber_at)):
        value = float(value)
        if frame.contains(value):
            parts.append(format_html('<line class="{}" x1="{}" y1="{}" x2="{}" y2="{}" stroke-dasharray="{}"/>',
                                     css, frame.left, frame.y(value), WIDTH - RIGHT, frame.y(value),
                                     "6 3" if word == "green" else "2 2"))
            parts.append(format_html('<text class="tick line-label" x="{}" y="{}" text-anchor="start">{} {}</text>',
                                     WIDTH - RIGHT + 4, frame.y(value) + 3, word, format_value(value)))
    below = [f"{word} at {format_value(v)}" for word, v in (("green", green_at), ("amber", amber_at))
             if float(v) < frame.low]
    if below:
        parts.append(format_html('<text class="tick line-label" x="{}" y="{}" text-anchor="end">↓ {}</text>',
                                 WIDTH - RIGHT, HEIGHT - BOTTOM - 3, ", ".join(below)))
    coordinates = [(frame.x(i, len(history)), frame.y(float(row["score"]))) if row["score"] is not None else None
                   for i, row in enumerate(history)]
    parts += _polylines(coordinates, "series")
    for row, point in zip(history, coordinates, strict=True):
        if point is not None:
            parts.append(_marker(row["status"], point[0], point[1],
                                 f"{row['period_label']}: {format_value(row['score'])} "
                                 f"({STATUS_WORDS.get(row['status'], row['status'].replace('_', ' '))})"))
    description = _series_text([row["period_label"] for row in history], [row["score"] for row in history],
                               [row["status"] for row in history], "")
    return _svg(title, description + ".", parts)


PORTFOLIO_HEIGHT_PER_LINE = 14  # px of legend per partnership, under the plot
SERIES_CLASSES = 6  # series-0 … series-5 in accord.css: distinct strokes (and dash patterns) per line


def portfolio_chart(*, series: list[tuple[str, list[dict]]]) -> str:
    """The overall score of every partnership over the same months, one line each.

    Each line is told apart by its dash pattern as well as its colour, and named in a legend under the
    plot and in the text alternative; the y-axis fits the scores as ``score_chart``'s does."""
    months = [datetime.date.fromisoformat(row["period"]) for row in series[0][1]] if series else []
    title = f"Overall score of {len(series)} partnership(s) over the last {len(months)} months"
    known = [float(row["score"]) for _, history in series for row in history if row["score"] is not None]
    if not known:
        return _no_data(title)
    frame = _Frame(*axis_range(known, floor_at=0.0), unit="")
    parts = _axes(frame, months)
    legend_top = HEIGHT + 4
    texts = []
    for index, (name, history) in enumerate(series):
        css = f"series series-{index % SERIES_CLASSES}"
        coordinates = [(frame.x(i, len(history)), frame.y(float(row["score"]))) if row["score"] is not None else None
                       for i, row in enumerate(history)]
        parts += _polylines(coordinates, css)
        for row, point in zip(history, coordinates, strict=True):
            if point is not None:
                parts.append(_marker(row["status"], point[0], point[1],
                                     f"{name}, {row['period_label']}: {format_value(row['score'])} "
                                     f"({STATUS_WORDS.get(row['status'], row['status'].replace('_', ' '))})"))
        y = legend_top + PORTFOLIO_HEIGHT_PER_LINE * index + 8
        parts.append(format_html('<line class="{}" x1="{}" y1="{}" x2="{}" y2="{}"/>', css, 8, y - 3, 30, y - 3))
        parts.append(format_html('<text class="tick legend" x="{}" y="{}" text-anchor="start">{}</text>', 36, y,
                                 name))
        texts.append(f"{name}: " + _series_text([row["period_label"] for row in history],
                                                [row["score"] for row in history],
                                                [row["status"] for row in history], ""))
    height = HEIGHT + 8 + PORTFOLIO_HEIGHT_PER_LINE * len(series)
    svg = _svg(title, ". ".join(texts) + ".", parts)
    # The legend grows the picture downwards; the plot itself keeps the size of every other chart.
    return mark_safe(svg.replace(f'viewBox="0 0 {WIDTH} {HEIGHT}"', f'viewBox="0 0 {WIDTH} {height}"', 1))


HEAT_SYMBOLS = {"green": "●", "amber": "◆", "red": "▲", "critical_breach": "✖", "no_data": "–"}


def heat_map(*, rows: list[tuple[str, list[dict]]]) -> dict:
    """The status of every partnership in each month, for a table: colour (a CSS class), a symbol
    and a word per cell, so the map reads without colour."""
    months = [row["period_label"] for row in rows[0][1]] if rows else []
    return {"months": months, "rows": [
        {"name": name, "cells": [{"period": cell["period"], "label": cell["period_label"], "status": cell["status"],
                                  "symbol": HEAT_SYMBOLS.get(cell["status"], "?"),
                                  "word": STATUS_WORDS.get(cell["status"], cell["status"].replace("_", " ")),
                                  "score": format_value(cell["score"]) if cell["score"] is not None else ""}
                                 for cell in history]}
        for name, history in rows]}


# WeasyPrint styles an inline SVG only from a <style> inside it, not from the page's stylesheet (without
# this, the bands print solid black, the lines not at all and the labels at the browser's default size).
PRINT_STYLE = (
    "<style>.band{opacity:.35}.band-green{fill:#9fd9b6}.band-amber{fill:#f6d98a}.band-red{fill:#f4b1aa}"
    ".series{stroke:#1f4e79;stroke-width:2;fill:none}.tick{font-size:10px;fill:#555}.line-label{font-size:9px}"
    ".value-label{font-size:10px;font-weight:600;fill:#1d2433}.no-data{font-size:13px;fill:#555}"
    ".dot{fill:#1f4e79;stroke:#fff;stroke-width:1}.dot-green{fill:#1a7f45}.dot-amber{fill:#d99100}"
    ".dot-red,.dot-critical_breach{fill:#b42318}.marker-cross{fill:none;stroke:#b42318}"
    ".threshold-green{stroke:#1a7f45}.threshold-amber{stroke:#d99100}</style>"
)


def printable(svg: str) -> str:
    """``svg`` (one of these charts) carrying its own styles, for a PDF. The opening ``<svg …>`` tag ends at the
    first ``>``: the title and description in its attributes are escaped."""
    return mark_safe(svg.replace(">", ">" + PRINT_STYLE, 1))
