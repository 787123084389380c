"""How the pocket card's text fits its two panels: the type size each panel is set in, or why it cannot fit.

The card never cuts what the parties signed. Each panel is set in the largest type size between
``MAX_SIZE_PT`` and ``MIN_SIZE_PT`` (the smallest still comfortable to read on a wallet card) at
which its text fits; if even the smallest does not fit, the layout refuses and names the field
and about how many characters its card version should lose.

Text is measured with the DejaVu fonts the PDF is set in (through Pillow), word by word, the way
the browser engine wraps it; the geometry below is the one ``pocket_card.html`` is drawn with,
passed to the template so the two cannot drift apart. Widths are measured a little generously, so a
panel that fits here fits in the PDF.
"""

import functools
import math
from dataclasses import dataclass, field

from PIL import ImageFont

MM = 72 / 25.4  # points per millimetre
PANEL_WIDTH_MM, PANEL_HEIGHT_MM = 85.6, 54.0
PADDING_X_MM = 4.0
TEXT_WIDTH_PT = (PANEL_WIDTH_MM - 2 * PADDING_X_MM) * MM
WIDTH_SAFETY = 0.98  # the PDF engine's spacing differs slightly from Pillow's; keep a margin

MAX_SIZE_PT, MIN_SIZE_PT, SIZE_STEP_PT = 8.5, 6.0, 0.25
LEADING = 1.25  # line height, times the type size
TAGLINE_EXTRA_PT = 1.6  # the tagline is set this much larger than the panel's text, in italic serif
TAGLINE_LEADING = 1.2

# Fixed parts of the panels, in points (the template draws them with the same numbers).
BAND_PADDING_TOP, BAND_PADDING_BOTTOM = 2.6 * MM, 2.3 * MM
KICKER_HEIGHT = 4.6 * 1.3
TAGLINE_GAP = 0.9 * MM
BODY_PADDING_TOP = 2.4 * MM
LABEL_SIZE = 4.8
LABEL_HEIGHT = LABEL_SIZE * 1.3 + 0.35 * MM
BLOCK_GAP = 1.5 * MM
VALUE_GAP = 0.7 * MM
VALUE_INDENT = 2.6 * MM
FRONT_FOOT_HEIGHT = 6.0 * MM
BACK_FOOT_HEIGHT = 9.0 * MM
FOOT_CLEARANCE = 1.0 * MM  # between the last line of text and the foot
PANEL_HEIGHT = PANEL_HEIGHT_MM * MM

FONT_FILES = {
    "text": "DejaVuSansCondensed.ttf",
    "bold": "DejaVuSansCondensed-Bold.ttf",
    "tagline": "DejaVuSerif-Italic.ttf",
}
_MEASURE_SIZE = 200  # fonts are loaded once at this pixel size and widths scaled to the point size


@functools.cache
def _font(kind: str) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT_FILES[kind], _MEASURE_SIZE)


def text_width(text: str, kind: str, size_pt: float) -> float:
    return _font(kind).getlength(text) * size_pt / _MEASURE_SIZE / WIDTH_SAFETY


def line_count(words: list[tuple[str, str]], size_pt: float, width_pt: float) -> int:
    """Lines a paragraph of ``(word, font kind)`` pairs takes when wrapped greedily at spaces."""
    if not words:
        return 0
    lines, used = 1, 0.0
    space = text_width(" ", "text", size_pt)
    for word, kind in words:
        width = text_width(word, kind, size_pt)
        needed = width if used == 0 else used + space + width
        if needed <= width_pt or used == 0:
            used = needed
            if used > width_pt:  # one word wider than the line: it breaks over the lines it fills
                extra = math.ceil(used / width_pt) - 1
                lines += extra
                used = used - extra * width_pt
        else:
            lines += 1
            used = width
    return lines


def _words(text: str, kind: str = "text") -> list[tuple[str, str]]:
    return [(word, kind) for word in text.split()]


@dataclass(frozen=True)
class CardText:
    """What goes on the card: the card versions of the signed fields (or the fields themselves)."""

    tagline: str
    purpose: str
    vision: str
    mission: str
    values: tuple[tuple[str, str], ...]  # (name, description)
    vision_label: str = "Our vision"


@dataclass
class PanelFit:
    size_pt: float | None  # None: does not fit even at the smallest size
    height_pt: float  # the text's height at the size chosen (or at the smallest size)
    available_pt: float


@dataclass
class CardFit:
    front: PanelFit
    back: PanelFit
    problems: dict[str, str] = field(default_factory=dict)  # field → what to do

    @property
    def fits(self) -> bool:
        return not self.problems


def _front_height(card: CardText, size: float) -> tuple[float, float]:
    """(text height, space available) of the front panel at ``size``."""
    tagline_size = size + TAGLINE_EXTRA_PT
    tagline_lines = line_count(_words(card.tagline, "tagline"), tagline_size, TEXT_WIDTH_PT)
    band = BAND_PADDING_TOP + KICKER_HEIGHT + TAGLINE_GAP + tagline_lines * tagline_size * TAGLINE_LEADING \
        + BAND_PADDING_BOTTOM
    height = BODY_PADDING_TOP
    blocks = [text for text in (card.purpose, card.mission) if text]
    for index, text in enumerate(blocks):
        height += LABEL_HEIGHT + line_count(_words(text), size, TEXT_WIDTH_PT) * size * LEADING
        if index < len(blocks) - 1:
            height += BLOCK_GAP
    return height, PANEL_HEIGHT - band - FRONT_FOOT_HEIGHT - FOOT_CLEARANCE


