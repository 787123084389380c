import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from accord.partnerships.models import PartnershipRecord, Visibility

from .calculations import cadence_errors, cadence_text


class Tier(models.TextChoices):
    STRATEGIC = "strategic", "Strategic (the board)"
    OPERATIONAL = "operational", "Operational (the governance team)"
    WORKING = "working", "Working team"


class QuorumRule(models.TextChoices):
    EACH_PARTY = "each_party", "At least one member of each party"
    MAJORITY = "majority", "A majority of the members"


class GovernanceBody(PartnershipRecord):
    """A board, governance team or working team of the partnership; shared by every party."""

    name = models.CharField(max_length=200)
    tier = models.CharField(max_length=20, choices=Tier.choices)
    cadence = models.JSONField(help_text='{"every_months", "for_months", "then_every_months"}')
    starts_on = models.DateField(help_text="The cadence counts from this date.")
    quorum = models.CharField(max_length=20, choices=QuorumRule.choices, default=QuorumRule.EACH_PARTY)
    meeting_time = models.TimeField(default=datetime.time(10, 0), help_text="When its meetings start, local time.")
    meeting_minutes = models.PositiveSmallIntegerField(default=120, help_text="How long its meetings last.")

    class Meta:
        ordering = ["tier", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="governance_body_name_once"),
            models.CheckConstraint(condition=Q(meeting_minutes__gte=1), name="governance_body_meeting_has_length"),
        ]

    def __str__(self):
        return self.name

    @property
    def cadence_text(self) -> str:
        return cadence_text(self.cadence) if not cadence_errors(self.cadence) else ""

    def clean(self):
        errors = cadence_errors(self.cadence)
        if errors:
            raise ValidationError({"cadence": errors})


class MemberRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    SECRETARY = "secretary", "Secretary"
    MEMBER = "member", "Member"


class BodyMember(models.Model):
    """A person named on one of the parties, sitting on a body for that party."""

    body = models.ForeignKey(GovernanceBody, on_delete=models.CASCADE, related_name="members")
    party = models.ForeignKey("partnerships.Party", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)

    class Meta:
        ordering = ["role", "user__username"]
        constraints = [models.UniqueConstraint(fields=["body", "user"], name="body_member_once")]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} of {self.body}"


class MeetingKind(models.TextChoices):
    REGULAR = "regular", "Regular"
    KICKOFF = "kickoff", "Kickoff"
    QBR = "qbr", "Quarterly business review"
    ANNUAL_REVIEW = "annual_review", "Annual review"
    EXTRAORDINARY = "extraordinary", "Extraordinary"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


class Meeting(PartnershipRecord):
    """One meeting of a body. ``planned_on`` is the cadence date it fills (empty for an
    extraordinary meeting); it stays when the meeting moves, so scheduling never duplicates it."""

    body = models.ForeignKey(GovernanceBody, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(max_length=20, choices=MeetingKind.choices, default=MeetingKind.REGULAR)
    status = models.CharField(max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    planned_on = models.DateField(null=True, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    minutes_approved_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                            blank=True, related_name="+")

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["body", "planned_on"], name="meeting_planned_once"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"),
        ]
        indexes = [models.Index(fields=["partnership", "starts_at"])]

    def __str__(self):
        return f"{self.body} — {self.starts_at:%d %b %Y}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "A meeting ends after it starts."})


class AgendaSource(models.TextChoices):
    INDICATOR_RED = "indicator_red", "Indicator red"
    INDICATOR_AMBER = "indicator_amber", "Indicator amber"
    CPI_BREACH = "cpi_breach", "Critical indicator breached"
    WARNING = "warning", "Early warning"
    ACTION_OVERDUE = "action_overdue", "Action overdue"
    ACTION_DUE = "action_due", "Action due before the meeting"
    ESCALATION = "escalation", "Open escalation"
    DELIVERABLE_DUE = "deliverable_due", "Deliverable or milestone due"
    REVIEW_DUE = "review_due", "Review due"
    NOTICE_DATE = "notice_date", "Notice or renewal date"
    ADDED = "added", "Added"


class AgendaItem(PartnershipRecord):
    """One item of a meeting's agenda: built from the data (``source`` says from what, ``ref_*`` what it is
    about) or added by someone (``added``)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    source = models.CharField(max_length=20, choices=AgendaSource.choices)
    title = models.CharField(max_length=300)
    ref_type = models.CharField(max_length=30, blank=True)
    ref_id = models.CharField(max_length=64, blank=True)
    ref_code = models.CharField(max_length=60, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class ActionSource(models.TextChoices):
    MEETING = "meeting", "Meeting"
    ESCALATION = "escalation", "Escalation"
    AUDIT = "audit", "Quality audit"
    SURVEY = "survey", "Survey result"
    OTHER = "other", "Other"


class ActionItem(PartnershipRecord):
    """Something a person of one party is to do by a date. ``assignee_party`` is the party that owes it
    (``owner_party`` is, as on every record, the party that wrote it down)."""

    title = models.CharField(max_length=300)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assignee_party = models.ForeignKey("partnerships.Party", on_delete=models.CASCADE, related_name="+")
    due_date = models.DateField()
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=20, choices=ActionSource.choices, default=ActionSource.OTHER)
    meeting = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions")
    escalation = models.ForeignKey("Escalation", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="actions")

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["partnership", "status", "due_date"])]

    def __str__(self):
        return self.title


class MinuteEntry(PartnershipRecord):
    """What was said on an agenda item (or the meeting at large). Entries written after the chair
    approved the minutes are amendments, shown as such."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    text = models.TextField()
    is_amendment = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "id"]


class Decision(PartnershipRecord):
    """A decision taken in a meeting: the partnership's decision log."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    text = models.TextField()

    class Meta:
        ordering = ["-created_at", "-id"]


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    ABSENT = "absent", "Absent"
    APOLOGIES = "apologies", "Apologies"


class Attendance(models.Model):
    """Whether a person named on one of the parties (a member of the body or a guest) attended a meeting.
    Part of the meeting (shared): read through the meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    party = models.ForeignKey("partnerships.Party", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)

    class Meta:
        ordering = ["party_id", "user__username"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="attendance_once_per_person")]

    def __str__(self):
        return f"{self.user} — {self.get_status_display().lower()}"


class PreparationNote(PartnershipRecord):
    """A party's own preparation for a meeting (positions, questions): private to that party unless it
    shares it. Written through the one notes mechanism (``partnerships.notes``, ``PREPARATION_NOTES``)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="preparation_notes")
    text = models.TextField()
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["partnership", "visibility", "owner_party"])]

    def __str__(self):
        return f"Preparation for {self.meeting}"


from .escalation_models import (  # noqa: E402  (the ladder's models live in their own module)
    Escalation,
    EscalationCategory,
    EscalationLevel,
    EscalationSeverity,
    EscalationStatus,
    EscalationStep,
    EscalationTargets,
    StepKind,
)

__all__ = [
    "ActionItem", "ActionSource", "ActionStatus", "AgendaItem", "AgendaSource", "Attendance", "AttendanceStatus",
    "BodyMember", "Decision", "Escalation", "EscalationCategory", "EscalationLevel", "EscalationSeverity",
    "EscalationStatus", "EscalationStep", "EscalationTargets", "GovernanceBody", "Meeting", "MeetingKind",
    "MeetingStatus", "MemberRole", "MinuteEntry", "PreparationNote", "QuorumRule", "StepKind", "Tier",
]
