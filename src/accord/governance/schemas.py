import datetime
from decimal import Decimal

from ninja import Field, Schema
from pydantic import field_validator

from .models import ActionStatus, MeetingKind, MeetingStatus, MemberRole, QuorumRule, Tier


class CadenceSchema(Schema):
    every_months: int = Field(ge=1, le=120)
    for_months: int | None = Field(None, ge=1, le=120)
    then_every_months: int | None = Field(None, ge=1, le=120)


class BodyMemberIn(Schema):
    user: int
    party: int
    role: MemberRole = MemberRole.MEMBER


class BodyMemberOut(Schema):
    user: int = Field(alias="user_id")
    username: str = Field(alias="user.username")
    name: str
    party: int = Field(alias="party_id")
    organization: str = Field(alias="party.organization.name")
    role: str

    @staticmethod
    def resolve_name(member):
        return member.user.get_full_name()


class GovernanceBodyIn(Schema):
    name: str = Field(max_length=200)
    tier: Tier
    cadence: CadenceSchema
    starts_on: datetime.date | None = None
    quorum: QuorumRule | None = None
    members: list[BodyMemberIn] = []


class GovernanceBodyPatchIn(Schema):
    name: str | None = Field(None, max_length=200)
    tier: Tier | None = None
    cadence: CadenceSchema | None = None
    starts_on: datetime.date | None = None
    quorum: QuorumRule | None = None
    members: list[BodyMemberIn] | None = None

    @field_validator("name", "tier", "cadence", "starts_on", "quorum", "members")
    @classmethod
    def not_null(cls, value):
        if value is None:
            raise ValueError("This field cannot be empty.")
        return value


class GovernanceBodyOut(Schema):
    id: int
    name: str
    tier: str
    cadence: dict
    starts_on: datetime.date
    quorum: str
    members: list[BodyMemberOut]

    @staticmethod
    def resolve_members(body):
        return list(body.members.all())


class MeetingIn(Schema):
    body: int
    kind: MeetingKind = MeetingKind.EXTRAORDINARY
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None = None
    location: str = Field("", max_length=200)


class MeetingPatchIn(Schema):
    kind: MeetingKind | None = None
    status: MeetingStatus | None = None
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    location: str | None = Field(None, max_length=200)

    @field_validator("kind", "status", "starts_at", "ends_at", "location")
    @classmethod
    def not_null(cls, value):
        if value is None:
            raise ValueError("This field cannot be empty.")
        return value


class MeetingOut(Schema):
    id: int
    body: int = Field(alias="body_id")
    body_name: str = Field(alias="body.name")
    kind: str
    status: str
    planned_on: datetime.date | None
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    location: str
    quorum_met: bool | None = Field(description="By the body's quorum rule; null until attendance is recorded.")
    parties_missing: list[str] = Field(description="Parties with no member of the body present (flagged).")

    @staticmethod
    def resolve_quorum_met(meeting):
        from .selectors import quorum_of

        return quorum_of(meeting)["met"]

    @staticmethod
    def resolve_parties_missing(meeting):
        from .selectors import quorum_of

        return quorum_of(meeting)["parties_missing"]


class AgendaRefOut(Schema):
    type: str
    id: str
    code: str


class AgendaItemOut(Schema):
    id: int
    source: str
    title: str
    ref: AgendaRefOut | None

    @staticmethod
    def resolve_ref(item):
        return {"type": item.ref_type, "id": item.ref_id, "code": item.ref_code} if item.ref_type else None


class MinuteEntryOut(Schema):
    id: int
    agenda_item: int | None = Field(alias="agenda_item_id")
    text: str
    is_amendment: bool
    author: str | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_author(entry):
        return entry.created_by.username if entry.created_by else None


class DecisionOut(Schema):
    id: int
    meeting: int = Field(alias="meeting_id")
    agenda_item: int | None = Field(alias="agenda_item_id")
    text: str
    created_at: datetime.datetime


class ActionItemOut(Schema):
    id: int
    title: str
    owner: int = Field(alias="assignee_id")
    owner_name: str = Field(alias="assignee.username")
    owner_party: int = Field(alias="assignee_party_id")
    owner_organization: str = Field(alias="assignee_party.organization.name")
    due_date: datetime.date
    status: str
    completed_on: datetime.date | None
    source: str
    meeting: int | None = Field(alias="meeting_id")
    overdue: bool

    @staticmethod
    def resolve_overdue(action):
        from django.utils import timezone

        from .calculations import is_overdue

        return is_overdue(status=action.status, due_date=action.due_date, today=timezone.localdate())


class AttendanceOut(Schema):
    user: int = Field(alias="user_id")
    username: str = Field(alias="user.username")
    name: str
    party: int = Field(alias="party_id")
    organization: str = Field(alias="party.organization.name")
    status: str
    member: bool

    @staticmethod
    def resolve_name(row):
        return row.user.get_full_name()

    @staticmethod
    def resolve_member(row):
        return any(member.user_id == row.user_id for member in row.meeting.body.members.all())


class PreparationNoteOut(Schema):
    id: int
    meeting: int = Field(alias="meeting_id")
    text: str
    visibility: str
    organization: str = Field(alias="owner_party.organization.name")
    author: str | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_author(note):
        return note.created_by.username if note.created_by else None


class MeetingDetailOut(MeetingOut):
    minutes_approved_at: datetime.datetime | None
    agenda: list[AgendaItemOut]
    attendance: list[AttendanceOut]
    minutes: list[MinuteEntryOut]
    decisions: list[DecisionOut]
    actions: list[ActionItemOut]
    preparation_notes: list[PreparationNoteOut] = Field(
        description="Your party's own preparation notes (private unless shared) and those another party shared.")

    @staticmethod
    def resolve_attendance(meeting):
        return list(meeting.attendance.all())

    @staticmethod
    def resolve_preparation_notes(meeting):
        return list(meeting.preparation_notes.all())

    @staticmethod
    def resolve_agenda(meeting):
        return list(meeting.agenda_items.all())

    @staticmethod
    def resolve_minutes(meeting):
        return list(meeting.minutes.all())

    @staticmethod
    def resolve_decisions(meeting):
        return list(meeting.decisions.all())

    @staticmethod
    def resolve_actions(meeting):
        return list(meeting.actions.all())


class AgendaItemIn(Schema):
    title: str = Field(min_length=1, max_length=300)


class MinuteEntryIn(Schema):
    agenda_item: int | None = None
    text: str = Field(min_length=1)


class ActionItemIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    owner: int
    owner_party: int
    due_date: datetime.date


class ActionItemPatchIn(Schema):
    title: str | None = Field(None, min_length=1, max_length=300)
    owner: int | None = None
    owner_party: int | None = None
    due_date: datetime.date | None = None
    status: ActionStatus | None = None

    @field_validator("title", "owner", "owner_party", "due_date", "status")
    @classmethod
    def not_null(cls, value):
        if value is None:
            raise ValueError("This field cannot be empty.")
        return value


class OnTimeRateOut(Schema):
    party: int
    organization: str
    due: int
    on_time: int
    percent: Decimal | None
