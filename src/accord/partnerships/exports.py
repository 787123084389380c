"""Downloads of the partnership's own tables (its notes, its activity) as CSV or XLSX, through
``core.exports``; each from the same selector as its page, so it holds only what the caller sees."""

from django.contrib.auth.decorators import login_required

from accord.core.exports import Table, requested_table_response

from . import selectors
from .access import partnership_access
from .notes import PARTY_NOTES, note_list


@login_required
def note_export(request, slug):
    """The notes the caller's party sees (shared ones, and its own private ones); ``?q=`` and
    ``?visibility=`` narrow them as on the page."""
    access = partnership_access(request.user, slug=slug)
    notes = note_list(access=access, kind=PARTY_NOTES, search=request.GET.get("q", "").strip(),
                      visibility=request.GET.get("visibility", ""))
    return requested_table_response(request, Table(f"{access.partnership.slug}-notes", [
        "Written (UTC)", "Party", "Author", "Visibility", "Text",
    ], ([n.created_at, n.owner_party.organization.name, n.created_by.username if n.created_by else "", n.visibility,
         n.text] for n in notes)))


@login_required
def activity_export(request, slug):
    """The partnership's activity as the caller's party sees it (no event of the other party's private records)."""
    access = partnership_access(request.user, slug=slug)
    events = selectors.activity_feed(access=access).order_by("-at", "-id")
    return requested_table_response(request, Table(f"{access.partnership.slug}-activity", [
        "When (UTC)", "Who", "Party", "Action", "Record kind", "Record", "Changes",
    ], ([e.at, e.actor.username if e.actor else "", e.acting_party.organization.name if e.acting_party else "",
         e.get_action_display(), e.record_type.split(".")[-1], e.record_label,
         _changes(e.changes)] for e in events)))


def _changes(changes) -> str:
    """``field: before → after`` per change, one a line (the events store them as a list of dicts)."""
    if not isinstance(changes, list):
        return str(changes or "")
    return "\n".join(f"{c.get('field', '')}: {c.get('before', '')} → {c.get('after', '')}"
                     for c in changes if isinstance(c, dict))
