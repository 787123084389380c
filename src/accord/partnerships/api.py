from ninja import Field, Query, Router, Schema, Status

from accord.core.models import AuditEvent

from . import selectors, services
from .access import partnership_access, record_get
from .models import PartyNote
from .schemas import (
    EventPage,
    NoteIn,
    NoteOut,
    NotePage,
    NotePatchIn,
    PartnershipCreateIn,
    PartnershipOut,
    PartnershipPage,
    PartnershipPatchIn,
    PartyInvitationSentOut,
    PartyInviteIn,
    PartyOut,
)

router = Router(tags=["partnerships"])


class PartnershipFilter(Schema):
    search: str = ""
    status: str = ""
    limit: int = 100
    offset: int = 0


def _page(queryset, limit: int, offset: int, serialize=lambda item: item) -> dict:
    limit = max(1, min(limit, 500))
    offset = max(0, offset)
    return {"count": queryset.count(), "items": [serialize(item) for item in queryset[offset : offset + limit]]}


@router.get("", response=PartnershipPage)
def partnership_list(request, filters: Query[PartnershipFilter]):
    partnerships = selectors.partnership_list(user=request.user, search=filters.search, status=filters.status)
    return _page(partnerships, filters.limit, filters.offset)


@router.post("", response={201: PartnershipOut})
def partnership_create(request, payload: PartnershipCreateIn):
    partnership = services.partnership_create(acting_user=request.user, **payload.dict())
    return Status(201, selectors.partnership_with_parties(access=partnership_access(request.user, partnership_id=partnership.pk)))


@router.get("/{int:partnership_id}", response=PartnershipOut)
def partnership_detail(request, partnership_id: int):
    return selectors.partnership_with_parties(access=partnership_access(request.user, partnership_id=partnership_id))


@router.patch("/{int:partnership_id}", response=PartnershipOut)
def partnership_update(request, partnership_id: int, payload: PartnershipPatchIn):
    access = partnership_access(request.user, partnership_id=partnership_id, manage=True)
    services.partnership_update(access=access, **payload.dict(exclude_unset=True))
    return selectors.partnership_with_parties(access=access)


@router.get("/{int:partnership_id}/parties", response=list[PartyOut])
def party_list(request, partnership_id: int):
    return selectors.party_list(access=partnership_access(request.user, partnership_id=partnership_id))


@router.post("/{int:partnership_id}/parties", response={202: PartyInvitationSentOut})
def party_invite(request, partnership_id: int, payload: PartyInviteIn):
    """Invite a party by its exact name or its admin's e-mail address; 202 with the same answer either way."""
    access = partnership_access(request.user, partnership_id=partnership_id, manage=True)
    invitation = services.party_invite(access=access, **payload.dict())
    return Status(202, {"detail": services.invitation_sent_message(invitation), "target": invitation.target,
                        "role": invitation.role})


def _event_out(event: AuditEvent) -> dict:
    return {
        "id": event.id, "at": event.at, "actor": event.actor.username if event.actor else None,
        "party": event.acting_party.organization.name if event.acting_party else None,
        "action": event.action, "event_type": event.event_type, "record_type": event.record_type,
        "record_id": event.record_id, "record": event.record_label, "visibility": event.visibility,
        "changes": event.changes, "details": event.details,
    }


class ActivityFilter(Schema):
    # Text, checked by the selector: a bad value is a 400 naming the parameter, as on the page.
    kind: str = Field("", description="a record kind, e.g. indicator, charterversion, deliverable")
    party: str = Field("", description="the id of a party of this partnership: what its people did")
    person: str = Field("", description="the id of a person of the partnership's parties")
    date_from: str = Field("", description="YYYY-MM-DD, inclusive")
    date_to: str = Field("", description="YYYY-MM-DD, inclusive")
    limit: int = 100
    offset: int = 0


@router.get("/{int:partnership_id}/activity", response=EventPage)
def activity(request, partnership_id: int, filters: Query[ActivityFilter]):
    access = partnership_access(request.user, partnership_id=partnership_id)
    chosen = selectors.activity_filters_parse(access=access, **filters.dict(exclude={"limit", "offset"}))
    return _page(selectors.activity_feed(access=access, filters=chosen), filters.limit, filters.offset, _event_out)


def _note_out(note: PartyNote) -> dict:
    return {
        "id": note.id, "text": note.text, "visibility": note.visibility,
        "party": note.owner_party.organization, "author": note.created_by.username if note.created_by else None,
        "created_at": note.created_at, "updated_at": note.updated_at, "revision": note.revision,
    }


class PartyNoteFilter(Schema):
    search: str = ""
    visibility: str = ""
    limit: int = 100
    offset: int = 0


@router.get("/{int:partnership_id}/notes", response=NotePage)
def note_list(request, partnership_id: int, filters: Query[PartyNoteFilter]):
    access = partnership_access(request.user, partnership_id=partnership_id)
    notes = selectors.note_list(access=access, search=filters.search, visibility=filters.visibility)
    return _page(notes, filters.limit, filters.offset, _note_out)


@router.post("/{int:partnership_id}/notes", response={201: NoteOut})
def note_create(request, partnership_id: int, payload: NoteIn):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    note = services.note_create(access=access, **payload.dict())
    return Status(201, _note_out(note))


def _note(access, note_id):
    return record_get(selectors.note_list(access=access), access, note_id)


@router.get("/{int:partnership_id}/notes/{int:note_id}", response=NoteOut)
def note_detail(request, partnership_id: int, note_id: int):
    access = partnership_access(request.user, partnership_id=partnership_id)
    return _note_out(_note(access, note_id))


@router.patch("/{int:partnership_id}/notes/{int:note_id}", response=NoteOut)
def note_update(request, partnership_id: int, note_id: int, payload: NotePatchIn):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    note = services.note_update(access=access, note=_note(access, note_id), **payload.dict(exclude_unset=True))
    return _note_out(_note(access, note.pk))


@router.delete("/{int:partnership_id}/notes/{int:note_id}", response={204: None})
def note_delete(request, partnership_id: int, note_id: int):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    services.note_delete(access=access, note=_note(access, note_id))
    return Status(204, None)


