"""Writes to the agreement. Each service validates, writes and records its audit event.

``versions`` holds a version's life (draft, commercial terms, propose, sign); ``sections`` the
parts of a draft (responsibilities, communication protocol, the list sections). Term notes are
the shared notes mechanism (``partnerships.notes``) with the agreement's ``TERM_NOTES`` kind.
"""

from accord.partnerships.signing import ONLY_DRAFTS

from .common import COMMERCIAL_FIELDS
from .sections import (
    SECTION_LABELS,
    SECTIONS,
    communications_replace,
    responsibilities_replace,
    section_item_create,
    section_item_delete,
    section_item_update,
)
from .versions import agreement_draft_create, agreement_propose, agreement_sign, agreement_terms_update

__all__ = [
    "COMMERCIAL_FIELDS", "ONLY_DRAFTS", "SECTIONS", "SECTION_LABELS", "agreement_draft_create", "agreement_propose",
    "agreement_sign", "agreement_terms_update", "communications_replace", "responsibilities_replace",
    "section_item_create", "section_item_delete", "section_item_update",
]
