"""What the agenda is built from, read through the caller's access: shared records only, so every party's
refresh builds the same agenda. ``agenda.py`` turns these plain values into items."""

import datetime

from django.utils import timezone

from accord.agreements import calculations as agreement_dates
from accord.agreements.models import AgreementVersion, Deliverable, Milestone
from accord.charters.selectors import charter_review_flag
from accord.metrics.scorecards.selectors import scorecard_for_period
from accord.partnerships.access import PartnershipAccess, records_shared
from accord.partnerships.signing import VersionStatus

from .agenda import DueDate, OpenAction, OpenEscalation
from .models import ActionItem, ActionStatus, Escalation, EscalationStatus, Meeting


def scorecard(access: PartnershipAccess) -> dict | None:
    card = scorecard_for_period(access)
    return card if card.get("indicators") else None


def open_actions(access: PartnershipAccess) -> list[OpenAction]:
    actions = records_shared(ActionItem.objects.filter(status=ActionStatus.OPEN), access).select_related(
        "assignee_party__organization")
    return [OpenAction(a.id, a.title, a.due_date, a.assignee_party.organization.name) for a in actions]


def open_escalations(access: PartnershipAccess, meeting: Meeting) -> list[OpenEscalation]:
    """The open escalations at the level of the meeting's body (a working team takes the working level, the
    operational team the operational level, the board the strategic level)."""
    escalations = records_shared(Escalation.objects.filter(level=meeting.body.tier).exclude(
        status=EscalationStatus.RESOLVED), access).select_related("owner_party__organization")
    return [OpenEscalation(e.id, e.title, e.level, e.severity, e.owner_party.organization.name) for e in escalations]


def due_dates(access: PartnershipAccess, today: datetime.date) -> list[DueDate]:
    """Deliverables and milestones of the agreement in force, the charter's next review, and the agreement's
    notice and renewal dates (as the agreement's own key dates work them out)."""
    dates = []
    in_force = records_shared(AgreementVersion.objects.filter(status=VersionStatus.IN_FORCE), access).first()
    if in_force is not None:
        for deliverable in Deliverable.objects.filter(version=in_force, due_date__isnull=False):
            dates.append(DueDate("deliverable", str(deliverable.pk), deliverable.title, deliverable.due_date,
                                 done=deliverable.status in agreement_dates.DONE_DELIVERABLE_STATUSES))
        for milestone in Milestone.objects.filter(version=in_force, date__gte=today):
            dates.append(DueDate("milestone", str(milestone.pk), milestone.title, milestone.date))
        key = agreement_dates.key_dates(
            start_date=in_force.start_date, end_date=in_force.end_date, duration_months=in_force.duration_months,
            notice_period_days=in_force.notice_period_days, renewal=in_force.renewal,
            renewal_term_months=in_force.renewal_term_months, today=today)
        if key.notice_deadline and key.notice_deadline == key.renewal_decision_date:
            dates.append(DueDate("renewal_decision", str(in_force.number),
                                 "Last day to give notice, and to decide on renewal", key.notice_deadline))
        else:
            if key.notice_deadline:
                dates.append(DueDate("notice_deadline", str(in_force.number), "Last day to give notice",
                                     key.notice_deadline))
            if key.renewal_decision_date:
                dates.append(DueDate("renewal_decision", str(in_force.number), "Renewal decision due",
                                     key.renewal_decision_date))
    review = charter_review_flag(access=access, today=today)
    if review["next_due"]:
        dates.append(DueDate("charter", review["next_due"].isoformat(), "Charter review", review["next_due"]))
    return dates


def meeting_day(meeting: Meeting) -> datetime.date:
    return timezone.localtime(meeting.starts_at).date()
