from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from accord.core.pagination import Pagination

from . import selectors, services
from .access import partnership_access
from .notes import PARTY_NOTES
from .notes_api import NoteSchemas, note_routes
from .schemas import (
    EventOut,
    NoteIn,
    NoteOut,
    NotePatchIn,
    PartnershipCreateIn,
    PartnershipOut,
    PartnershipPatchIn,
    PartyInvitationSentOut,
    PartyInviteIn,
    PartyOut,
)

router = Router(tags=["partnerships"])


class PartnershipFilter(Schema):
    search: str = ""
    status: str = ""


class PartyNoteFilter(Schema):
    search: str = ""
    visibility: str = ""


@router.get("", response=list[PartnershipOut])
@paginate(Pagination)
def partnership_list(request, filters: Query[PartnershipFilter]):
    return selectors.partnership_list(user=request.user, search=filters.search, status=filters.status)


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


class ActivityFilter(Schema):
    # Text, checked by the selector: a bad value is a 400 naming the parameter, as on the page.
    kind: str = Field("", description="a record kind, e.g. indicator, charterversion, deliverable")
    party: str = Field("", description="the id of a party of this partnership: what its people did")
    person: str = Field("", description="the id of a person of the partnership's parties")
    date_from: str = Field("", description="YYYY-MM-DD, inclusive")
    date_to: str = Field("", description="YYYY-MM-DD, inclusive")


@router.get("/{int:partnership_id}/activity", response=list[EventOut])
@paginate(Pagination)
def activity(request, partnership_id: int, filters: Query[ActivityFilter]):
    access = partnership_access(request.user, partnership_id=partnership_id)
    chosen = selectors.activity_filters_parse(access=access, **filters.dict())
    return selectors.activity_feed(access=access, filters=chosen)


note_routes(router, "/{int:partnership_id}/notes", kind=PARTY_NOTES, name="accord_partnerships_api_note",
            schemas=NoteSchemas(out=NoteOut, create=NoteIn, patch=NotePatchIn, filters=PartyNoteFilter))
