"""The review pack as files: the PDF (WeasyPrint, from the page's own sections) and the deck."""

from dataclasses import replace

from django.http import HttpResponse
from django.template.loader import render_to_string

from accord.metrics.scorecards.charts import printable

from .deck import review_pack_pptx
from .selectors import ReviewPack

PDF_TYPE = "application/pdf"
PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _printable(pack: ReviewPack) -> ReviewPack:
    """The pack with each chart carrying its own styles, for WeasyPrint."""
    sections = [replace(section, charts=[(title, printable(svg)) for title, svg in section.charts])
                for section in pack.sections]
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
