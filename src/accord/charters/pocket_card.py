"""The pocket card: the charter abridged for front-line associates, as a one-page PDF and a PNG.

A folded wallet card — two panels of 85.6 × 54 mm (the ID-1 card size) side by side on one
page: print, fold along the dotted line, laminate. The front carries the tagline, the purpose and
the mission; the back the values and the parties. Long texts are abridged at a word boundary so
the card is always exactly one page.
"""

import io

from django.template.loader import render_to_string

from .calculations import abridge, first_words
from .models import CharterVersion

PANEL_WIDTH_MM = 85.6
PANEL_HEIGHT_MM = 54.0
CARD_WIDTH_MM = PANEL_WIDTH_MM * 2  # folded once along the middle
CARD_HEIGHT_MM = PANEL_HEIGHT_MM
PNG_DPI = 300
MAX_VALUES_ON_CARD = 6


def card_pixel_size(dpi: int = PNG_DPI) -> tuple[int, int]:
    """The card's size in pixels at ``dpi`` (what the PNG measures)."""
    return round(CARD_WIDTH_MM / 25.4 * dpi), round(CARD_HEIGHT_MM / 25.4 * dpi)


def card_context(version: CharterVersion, party_names: list[str], partnership_name: str) -> dict:
    values = version.values[:MAX_VALUES_ON_CARD]
    text_length = len(version.purpose) + len(version.mission) + len(version.tagline)
    return {
        "version": version,
        "is_draft": not version.is_in_force,
        "partnership_name": partnership_name,
        "party_names": party_names,
        "tagline": abridge(version.tagline, 80),
        "purpose": abridge(version.purpose, 240),
        "mission": abridge(version.mission, 240),
        "values": [{"name": v["name"], "words": first_words(v.get("description", ""), 12)} for v in values],
        "more_values": max(0, len(version.values) - MAX_VALUES_ON_CARD),
        # Smaller type for wordy charters keeps everything on the card and still legible (≥ 6 pt).
        "front_size": "dense" if text_length > 400 else "roomy" if text_length < 260 else "normal",
        "back_size": "dense" if len(values) > 4 else "normal",
        "card_width": f"{CARD_WIDTH_MM}mm", "card_height": f"{CARD_HEIGHT_MM}mm",
        "panel_width": f"{PANEL_WIDTH_MM}mm",
    }


def pocket_card_pdf(version: CharterVersion, *, party_names: list[str], partnership_name: str) -> bytes:
    from weasyprint import HTML  # imported here: loading WeasyPrint is slow and only the card needs it

    html = render_to_string("charters/pocket_card.html", card_context(version, party_names, partnership_name))
    return HTML(string=html).write_pdf()


def pocket_card_png(pdf: bytes, dpi: int = PNG_DPI) -> bytes:
    """The card's one page rendered at ``dpi``; its pixel size is the card size at that dpi."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        document.close()
    size = card_pixel_size(dpi)
    if image.size != size:  # PDFium rounds the page edge up; trim or pad that last pixel
        image = image.resize(size)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(dpi, dpi), optimize=True)
    return out.getvalue()


def pocket_card_for(version: CharterVersion) -> bytes:
    """The PDF pocket card of ``version``, with its partnership's party names."""
    from .selectors import party_names

    partnership = version.partnership
    return pocket_card_pdf(version, party_names=party_names(partnership), partnership_name=partnership.name)
