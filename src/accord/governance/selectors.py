"""Reads of governance, each scoped to the caller's access."""

import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accord.partnerships.access import PartnershipAccess, record_get, records_shared, records_visible_to
from accord.partnerships.models import Party

from . import calculations
from .models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    BodyMember,
    Decision,
    Escalation,
    EscalationStatus,
    EscalationStep,
    GovernanceBody,
    Meeting,
    MinuteEntry,
    PreparationNote,
    StepKind,
)


def body_list(*, access: PartnershipAccess) -> QuerySet[GovernanceBody]:
    members = BodyMember.objects.select_related("user", "party__organization")
    return records_visible_to(GovernanceBody.objects.all(), access).prefetch_related(
        Prefetch("members", queryset=members))


def body_get(*, access: PartnershipAccess, body_id) -> GovernanceBody:
    return record_get(body_list(access=access), access, body_id)


def meeting_list(*, access: PartnershipAccess, body_id=None, upcoming: bool = False, held: bool = False,
                 status: str = "") -> QuerySet[Meeting]:
    """Meetings with what their quorum flag needs (attendance, the body's members, the parties):
    ``quorum_of`` reads them without further queries."""
    meetings = records_visible_to(Meeting.objects.all(), access).select_related("body", "partnership").prefetch_related(
        Prefetch("attendance", queryset=Attendance.objects.select_related("user", "party__organization")),
        Prefetch("body__members", queryset=BodyMember.objects.select_related("user", "party__organization")),
        Prefetch("partnership__parties", queryset=Party.objects.accepted().select_related("organization"),
                 to_attr="accepted_list"))
    if body_id:
        meetings = meetings.filter(body_id=body_id)
    if upcoming:
        meetings = meetings.filter(ends_at__gte=timezone.now())
    if held:
        meetings = meetings.filter(starts_at__lt=timezone.now()).exclude(status="cancelled").order_by("-starts_at")
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
        Prefetch("preparation_notes", queryset=records_visible_to(
            PreparationNote.objects.select_related("owner_party__organization", "created_by"), access)),
    ), access, meeting_id)


def quorum_of(meeting: Meeting) -> dict:
    """The meeting's quorum, from a meeting read by ``meeting_list`` (no further queries): ``{"recorded", "met",
    "parties_missing": [organization names]}``. ``met`` is None until attendance is recorded."""
    parties = getattr(meeting.partnership, "accepted_list", None)
    if parties is None:  # a meeting read some other way: one query for its parties
        parties = list(meeting.partnership.accepted_parties())
    rows = list(meeting.attendance.all())
    if not rows:
        return {"recorded": False, "met": None, "parties_missing": []}
    result = calculations.quorum(
        rule=meeting.body.quorum, parties=[party.pk for party in parties],
        members=[(member.user_id, member.party_id) for member in meeting.body.members.all()],
        present={row.user_id for row in rows if row.status == "present"})
    names = {party.pk: party.organization.name for party in parties}
    return {"recorded": True, "met": result["met"], "parties_missing": [names[p] for p in result["parties_missing"]]}


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


# The escalation ladder -------------------------------------------------------------------------

def escalation_list(*, access: PartnershipAccess, status: str = "", level: str = "", category: str = "",
                    severity: str = "", open_only: bool = False) -> QuerySet[Escalation]:
    escalations = records_visible_to(Escalation.objects.all(), access).select_related(
        "owner_party__organization", "created_by")
    for name, value in (("status", status), ("level", level), ("category", category), ("severity", severity)):
        if value:
            escalations = escalations.filter(**{name: value})
    if open_only:
        escalations = escalations.exclude(status=EscalationStatus.RESOLVED)
    return escalations


def escalation_get(*, access: PartnershipAccess, escalation_id) -> Escalation:
    """One escalation with its history and who agreed its resolution."""
    return record_get(escalation_list(access=access).prefetch_related(
        Prefetch("steps", queryset=EscalationStep.objects.select_related("actor", "party__organization")),
        "agreed_by", Prefetch("actions", queryset=action_list(access=access))), access, escalation_id)


def escalations_overdue(*, access: PartnershipAccess) -> list[Escalation]:
    """Open escalations whose resolution target passed below the top of the ladder: escalating them is
    proposed (and available at once, response or not)."""
    today = timezone.localdate()
    return [escalation for escalation in escalation_list(access=access, open_only=True).filter(resolve_by__lt=today)
            if calculations.overdue_for_escalation(status=escalation.status, level=escalation.level,
                                                   resolve_by=escalation.resolve_by, today=today)]


def escalation_response_events(partnership, start: datetime.date,
                               end: datetime.date) -> list[tuple[datetime.date, datetime.datetime | None, bool]]:
    """For each escalation level whose response target (respond-by date) lies in ``[start, end)``:
    ``(due, responded_at or None, on_time)``; ``on_time`` is True when the receiving party answered by ``due``
    (so an unanswered level is False, even before its date — callers that must wait can check ``due``).

    Takes the partnership rather than an access: escalations are always shared (none is private to a party),
    so every party of the partnership gets the same events — the health index is one number for both."""
    steps = EscalationStep.objects.filter(
        escalation__partnership=partnership, kind__in=[StepKind.RAISED, StepKind.ESCALATED],
        respond_by__gte=start, respond_by__lt=end).order_by("respond_by", "id").values_list("respond_by", "responded_at")
    return [(due, responded, responded is not None and timezone.localtime(responded).date() <= due)
            for due, responded in steps]


# People ------------------------------------------------------------------------------------------

def named_people(*, access: PartnershipAccess) -> list:
    """The people named on the accepted parties (``PartyMember`` rows, one per person): who may attend a meeting
    or agree a resolution."""
    from accord.partnerships.models import PartyMember, PartyStatus

    rows = PartyMember.objects.filter(party__partnership=access.partnership, party__status=PartyStatus.ACCEPTED
                                      ).select_related("user", "party__organization").order_by("party_id", "user__username")
    seen, people = set(), []
    for row in rows:
        if row.user_id not in seen:
            seen.add(row.user_id)
            people.append(row)
    return people


def party_people(*, access: PartnershipAccess) -> list[tuple]:
    """(party, user) for every person of each accepted party's organization: who an action can be for."""
    from accord.accounts.models import User

    parties = list(access.partnership.accepted_parties())
    by_organization = {party.organization_id: party for party in parties}
    users = User.objects.filter(membership__organization_id__in=list(by_organization), is_active=True).select_related(
        "membership").order_by("username")
    return [(by_organization[user.membership.organization_id], user) for user in users]
