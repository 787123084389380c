""""Waiting on you" items of governance: minutes to approve as chair, your overdue actions, and escalations your
party has not yet acknowledged or answered at their current level."""

from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import membership_of
from accord.core.waiting import WaitingItem, waiting_provider
from accord.partnerships.access import records_shared_in_organization_partnerships

from . import calculations
from .models import ActionItem, ActionStatus, Escalation, EscalationStatus, Meeting, MeetingStatus, MemberRole


def _scoped(queryset, user, accesses):
    """``queryset`` read through the visibility rule, limited to the partnerships of ``accesses``."""
    membership = membership_of(user)
    if membership is None or not accesses:
        return queryset.none()
    return records_shared_in_organization_partnerships(queryset, membership.organization_id).filter(
        partnership_id__in=[access.partnership.pk for access in accesses])


@waiting_provider
def minutes_to_approve(user, accesses):
    """Held meetings with minutes written that the person, as the body's chair, has not approved yet."""
    meetings = _scoped(Meeting.objects.filter(
        body__members__user=user, body__members__role=MemberRole.CHAIR, minutes_approved_at=None,
        status=MeetingStatus.SCHEDULED, starts_at__lt=timezone.now(), minutes__isnull=False), user, accesses)
    by_partnership = {access.partnership.pk: access for access in accesses if access.can_write}
    return [WaitingItem(kind="minutes_approval", title=f"Approve the minutes of {meeting.body.name}",
                        partnership=by_partnership[meeting.partnership_id].partnership,
                        url=reverse("governance:meeting", args=[meeting.partnership.slug, meeting.pk]),
                        due=timezone.localtime(meeting.starts_at).date(), detail="as chair")
            for meeting in meetings.select_related("body", "partnership").distinct().order_by("starts_at")
            if meeting.partnership_id in by_partnership]


@waiting_provider
def overdue_actions(user, accesses):
    """The person's own open actions past their due date."""
    actions = _scoped(ActionItem.objects.filter(assignee=user, status=ActionStatus.OPEN,
                                                due_date__lt=timezone.localdate()), user, accesses)
    return [WaitingItem(kind="action_overdue", title=action.title, partnership=action.partnership,
                        url=reverse("governance:actions", args=[action.partnership.slug]), due=action.due_date,
                        detail="your action, overdue")
            for action in actions.select_related("partnership")]


@waiting_provider
def escalations_to_answer(user, accesses):
    """For those who may write: escalations raised by another party that their party has not acknowledged, or not
    answered, at the current level; and any escalation past its resolution target, whose escalation is proposed."""
    my_party = {access.partnership.pk: access.party.pk for access in accesses if access.can_write}
    escalations = _scoped(Escalation.objects.exclude(status=EscalationStatus.RESOLVED), user,
                          accesses).select_related("partnership")
    today = timezone.localdate()
    items = []
    for escalation in escalations:
        party = my_party.get(escalation.partnership_id)
        if party is None:
            continue
        if calculations.overdue_for_escalation(status=escalation.status, level=escalation.level,
                                               resolve_by=escalation.resolve_by, today=today):
            title, due = f"Escalate #{escalation.pk}: {escalation.title}", escalation.resolve_by
            detail = f"resolution target passed at the {escalation.get_level_display().lower()}"
        elif escalation.responded_at is None and escalation.owner_party_id != party:  # the raiser waits
            verb = "Respond to" if escalation.acknowledged_at else "Acknowledge"
            title, due = f"{verb} escalation #{escalation.pk}: {escalation.title}", escalation.respond_by
            detail = f"{escalation.get_severity_display().lower()}, {escalation.get_level_display().lower()}"
        else:
            continue
        items.append(WaitingItem(
            kind="escalation", title=title, partnership=escalation.partnership, due=due, detail=detail,
            url=reverse("governance:escalation", args=[escalation.partnership.slug, escalation.pk])))
    return items
