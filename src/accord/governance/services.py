"""Writes of governance: bodies, their members and their meetings. Each validates, writes, and
records one audit event in the same transaction."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accord.core.audit import AuditAction, changes_between, record_event, snapshot
from accord.core.updates import reject_unknown_fields
from accord.metrics.portfolio.refresh import portfolio_refresh_from
from accord.partnerships.access import PartnershipAccess
from accord.partnerships.models import Party, PartyMember, PartyStatus

from . import calculations
from .models import BodyMember, GovernanceBody, Meeting, MeetingKind, MeetingStatus, MemberRole, Tier

SCHEDULE_AHEAD_MONTHS = 12
BODY_FIELDS = ("name", "tier", "cadence", "starts_on", "quorum", "meeting_time", "meeting_minutes")
MEETING_FIELDS = ("kind", "status", "starts_at", "ends_at", "location")

# Seed 001: "a strategic governance board … meets two or three times a year"; "an operational
# governance team … monthly at the start, at least quarterly after".
DEFAULT_BODIES = (
    {"name": "Strategic governance board", "tier": Tier.STRATEGIC, "cadence": {"every_months": 4}},
    {"name": "Operational governance team", "tier": Tier.OPERATIONAL,
     "cadence": {"every_months": 1, "for_months": 6, "then_every_months": 3}},
)


def _today() -> datetime.date:
    return timezone.localdate()


def _body_snapshot(body: GovernanceBody) -> dict:
    values = snapshot(body, BODY_FIELDS)
    values["meeting_time"] = body.meeting_time.isoformat() if body.meeting_time else None
    return values


def _members_checked(partnership, members) -> list[BodyMember]:
    """``members`` ({"user", "party", "role"}) as unsaved rows, each a person named on an accepted party."""
    rows, errors, seen = [], [], set()
    named = {(m.party_id, m.user_id): m.user for m in PartyMember.objects.filter(
        party__partnership=partnership, party__status=PartyStatus.ACCEPTED).select_related("user")}
    for position, member in enumerate(members or []):
        key = (member.get("party"), member.get("user"))
        role = member.get("role", MemberRole.MEMBER)
        if key not in named:
            errors.append(f"Member {position + 1}: choose a person named on one of the parties, with that party.")
        elif role not in MemberRole.values:
            errors.append(f"Member {position + 1}: the role is one of {', '.join(MemberRole.values)}.")
        elif key[1] in seen:
            errors.append(f"Member {position + 1}: {named[key].username} is listed twice.")
        else:
            seen.add(key[1])
            rows.append(BodyMember(party_id=key[0], user=named[key], role=role))
    for role in (MemberRole.CHAIR, MemberRole.SECRETARY):
        if sum(row.role == role for row in rows) > 1:
            errors.append(f"A body has one {role}.")
    if errors:
        raise ValidationError({"members": errors})
    return rows


def _members_snapshot(rows) -> list[dict]:
    return [{"user": row.user.username, "party": row.party_id, "role": row.role} for row in rows]


def _meeting_times(body: GovernanceBody, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    starts_at = timezone.make_aware(datetime.datetime.combine(day, body.meeting_time))
    return starts_at, starts_at + datetime.timedelta(minutes=body.meeting_minutes)


def _schedule(body: GovernanceBody, *, window_start: datetime.date, acting_user=None) -> list[Meeting]:
    """Create the body's meetings from its cadence up to twelve months ahead (the ones it does not have)."""
    planned = calculations.meeting_dates(body.cadence, body.starts_on, window_start=window_start,
                                         window_end=_today() + relativedelta(months=SCHEDULE_AHEAD_MONTHS))
    existing = body.meetings.exclude(planned_on=None).values_list("planned_on", flat=True)
    meetings = []
    for day in calculations.slots_to_schedule(planned, existing):
        starts_at, ends_at = _meeting_times(body, day)
        kind = MeetingKind.KICKOFF if day == body.starts_on else MeetingKind.REGULAR
        meetings.append(Meeting(partnership=body.partnership, owner_party=body.owner_party, body=body, kind=kind,
                                planned_on=day, starts_at=starts_at, ends_at=ends_at, created_by=acting_user))
    return Meeting.objects.bulk_create(meetings)


def _body_write(body: GovernanceBody, members, *, acting_user, acting_party, action, before: dict) -> GovernanceBody:
    body.full_clean(exclude=["partnership", "owner_party"], validate_unique=False)
    if GovernanceBody.objects.filter(partnership=body.partnership, name__iexact=body.name).exclude(pk=body.pk).exists():
        raise ValidationError({"name": "The partnership already has a body of this name."})
    rows = _members_checked(body.partnership, members) if members is not None else None
    body.save()
    after = _body_snapshot(body)
    if rows is not None:
        before_members = _members_snapshot(body.members.select_related("user"))
        body.members.all().delete()
        for row in rows:
            row.body = body
        BodyMember.objects.bulk_create(rows)
        before["members"], after["members"] = before_members, _members_snapshot(rows)
    changes = changes_between(before, after)
    if changes or action == AuditAction.CREATE:
        record_event(actor=acting_user, acting_party=acting_party, action=action, record=body, changes=changes)
    return body


@transaction.atomic
def body_create(*, access: PartnershipAccess, name: str, tier: str, cadence: dict, starts_on=None,
                quorum: str | None = None, members: list[dict] | None = None) -> GovernanceBody:
    """A body of the partnership, its members, and its meetings for the next twelve months."""
    access.require_manage()
    body = GovernanceBody(partnership=access.partnership, owner_party=access.party, created_by=access.user,
                          name=(name or "").strip(), tier=tier, cadence=cadence, starts_on=starts_on or _today())
    if quorum:
        body.quorum = quorum
    body = _body_write(body, members or [], acting_user=access.user, acting_party=access.party,
                       action=AuditAction.CREATE, before={})
    _schedule(body, window_start=_today(), acting_user=access.user)
    return body


