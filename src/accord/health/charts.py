"""The radar chart of a round: both parties' 0–100 scores per dimension, as inline SVG (no script, no style
attributes: the content security policy forbids both). Parties differ by stroke pattern and marker shape as
well as colour, and the description carries every number, so the chart reads without colour or sight."""

import math

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

SIZE, RADIUS, LABEL_GAP = 440, 100, 14
CENTRE = SIZE / 2
PARTY_STYLES = [  # stroke, fill, dash pattern, marker
    ("#2f4fd8", "#2f4fd8", "", "circle"),
    ("#b42318", "#b42318", "6 3", "square"),
]


def _point(index: int, count: int, score: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    distance = RADIUS * score / 100
    return CENTRE + distance * math.cos(angle), CENTRE + distance * math.sin(angle)


def _marker(shape: str, x: float, y: float, colour: str, title: str) -> str:
    if shape == "circle":
        return format_html('<circle cx="{}" cy="{}" r="3.5" fill="{}"><title>{}</title></circle>',
                           f"{x:.1f}", f"{y:.1f}", colour, title)
    return format_html('<rect x="{}" y="{}" width="7" height="7" fill="{}"><title>{}</title></rect>',
                       f"{x - 3.5:.1f}", f"{y - 3.5:.1f}", colour, title)


def radar_chart(*, labels: dict, parties: list[dict]) -> str:
    """``labels``: {code: label} in order; ``parties``: [{"name", "dimensions": [{"code", "score"}]}] (parties
    with results only). A round with fewer than three dimensions has no radar: its table says it all."""
    codes = list(labels)
    if len(codes) < 3 or not parties:
        return ""
    parts = []
    for ring in (25, 50, 75, 100):
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (_point(i, len(codes), ring) for i in range(len(codes))))
        parts.append(f'<polygon points="{points}" fill="none" stroke="#d5d9e2" stroke-width="1"/>')
    for index, code in enumerate(codes):
        x, y = _point(index, len(codes), 100)
        parts.append(f'<line x1="{CENTRE}" y1="{CENTRE}" x2="{x:.1f}" y2="{y:.1f}" stroke="#d5d9e2"/>')
        lx, ly = _point(index, len(codes), 100 + LABEL_GAP * 100 / RADIUS)
        anchor = "middle" if abs(lx - CENTRE) < 10 else "start" if lx > CENTRE else "end"
        parts.append(format_html('<text x="{}" y="{}" text-anchor="{}" font-size="10" fill="#333">{}</text>',
                                 f"{lx:.1f}", f"{ly + 3:.1f}", anchor, labels[code][:18]))
    description = []
    for party, (stroke, fill, dash, shape) in zip(parties, PARTY_STYLES, strict=False):
        scores = {row["code"]: row["score"] for row in party["dimensions"]}
        points = [_point(i, len(codes), float(scores.get(code) or 0)) for i, code in enumerate(codes)]
        dash_attribute = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<polygon points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in points)}" fill="{fill}" '
                     f'fill-opacity="0.12" stroke="{stroke}" stroke-width="2"{dash_attribute}/>')
        for code, (x, y) in zip(codes, points, strict=True):
            parts.append(_marker(shape, x, y, stroke, f"{party['name']}: {labels[code]} {scores.get(code)}"))
        description.append(f"{party['name']} ({'solid line, circles' if not dash else 'dashed line, squares'}): "
                           + ", ".join(f"{labels[code]} {scores.get(code)}" for code in codes))
    title = "Both parties' scores per dimension (0–100)"
    desc = ". ".join(description)
    return mark_safe(
        f'<svg class="chart radar" viewBox="0 0 {SIZE} {SIZE}" role="img" aria-label="{escape(title)}. '
        f'{escape(desc)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        f'<desc>{escape(desc)}</desc>{"".join(parts)}</svg>')


INDEX_WIDTH, INDEX_HEIGHT, INDEX_LEFT, INDEX_BOTTOM, INDEX_TOP = 360, 140, 28, 22, 10


def index_chart(history: list[dict]) -> str:
    """The health index (0–100, a fixed axis: the index is a share, not a fitted range) of each month, oldest
    first; a month without an index leaves a gap in the line."""
    known = [row for row in history if row["index"] is not None]
    title = f"Health index of the last {len(history)} months"
    if not known:
        return ""
    plot_width = INDEX_WIDTH - INDEX_LEFT - 8
    plot_height = INDEX_HEIGHT - INDEX_TOP - INDEX_BOTTOM
    step = plot_width / max(len(history) - 1, 1)

    def y(value) -> float:
        return INDEX_TOP + plot_height * (1 - float(value) / 100)

    parts = []
    for tick in (0, 50, 100):
        parts.append(f'<line x1="{INDEX_LEFT}" y1="{y(tick):.1f}" x2="{INDEX_WIDTH - 8}" y2="{y(tick):.1f}" '
                     f'stroke="#e3e6ee"/>')
        parts.append(f'<text x="{INDEX_LEFT - 4}" y="{y(tick) + 3:.1f}" text-anchor="end" font-size="9" '
                     f'fill="#555">{tick}</text>')
    runs, run = [], []
    for index, row in enumerate(history):
        if row["index"] is None:
            runs, run = runs + ([run] if run else []), []
            continue
        run.append((INDEX_LEFT + step * index, y(row["index"])))
    runs += [run] if run else []
    for points in runs:
        parts.append('<polyline fill="none" stroke="#2f4fd8" stroke-width="2" points="'
                     + " ".join(f"{x:.1f},{py:.1f}" for x, py in points) + '"/>')
    for index, row in enumerate(history):
        x = INDEX_LEFT + step * index
        if index % 3 == 0 or index == len(history) - 1:
            anchor = "end" if index == len(history) - 1 else "start" if index == 0 else "middle"
            parts.append(format_html('<text x="{}" y="{}" text-anchor="{}" font-size="9" fill="#555">{}</text>',
                                     f"{x:.1f}", f"{INDEX_HEIGHT - 6:.1f}", anchor, row["period_label"][:3] +
                                     row["period"][2:4]))
        if row["index"] is not None:
            parts.append(format_html('<circle cx="{}" cy="{}" r="3" fill="#2f4fd8"><title>{}: {}</title></circle>',
                                     f"{x:.1f}", f"{y(row['index']):.1f}", row["period_label"], row["index"]))
    desc = "; ".join(f"{row['period_label']}: {row['index'] if row['index'] is not None else 'no data'}"
                     for row in history)
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {INDEX_WIDTH} {INDEX_HEIGHT}" role="img" aria-label="{escape(title)}. '
        f'{escape(desc)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        f'<desc>{escape(desc)}</desc>{"".join(parts)}</svg>')
