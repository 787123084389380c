"""The printable partnership document: the charter in force and the agreement, as a page and a PDF."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from accord.charters.selectors import charter_version_in_force
from accord.partnerships.access import PartnershipAccess

from . import selectors

STYLESHEET = "agreements/document.css"


def charter_in_force(*, access: PartnershipAccess):
    """The charter version in force, or ``None``.

    The caller's access to the partnership has been checked; charter versions are always shared.
    """
    return charter_version_in_force(access.partnership)


def document_context(*, access: PartnershipAccess) -> dict:
    version = selectors.version_current(access=access)
    parties = selectors.parties(access=access)
    return {
        "partnership": access.partnership,
        "access": access,
        "charter": charter_in_force(access=access),
        "agreement": selectors.agreement_view(version=version, parties=parties) if version else None,
        "parties": parties,
        "printed_at": timezone.now(),
    }


def filename(access: PartnershipAccess) -> str:
    return f"{slugify(access.partnership.name)[:80] or 'partnership'}-charter-and-agreement.pdf"


def agreement_pdf(*, access: PartnershipAccess) -> bytes:
    """The same document as the printable page, rendered by WeasyPrint with the same print stylesheet."""
    from weasyprint import CSS, HTML  # heavy import: only when a PDF is asked for

    html = render_to_string("agreements/document.html", {**document_context(access=access), "for_pdf": True})
    # No base URL: the PDF loads nothing from the network, only the stylesheet from disk.
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=finders.find(STYLESHEET))])
