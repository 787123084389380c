"""Writes of a meeting's proceedings: its agenda, minutes and decisions, and the chair's approval."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accord.core.audit import AuditAction, record_event
from accord.core.errors import Conflict
from accord.partnerships.access import PartnershipAccess

from . import agenda_sources
from .agenda import agenda_from
from .models import (
    AgendaItem,
    AgendaSource,
    Decision,
    Meeting,
    MeetingStatus,
    MemberRole,
    MinuteEntry,
)

ADDED_POSITION = 10_000  # items people add come after the generated ones, in the order added


def _generated_items(access: PartnershipAccess, meeting: Meeting):
    today = timezone.localdate()
    return agenda_from(scorecard=agenda_sources.scorecard(access), actions=agenda_sources.open_actions(access),
                       escalations=agenda_sources.open_escalations(access, meeting),
                       due=agenda_sources.due_dates(access, today), meeting_day=agenda_sources.meeting_day(meeting),
                       today=today)


@transaction.atomic
def agenda_refresh(*, access: PartnershipAccess, meeting: Meeting) -> None:
    """Bring the generated part of the agenda up to date, until the meeting starts. Items that no longer
    apply go unless minutes or decisions were written on them; items people added stay.

    No audit event: this is the product deriving the agenda from shared data, not a person's change."""
    if meeting.starts_at <= timezone.now() or meeting.status == MeetingStatus.CANCELLED:
        return
    wanted = {item.key: (position, item) for position, item in enumerate(_generated_items(access, meeting))}
    existing = {(i.source, i.ref_type, i.ref_id): i for i in meeting.agenda_items.exclude(source=AgendaSource.ADDED)}
    in_use = set(MinuteEntry.objects.filter(meeting=meeting).values_list("agenda_item_id", flat=True)) | set(
        Decision.objects.filter(meeting=meeting).values_list("agenda_item_id", flat=True))
    stale = [item.pk for key, item in existing.items() if key not in wanted and item.pk not in in_use]
    AgendaItem.objects.filter(pk__in=stale).delete()
    new = []
    for key, (position, item) in wanted.items():
        if key in existing:
            current = existing[key]
            if (current.title, current.position) != (item.title, position):
                current.title, current.position = item.title, position
                current.save(update_fields=["title", "position", "updated_at"])
            continue
        new.append(AgendaItem(partnership=meeting.partnership, owner_party=meeting.owner_party, meeting=meeting,
                              source=item.source, title=item.title[:300], ref_type=item.ref_type,
                              ref_id=item.ref_id, ref_code=item.ref_code, position=position))
    AgendaItem.objects.bulk_create(new)


def _agenda_item(meeting: Meeting, agenda_item_id) -> AgendaItem | None:
    if agenda_item_id is None:
        return None
    item = meeting.agenda_items.filter(pk=agenda_item_id).first() if isinstance(agenda_item_id, int) else None
    if item is None:
        raise ValidationError({"agenda_item": "Choose an item of this meeting's agenda."})
    return item


def _text(value: str, field: str = "text") -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: "This field cannot be blank."})
    return text


@transaction.atomic
def agenda_item_add(*, access: PartnershipAccess, meeting: Meeting, title: str) -> AgendaItem:
    access.require_write()
    title = _text(title, "title")
    item = AgendaItem(partnership=access.partnership, owner_party=access.party, created_by=access.user,
                      meeting=meeting, source=AgendaSource.ADDED, title=title,
                      position=ADDED_POSITION + meeting.agenda_items.filter(source=AgendaSource.ADDED).count())
    item.full_clean(exclude=["partnership", "owner_party", "meeting"])
    item.save()
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.CREATE, record=item,
                 changes=[{"field": "title", "before": None, "after": title}])
    return item


@transaction.atomic
def minute_add(*, access: PartnershipAccess, meeting: Meeting, text: str, agenda_item: int | None = None) -> MinuteEntry:
    """Minutes on an item (or the meeting at large). Once the chair approved the minutes, what is written
    is an amendment, shown as one: approved minutes never change silently."""
    access.require_write()
    entry = MinuteEntry(partnership=access.partnership, owner_party=access.party, created_by=access.user,
                        meeting=meeting, agenda_item=_agenda_item(meeting, agenda_item), text=_text(text),
                        is_amendment=meeting.minutes_approved_at is not None)
    entry.save()
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.CREATE, record=entry,
                 changes=[{"field": "text", "before": None, "after": entry.text}],
                 details={"amendment": entry.is_amendment})
    return entry


@transaction.atomic
def decision_add(*, access: PartnershipAccess, meeting: Meeting, text: str, agenda_item: int | None = None) -> Decision:
    access.require_write()
    decision = Decision(partnership=access.partnership, owner_party=access.party, created_by=access.user,
                        meeting=meeting, agenda_item=_agenda_item(meeting, agenda_item), text=_text(text))
    decision.save()
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.CREATE, record=decision,
                 changes=[{"field": "text", "before": None, "after": decision.text}])
    return decision


@transaction.atomic
def minutes_approve(*, access: PartnershipAccess, meeting: Meeting) -> Meeting:
    """The chair approves the minutes; from then on, minutes are added only as amendments."""
    access.require_write()
    if not meeting.body.members.filter(user=access.user, role=MemberRole.CHAIR).exists():
        raise PermissionDenied("Only the chair of the body approves its minutes.")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.minutes_approved_at is not None:
        raise Conflict("The minutes are already approved; add an amendment instead.")
    meeting.minutes_approved_at, meeting.minutes_approved_by = timezone.now(), access.user
    meeting.save(update_fields=["minutes_approved_at", "minutes_approved_by", "updated_at"])
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=meeting,
                 changes=[{"field": "minutes_approved_at", "before": None,
                           "after": meeting.minutes_approved_at.isoformat()}])
    return meeting
