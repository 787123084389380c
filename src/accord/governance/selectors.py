"""Reads of governance, each scoped to the caller's access."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accord.partnerships.access import PartnershipAccess, record_get, records_shared, records_visible_to
from accord.partnerships.models import Party

from . import calculations
from .models import ActionItem, ActionStatus, AgendaItem, BodyMember, Decision, GovernanceBody, Meeting, MinuteEntry


def body_list(*, access: PartnershipAccess) -> QuerySet[GovernanceBody]:
    members = BodyMember.objects.select_related("user", "party__organization")
    return records_visible_to(GovernanceBody.objects.all(), access).prefetch_related(
        Prefetch("members", queryset=members))


def body_get(*, access: PartnershipAccess, body_id) -> GovernanceBody:
    return record_get(body_list(access=access), access, body_id)


def meeting_list(*, access: PartnershipAccess, body_id=None, upcoming: bool = False,
                 status: str = "") -> QuerySet[Meeting]:
    meetings = records_visible_to(Meeting.objects.all(), access).select_related("body")
    if body_id:
        meetings = meetings.filter(body_id=body_id)
    if upcoming:
        meetings = meetings.filter(ends_at__gte=timezone.now())
    if status:
        meetings = meetings.filter(status=status)
    return meetings


def meeting_get(*, access: PartnershipAccess, meeting_id) -> Meeting:
    return record_get(meeting_list(access=access), access, meeting_id)


def meeting_with_proceedings(*, access: PartnershipAccess, meeting_id) -> Meeting:
    """A meeting with its agenda, minutes, decisions and actions, each read under the visibility rule."""
    return record_get(meeting_list(access=access).prefetch_related(
        Prefetch("agenda_items", queryset=records_visible_to(AgendaItem.objects.all(), access)),
        Prefetch("minutes", queryset=records_visible_to(MinuteEntry.objects.select_related("created_by"), access)),
        Prefetch("decisions", queryset=records_visible_to(Decision.objects.all(), access)),
        Prefetch("actions", queryset=action_list(access=access)),
    ), access, meeting_id)


def action_list(*, access: PartnershipAccess, status: str = "", party_id=None, owner_id=None,
                overdue: bool = False, meeting_id=None) -> QuerySet[ActionItem]:
    actions = records_visible_to(ActionItem.objects.all(), access).select_related(
        "assignee", "assignee_party__organization")
    if status:
        actions = actions.filter(status=status)
    if party_id:
        actions = actions.filter(assignee_party_id=party_id)
    if owner_id:
        actions = actions.filter(assignee_id=owner_id)
    if meeting_id:
        actions = actions.filter(meeting_id=meeting_id)
    if overdue:
        actions = actions.filter(status=ActionStatus.OPEN, due_date__lt=timezone.localdate())
    return actions


def action_get(*, access: PartnershipAccess, action_id) -> ActionItem:
    return record_get(action_list(access=access), access, action_id)


def on_time_rates(*, access: PartnershipAccess) -> list[dict]:
    """"Done on time" per party, from the shared action list (the same for every party)."""
    rows = records_shared(ActionItem.objects.all(), access).values_list(
        "assignee_party_id", "status", "due_date", "completed_on")
    by_party = {}
    for party_id, status, due_date, completed_on in rows:
        by_party.setdefault(party_id, []).append((status, due_date, completed_on))
    parties = Party.objects.accepted().filter(partnership=access.partnership).select_related("organization")
    return [{"party": party.pk, "organization": party.organization.name,
             **calculations.done_on_time_rate(by_party.get(party.pk, []), today=timezone.localdate())}
            for party in parties]


def decision_log(*, access: PartnershipAccess, search: str = "") -> QuerySet[Decision]:
    decisions = records_visible_to(Decision.objects.all(), access).select_related("meeting__body")
    return decisions.filter(text__icontains=search) if search else decisions
