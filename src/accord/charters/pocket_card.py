"""The pocket card: the charter for front-line associates, as a one-page PDF and a PNG.

A folded wallet card — two panels of 85.6 × 54 mm (the ID-1 card size) side by side on one
page: print, fold along the dotted line, laminate. The front carries the tagline, the purpose and
the mission; the back the vision, the values, the parties and the version. The card says what the
parties signed: each field's card version where they wrote one, else the field itself — never a
cut text. Type shrinks to fit within readable limits (``card_layout``); when even the smallest
size does not hold the text, the card is refused with what to shorten.
"""

import io

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from . import card_layout
from .models import CharterVersion

PANEL_WIDTH_MM = card_layout.PANEL_WIDTH_MM
PANEL_HEIGHT_MM = card_layout.PANEL_HEIGHT_MM
CARD_WIDTH_MM = PANEL_WIDTH_MM * 2  # folded once along the middle
CARD_HEIGHT_MM = PANEL_HEIGHT_MM
PNG_DPI = 300


def card_pixel_size(dpi: int = PNG_DPI) -> tuple[int, int]:
    """The card's size in pixels at ``dpi`` (what the PNG measures)."""
    return round(CARD_WIDTH_MM / 25.4 * dpi), round(CARD_HEIGHT_MM / 25.4 * dpi)


def card_text(version: CharterVersion) -> card_layout.CardText:
    """The words on the card: each card version the parties wrote, else the signed field in full."""
    values = version.card_values or version.values
    horizon = version.vision_horizon
    return card_layout.CardText(
        tagline=" ".join((version.tagline or version.partnership.name).split()),
        purpose=" ".join((version.card_purpose or version.purpose).split()),
        vision=" ".join((version.card_vision or version.vision).split()),
        mission=" ".join((version.card_mission or version.mission).split()),
        values=tuple((v["name"], " ".join(v.get("description", "").split())) for v in values),
        vision_label=f"Our vision — by {horizon:%B %Y}" if horizon else "Our vision",
    )


def card_preview_fields() -> tuple[str, ...]:
    """The fields whose wording changes what the card says."""
    return ("tagline", "purpose", "vision", "mission", "values", "card_purpose", "card_vision", "card_mission",
            "card_values")


def card_fit_for(version: CharterVersion) -> card_layout.CardFit:
    return card_layout.card_fit(card_text(version))


def card_refusal(fit: card_layout.CardFit) -> ValidationError:
    """The refusal of a card that cannot fit, a message per card field (``card_mission``, …)."""
    return ValidationError({f"card_{name}": message for name, message in fit.problems.items()})


def card_context(version: CharterVersion, party_names: list[str], partnership_name: str) -> dict:
    """What ``pocket_card.html`` draws; raises ``ValidationError`` (per card field) when the text cannot fit."""
    text = card_text(version)
    fit = card_layout.card_fit(text)
    if not fit.fits:
        raise card_refusal(fit)
    layout = card_layout
    return {
        "version": version,
        "is_draft": not version.is_in_force,
        "partnership_name": partnership_name,
        "party_names": party_names,
        "card": text,
        "values": [{"name": name, "description": description} for name, description in text.values],
        "front_size": fit.front.size_pt, "back_size": fit.back.size_pt,
        "front_leading": round(fit.front.size_pt * layout.LEADING, 3),
        "back_leading": round(fit.back.size_pt * layout.LEADING, 3),
        # The bullet sits in the middle of a value's first line.
        "bullet_top": round((fit.back.size_pt * layout.LEADING - 1.2 * layout.MM) / 2, 3),
        "tagline_size": fit.front.size_pt + layout.TAGLINE_EXTRA_PT,
        "tagline_leading": round((fit.front.size_pt + layout.TAGLINE_EXTRA_PT) * layout.TAGLINE_LEADING, 3),
        "geometry": {name: round(getattr(layout, name), 3) for name in (
            "BAND_PADDING_TOP", "BAND_PADDING_BOTTOM", "KICKER_HEIGHT", "TAGLINE_GAP", "BODY_PADDING_TOP",
            "LABEL_SIZE", "LABEL_HEIGHT", "BLOCK_GAP", "VALUE_GAP", "VALUE_INDENT", "FRONT_FOOT_HEIGHT",
            "BACK_FOOT_HEIGHT")} | {"LABEL_LINE": round(layout.LABEL_SIZE * 1.3, 3),
                                    "LABEL_GAP": round(layout.LABEL_HEIGHT - layout.LABEL_SIZE * 1.3, 3),
                                    "PADDING_X": round(layout.PADDING_X_MM * layout.MM, 3)},
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