@transaction.atomic
def body_update(*, access: PartnershipAccess, body: GovernanceBody, members: list[dict] | None = None,
                **fields) -> GovernanceBody:
    """Change a body. A new cadence or start date replaces its future meetings that were never moved or
    cancelled; moved, cancelled and past meetings stay as they are."""
    access.require_manage()
    reject_unknown_fields(fields, BODY_FIELDS)
    body = GovernanceBody.objects.select_for_update().get(pk=body.pk)
    before = _body_snapshot(body)
    for field, value in fields.items():
        setattr(body, field, value.strip() if field == "name" and isinstance(value, str) else value)
    rescheduling = any(field in fields and fields[field] != before[field] and field != "name"
                       for field in ("cadence", "starts_on", "meeting_time", "meeting_minutes"))
    body = _body_write(body, members, acting_user=access.user, acting_party=access.party,
                       action=AuditAction.UPDATE, before=before)
    if rescheduling:
        now = timezone.now()
        untouched = [m.pk for m in body.meetings.filter(starts_at__gte=now, status=MeetingStatus.SCHEDULED)
                     .exclude(planned_on=None) if m.starts_at == _meeting_times_from(before, m.planned_on)[0]]
        Meeting.objects.filter(pk__in=untouched).delete()
        _schedule(body, window_start=_today(), acting_user=access.user)
    return body


def _meeting_times_from(before: dict, day: datetime.date):
    """The times a meeting planned for ``day`` had under the body's settings ``before`` a change."""
    meeting_time = datetime.time.fromisoformat(before["meeting_time"])
    starts_at = timezone.make_aware(datetime.datetime.combine(day, meeting_time))
    return starts_at, starts_at + datetime.timedelta(minutes=before["meeting_minutes"])


def bodies_create_defaults(*, partnership, party: Party, acting_user) -> list[GovernanceBody]:
    """The board and the operational team every new partnership starts with, counted from its start date
    (or today), with the person who created it as their first member. Called by ``partnership_create``."""
    starts_on = partnership.start_date or _today()
    lead = PartyMember.objects.filter(party=party, user=acting_user).first()
    members = [{"user": acting_user.pk, "party": party.pk, "role": MemberRole.MEMBER}] if lead else []
    bodies = []
    for default in DEFAULT_BODIES:
        if GovernanceBody.objects.filter(partnership=partnership, tier=default["tier"]).exists():
            continue
        body = GovernanceBody(partnership=partnership, owner_party=party, created_by=acting_user,
                              starts_on=starts_on, **default)
        body = _body_write(body, members, acting_user=acting_user, acting_party=party,
                           action=AuditAction.CREATE, before={})
        _schedule(body, window_start=max(starts_on, _today()), acting_user=acting_user)
        bodies.append(body)
    return bodies


@transaction.atomic
def meetings_schedule(*, access: PartnershipAccess, body: GovernanceBody, since: datetime.date | None = None) -> list[Meeting]:
    """Fill in the body's meetings from ``since`` (default today) to twelve months ahead."""
    access.require_write()
    return _schedule(body, window_start=since or _today(), acting_user=access.user)


def _meeting_write(meeting: Meeting, *, access: PartnershipAccess, action, before: dict) -> Meeting:
    meeting.full_clean(exclude=["partnership", "owner_party", "body"], validate_unique=False)
    meeting.save()
    changes = changes_between(before, snapshot(meeting, MEETING_FIELDS))
    if changes or action == AuditAction.CREATE:
        record_event(actor=access.user, acting_party=access.party, action=action, record=meeting, changes=changes)
        # Meetings held (or not) on cadence are health evidence of the months from the earliest date involved.
        portfolio_refresh_from(meeting.partnership_id, meeting.planned_on, meeting.starts_at, before.get("starts_at"))
    return meeting


@transaction.atomic
def meeting_create(*, access: PartnershipAccess, body: GovernanceBody, starts_at, ends_at=None,
                   kind: str = MeetingKind.EXTRAORDINARY, location: str = "") -> Meeting:
    """A meeting outside the cadence (extraordinary by default)."""
    access.require_write()
    meeting = Meeting(partnership=access.partnership, owner_party=access.party, created_by=access.user, body=body,
                      kind=kind, starts_at=starts_at,
                      ends_at=ends_at or (starts_at + datetime.timedelta(minutes=body.meeting_minutes)
                                          if starts_at else None),
                      location=location)
    return _meeting_write(meeting, access=access, action=AuditAction.CREATE, before={})


@transaction.atomic
def meeting_update(*, access: PartnershipAccess, meeting: Meeting, **fields) -> Meeting:
    """Move a meeting (``starts_at``/``ends_at``), change its kind or place, or cancel it
    (``status="cancelled"``). A moved meeting keeps its planned date, so it is never scheduled twice."""
    access.require_write()
    reject_unknown_fields(fields, MEETING_FIELDS)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    before = snapshot(meeting, MEETING_FIELDS)
    if "starts_at" in fields and "ends_at" not in fields and fields["starts_at"]:
        fields["ends_at"] = fields["starts_at"] + (meeting.ends_at - meeting.starts_at)
    for field, value in fields.items():
        setattr(meeting, field, value)
    return _meeting_write(meeting, access=access, action=AuditAction.UPDATE, before=before)
