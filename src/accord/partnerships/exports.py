"""Downloads of the partnership's own tables (its notes, its activity) as CSV or XLSX, through
``core.exports``; each from the same selector as its page, so it holds only what the caller sees."""

from django.contrib.auth.decorators import login_required

from accord.core.audit import change_rows
from accord.core.exports import Table, requested_table_response
from accord.core.models import AuditAction

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
    """The partnership's activity as the caller's party sees it (no event of the other party's private records),
    with its changes in the same words as the page: field labels, party and person names, not stored keys."""
    access = partnership_access(request.user, slug=slug)
    events = selectors.activity_feed(access=access).order_by("-at", "-id")
    names = selectors.activity_names(access=access)
    return requested_table_response(request, Table(f"{access.partnership.slug}-activity", [
        "When (UTC)", "Who", "Party", "Action", "Record kind", "Record", "Changes",
    ], ([e.at, e.actor.username if e.actor else "", e.acting_party.organization.name if e.acting_party else "",
         e.get_action_display(), e.record_type.split(".")[-1], e.record_label,
         _changes(e, names)] for e in events)))


def _changes(event, names) -> str:
    """``Field: before → after`` per change, one a line, worded as on the activity page."""
    if event.action != AuditAction.UPDATE or not isinstance(event.changes, list):
        return ""
    return "\n".join(f"{row['label']}: {row['before']} → {row['after']}" for row in change_rows(event, names=names))