def _value_words(name: str, description: str) -> list[tuple[str, str]]:
    words = _words(name, "bold")
    if description:
        words += [("—", "text")] + _words(description)
    return words


def _back_height(card: CardText, size: float) -> tuple[float, float]:
    height = BODY_PADDING_TOP
    if card.vision:
        height += LABEL_HEIGHT + line_count(_words(card.vision), size, TEXT_WIDTH_PT) * size * LEADING + BLOCK_GAP
    height += LABEL_HEIGHT
    for name, description in card.values:
        lines = line_count(_value_words(name, description), size, TEXT_WIDTH_PT - VALUE_INDENT)
        height += lines * size * LEADING + VALUE_GAP
    return height, PANEL_HEIGHT - BACK_FOOT_HEIGHT - FOOT_CLEARANCE


def _sizes() -> list[float]:
    count = round((MAX_SIZE_PT - MIN_SIZE_PT) / SIZE_STEP_PT)
    return [MAX_SIZE_PT - SIZE_STEP_PT * i for i in range(count + 1)]


def _fit_panel(measure, card: CardText) -> PanelFit:
    for size in _sizes():
        height, available = measure(card, size)
        if height <= available:
            return PanelFit(size, height, available)
    height, available = measure(card, MIN_SIZE_PT)
    return PanelFit(None, height, available)


def _fits_at_minimum(measure, card: CardText) -> bool:
    height, available = measure(card, MIN_SIZE_PT)
    return height <= available


def _shortened(card: CardText, name: str, cut: int) -> CardText:
    """``card`` with ``cut`` characters fewer in field ``name`` — only to measure how much must go."""
    if name != "values":
        text = getattr(card, name)
        return _replace(card, **{name: text[: max(0, len(text) - cut)]})
    values, remaining = list(card.values), cut
    for index in range(len(values) - 1, -1, -1):  # take from the last descriptions first
        value_name, description = values[index]
        taken = min(remaining, len(description))
        values[index] = (value_name, description[: len(description) - taken])
        remaining -= taken
    return _replace(card, values=tuple(values))


def _replace(card: CardText, **changes) -> CardText:
    return CardText(**{**card.__dict__, **changes})


def _length(card: CardText, name: str) -> int:
    if name == "values":
        return sum(len(description) for _, description in card.values)
    return len(getattr(card, name))


def _round_up(count: int) -> int:
    return count if count < 10 else int(math.ceil(count / 10) * 10)


# The fields whose card version can be shortened, per panel (the tagline is short by rule already).
PANEL_FIELDS = {"front": ("purpose", "mission"), "back": ("vision", "values")}
FIELD_LABELS = {"purpose": "Purpose", "vision": "Vision", "mission": "Mission"}


def _cuts_needed(measure, card: CardText, fields: tuple[str, ...]) -> dict[str, int]:
    """Characters to take from the longest fields of a panel, longest first, until it fits at the smallest size."""
    cuts = {}
    for name in sorted(fields, key=lambda n: -_length(card, n)):
        length = _length(card, name)
        if length == 0:
            continue
        if not _fits_at_minimum(measure, _shortened(card, name, length)):
            cuts[name] = length
            card = _shortened(card, name, length)
            continue
        low, high = 1, length  # the smallest cut that fits: binary search
        while low < high:
            middle = (low + high) // 2
            if _fits_at_minimum(measure, _shortened(card, name, middle)):
                high = middle
            else:
                low = middle + 1
        cuts[name] = low
        return cuts
    return cuts


def card_fit(card: CardText) -> CardFit:
    """The type size of each panel, or the fields to shorten (with about how many characters) when it cannot fit."""
    result = CardFit(front=_fit_panel(_front_height, card), back=_fit_panel(_back_height, card))
    for panel, measure in (("front", _front_height), ("back", _back_height)):
        if getattr(result, panel).size_pt is not None:
            continue
        cuts = _cuts_needed(measure, card, PANEL_FIELDS[panel])
        for name, cut in cuts.items():
            if name == "values" and cut == _length(card, name):
                result.problems[name] = ("Values: too many to fit on the card even without their descriptions "
                                         "— name fewer values, or shorter names, in the card version")
            elif name == "values":
                result.problems[name] = (f"Values: about {_round_up(cut)} characters too long for the card "
                                         "(in the descriptions) — write shorter card versions of the values")
            else:
                result.problems[name] = (f"{FIELD_LABELS[name]}: about {_round_up(cut)} characters too long for "
                                         "the card — write a shorter card version")
        if not cuts:  # nothing to shorten but names: too many values to list
            result.problems["values"] = ("Values: too many to fit on the card — name fewer values, or shorter "
                                         "names, in the card version")
    return result
