"""The review pack as files: the PDF (WeasyPrint, from the page's own sections) and the deck."""

from dataclasses import replace

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from .deck import review_pack_pptx
from .selectors import ReviewPack

PDF_TYPE = "application/pdf"
PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


# WeasyPrint styles an inline SVG only from a <style> inside it, not from the page's stylesheet (without
# this, the bands print solid black and the lines not at all).
CHART_STYLE = (
    "<style>.band{opacity:.35}.band-green{fill:#9fd9b6}.band-amber{fill:#f6d98a}.band-red{fill:#f4b1aa}"
    ".series{stroke:#1f4e79;stroke-width:2;fill:none}.tick{font-size:10px;fill:#555}.line-label{font-size:9px}"
    ".value-label{font-size:10px;font-weight:600;fill:#1d2433}.no-data{font-size:13px;fill:#555}"
    ".dot{fill:#1f4e79;stroke:#fff;stroke-width:1}.dot-green{fill:#1a7f45}.dot-amber{fill:#d99100}"
    ".dot-red,.dot-critical_breach{fill:#b42318}.marker-cross{fill:none;stroke:#b42318}"
    ".threshold-green{stroke:#1a7f45}.threshold-amber{stroke:#d99100}</style>"
)


def _printable(pack: ReviewPack) -> ReviewPack:
    """The pack with each chart carrying its own styles (the opening ``<svg …>`` tag ends at the first
    ``>``: the title and description in its attributes are escaped)."""
    sections = [replace(section, charts=[(title, mark_safe(svg.replace(">", ">" + CHART_STYLE, 1)))
                                         for title, svg in section.charts]) for section in pack.sections]
    return replace(pack, sections=sections)


def review_pack_pdf(pack: ReviewPack) -> bytes:
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    # No base URL: the PDF loads nothing from the network; its charts are inline SVG.
    return HTML(string=render_to_string("reviews/pack_pdf.html", {"pack": _printable(pack)})).write_pdf()


def review_pack_response(pack: ReviewPack, file_format: str) -> HttpResponse:
    """``file_format`` is ``pdf`` or ``pptx``."""
    if file_format == "pptx":
        content, content_type = review_pack_pptx(pack), PPTX_TYPE
    else:
        content, content_type = review_pack_pdf(pack), PDF_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{pack.stem}.{file_format}"'
    return response
