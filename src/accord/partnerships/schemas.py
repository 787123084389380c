import datetime
from typing import Literal

from ninja import Field, Schema

EngagementTypeName = Literal["fee_for_service", "partnership", "strategic_partnership"]
PhaseName = Literal["alignment", "execution", "shared_vision"]
StatusName = Literal["proposed", "active", "suspended", "ending", "ended"]
PartyRoleName = Literal["client", "provider", "partner"]
VisibilityName = Literal["shared", "private"]


class OrganizationRef(Schema):
    id: int
    name: str


class PartyOut(Schema):
    id: int
    organization: OrganizationRef
    role: str
    status: str


class PartnershipOut(Schema):
    id: int
    slug: str
    name: str
    description: str
    engagement_type: str
    phase: str
    status: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    revision: int
    parties: list[PartyOut]


class PartnershipCreateIn(Schema):
    name: str
    role: PartyRoleName
    description: str = ""
    engagement_type: EngagementTypeName = "strategic_partnership"
    phase: PhaseName = "alignment"
    status: StatusName = "proposed"
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None


class PartnershipPatchIn(Schema):
    name: str | None = None
    description: str | None = None
    engagement_type: EngagementTypeName | None = None
    phase: PhaseName | None = Field(None, description="refused here (400): the phase moves by POST "
                                                      "/partnerships/{id}/phase, which checks the criteria")
    status: StatusName | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    revision: int | None = None


class PartyInviteIn(Schema):
    """Exactly one of ``organization_name`` (the exact name, any case) and ``email`` (of its admin)."""

    role: PartyRoleName
    organization_name: str = ""
    email: str = ""


class PartyInvitationSentOut(Schema):
    """The same answer whether or not the named organization or person is on the server."""

    detail: str
    target: str
    role: str


class EventChangeOut(Schema):
    field: str
    before: object | None = None
    after: object | None = None


class EventOut(Schema):
    id: int
    at: datetime.datetime
    actor: str | None
    party: str | None
    action: str
    event_type: str  # typed, as on the organization trail: "indicator.created", "party.invited", …
    record_type: str
    record_id: str
    record: str = Field(alias="record_label")
    visibility: str
    changes: list[EventChangeOut]
    details: dict

    @staticmethod
    def resolve_actor(event) -> str | None:
        return event.actor.username if event.actor else None

    @staticmethod
    def resolve_party(event) -> str | None:
        return event.acting_party.organization.name if event.acting_party else None


class NoteOut(Schema):
    """A note of any kind (``partnerships.notes``); a kind with more fields extends it."""

    id: int
    text: str
    visibility: str
    party: OrganizationRef
    author: str | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    revision: int

    @staticmethod
    def resolve_party(note) -> object:
        return note.owner_party.organization

    @staticmethod
    def resolve_author(note) -> str | None:
        return note.created_by.username if note.created_by else None


class NoteIn(Schema):
    text: str
    visibility: VisibilityName = "private"


class NotePatchIn(Schema):
    text: str | None = None
    visibility: VisibilityName | None = None
    revision: int | None = None



