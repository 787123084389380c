"""Writes of who attended a meeting, and the parties' preparation notes for it."""

from django.core.exceptions import ValidationError
from django.db import transaction

from accord.core.audit import AuditAction, changes_between, record_event
from accord.partnerships.access import PartnershipAccess
from accord.partnerships.models import PartyMember, PartyStatus
from accord.partnerships.notes import NoteKind

from .models import Attendance, AttendanceStatus, Meeting, PreparationNote

# A party's preparation for a meeting goes through the one notes mechanism: private to the party unless it
# shares it, changed only by its authors' party. Its pages return to the governance tab.
PREPARATION_NOTES = NoteKind(
    model=PreparationNote, list_url="governance:home", create_url="governance:home",
    edit_url="governance:preparation_note_edit", delete_url="governance:preparation_note_delete",
    extra_fields=("meeting",), audit_label=lambda note: "a preparation note",
)


def _snapshot(rows) -> list[str]:
    return sorted(f"{row.user.username}: {row.status}" for row in rows)


@transaction.atomic
def attendance_record(*, access: PartnershipAccess, meeting: Meeting, entries: list[dict]) -> list[Attendance]:
    """Replace the meeting's attendance with ``entries`` ({"user", "status"}; the party is the one the person is
    named on): members of the body and guests, each a person named on an accepted party."""
    access.require_write()
    named = {member.user_id: member for member in PartyMember.objects.filter(
        party__partnership=meeting.partnership, party__status=PartyStatus.ACCEPTED).select_related("user")}
    rows, errors, seen = [], [], set()
    for position, entry in enumerate(entries or []):
        user, status = entry.get("user"), entry.get("status")
        if isinstance(user, bool) or user not in named:
            errors.append(f"Person {position + 1}: choose a person named on one of the parties.")
        elif status not in AttendanceStatus.values:
            errors.append(f"Person {position + 1}: the status is one of {', '.join(AttendanceStatus.values)}.")
        elif user in seen:
            errors.append(f"Person {position + 1}: {named[user].user.username} is listed twice.")
        else:
            seen.add(user)
            rows.append(Attendance(meeting=meeting, user=named[user].user, party_id=named[user].party_id, status=status))
    if errors:
        raise ValidationError({"attendance": errors})
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    before = _snapshot(meeting.attendance.select_related("user"))
    meeting.attendance.all().delete()
    Attendance.objects.bulk_create(rows)
    changes = changes_between({"attendance": before}, {"attendance": _snapshot(rows)})
    if changes:
        record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=meeting,
                     changes=changes)
    return rows
