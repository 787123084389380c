"""The escalation ladder's records: an escalation, every step it went through, and the partnership's targets.

Escalations are shared records (both parties see the whole ladder); the targets are one shared row per
partnership, created the first time someone changes them (the defaults apply until then)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from accord.partnerships.models import PartnershipRecord


class EscalationCategory(models.TextChoices):
    # Seed 002's five sources of conflict, plus "other".
    MISALIGNED_EXPECTATIONS = "misaligned_expectations", "Misaligned expectations"
    UNEQUAL_CONTRIBUTION = "unequal_contribution", "Unequal contribution"
    COMMUNICATION_BREAKDOWN = "communication_breakdown", "Communication breakdown"
    FINANCIAL_DISAGREEMENT = "financial_disagreement", "Financial disagreement"
    CULTURAL_OPERATIONAL_DIFFERENCES = "cultural_operational_differences", "Cultural or operational differences"
    OTHER = "other", "Other"


class EscalationSeverity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class EscalationLevel(models.TextChoices):
    """The rungs of the ladder; each matches the tier of the body that handles it."""

    WORKING = "working", "Working level"
    OPERATIONAL = "operational", "Operational team"
    STRATEGIC = "strategic", "Strategic board"


class EscalationStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    RESOLVED = "resolved", "Resolved"


class ConcernType(models.TextChoices):
    INDICATOR = "indicator", "Indicator"
    DELIVERABLE = "deliverable", "Deliverable"
    TERM = "term", "Term of the agreement"
    STATEMENT = "statement", "Incentive statement"


class EscalationTargets(PartnershipRecord):
    """Working days to respond and to resolve at each level, and whether the governance data feeds the
    relationship indicators ("response time to problems", actions done on time)."""

    working_respond_days = models.PositiveSmallIntegerField(default=2)
    working_resolve_days = models.PositiveSmallIntegerField(default=10)
    operational_respond_days = models.PositiveSmallIntegerField(default=5)
    operational_resolve_days = models.PositiveSmallIntegerField(default=20)
    strategic_respond_days = models.PositiveSmallIntegerField(default=10)
    strategic_resolve_days = models.PositiveSmallIntegerField(default=40)
    feed_indicators = models.BooleanField(
        default=False, help_text="Record escalation response times and actions done on time as relationship "
                                 "indicators, automatically.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership"], name="escalation_targets_once"),
            *[models.CheckConstraint(
                condition=Q(**{f"{level}_respond_days__gte": 1}) & Q(**{f"{level}_resolve_days__gte": F(
                    f"{level}_respond_days")}), name=f"escalation_targets_{level}_sensible")
              for level in EscalationLevel.values],
        ]

    def __str__(self):
        return "Escalation targets"

    def days(self, level: str) -> tuple[int, int]:
        """(respond, resolve) working days at ``level``."""
        return getattr(self, f"{level}_respond_days"), getattr(self, f"{level}_resolve_days")


class Escalation(PartnershipRecord):
    """A problem raised by one party (``owner_party``) and worked up the ladder until resolved.

    ``respond_by``/``resolve_by`` and ``acknowledged_at``/``responded_at`` are those of the current level:
    escalating starts the clock again one level up."""

    category = models.CharField(max_length=40, choices=EscalationCategory.choices)
    severity = models.CharField(max_length=20, choices=EscalationSeverity.choices)
    description = models.TextField()
    concerns_type = models.CharField(max_length=20, choices=ConcernType.choices, blank=True)
    concerns_id = models.CharField(max_length=64, blank=True)
    concerns_label = models.CharField(max_length=300, blank=True)
    level = models.CharField(max_length=20, choices=EscalationLevel.choices, default=EscalationLevel.WORKING)
    status = models.CharField(max_length=20, choices=EscalationStatus.choices, default=EscalationStatus.OPEN)
    level_started_at = models.DateTimeField(default=timezone.now)
    respond_by = models.DateField()
    resolve_by = models.DateField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(blank=True)
    agreed_by = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["partnership", "status", "level"])]
        constraints = [
            models.CheckConstraint(condition=Q(resolve_by__gte=F("respond_by")), name="escalation_resolve_after_respond"),
        ]

    def __str__(self):
        return f"Escalation #{self.pk}: {self.get_category_display().lower()}"

    @property
    def title(self) -> str:
        first_line = self.description.strip().splitlines()[0] if self.description.strip() else ""
        return first_line if len(first_line) <= 80 else first_line[:79] + "…"


class StepKind(models.TextChoices):
    RAISED = "raised", "Raised"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    RESPONDED = "responded", "Response"
    ESCALATED = "escalated", "Escalated"
    RESOLVED = "resolved", "Resolved"


class EscalationStep(models.Model):
    """One step of an escalation's history. A level starts with a ``raised`` or ``escalated`` step that keeps
    that level's targets and when it was first answered (``responded_at``), so response times stay
    measurable after the escalation moves on."""

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=20, choices=StepKind.choices)
    level = models.CharField(max_length=20, choices=EscalationLevel.choices)
    text = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    party = models.ForeignKey("partnerships.Party", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    respond_by = models.DateField(null=True, blank=True)
    resolve_by = models.DateField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    agreed = models.JSONField(default=list, blank=True, help_text='[{"user", "name", "party", "organization"}]')

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["kind", "respond_by"])]

    def __str__(self):
        return f"{self.get_kind_display()} at the {self.get_level_display().lower()}"
