"""Relationship health: survey rounds and their answers, the health index's weights.

How answers are kept apart from the people who gave them (see docs/health.md):

- ``SurveyRespondent`` says who was asked and whether they have answered (reminders need it).
- ``SurveyResponse`` holds what was answered, with the party but no person: no user column, no
  timestamp, a random UUID key (no insertion order to line up with anything). The one link back,
  needed so that a person may change their answer until the round closes, is ``respondent_key``:
  an HMAC of (round, user) under the server's secret key. The link is dropped at close.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from accord.partnerships.models import PartnershipRecord

MIN_THRESHOLD = 3  # never fewer people behind a party's results


class RoundStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class SurveyTemplate(PartnershipRecord):
    """A partnership's copy of a shipped template, with its own questions added (``questions`` whole)."""

    code = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    based_on = models.CharField(max_length=60, help_text="The shipped template this copy started from.")
    questions = models.JSONField(default=list)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["partnership", "code"], name="survey_template_code_once")]

    def __str__(self):
        return self.name


class SurveyRound(PartnershipRecord):
    """One round of a survey: its questions are copied from the template when it starts, so that a
    later change of the template never changes what was asked."""

    template = models.CharField(max_length=60)
    template_name = models.CharField(max_length=200)
    questions = models.JSONField(default=list)
    title = models.CharField(max_length=200)
    period = models.DateField(help_text="The month the round is about (first day).")
    opens = models.DateField()
    closes = models.DateField()
    threshold = models.PositiveSmallIntegerField(
        default=MIN_THRESHOLD, validators=[MinValueValidator(MIN_THRESHOLD), MaxValueValidator(1000)],
        help_text="A party's results show only when at least this many of its people answered.")
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    results = models.JSONField(default=dict, blank=True, help_text="The results frozen at close.")
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opens", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(closes__gte=models.F("opens")), name="survey_round_closes_after_opens"),
            models.CheckConstraint(condition=Q(threshold__gte=MIN_THRESHOLD), name="survey_round_threshold_at_least_3"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class SurveyRespondent(models.Model):
    """A person asked in a round, and whether they have answered — never what."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="respondents")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    party = models.ForeignKey("partnerships.Party", on_delete=models.CASCADE, related_name="+")
    answered = models.BooleanField(default=False)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="survey_respondent_once")]

    def __str__(self):
        return f"{self.user} asked in {self.round}"


class SurveyResponse(models.Model):
    """What one person answered, with their party but not their name (see the module's docstring)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses")
    party = models.ForeignKey("partnerships.Party", on_delete=models.CASCADE, related_name="+")
    # NULL, not "", once the round closes: many closed answers must not collide in the unique constraint.
    respondent_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    answers = models.JSONField(default=dict)
    comments = models.JSONField(default=dict, blank=True)

    class Meta:
        # No ordering by anything that follows the order of answering.
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["round", "respondent_key"], name="survey_response_once")]

    def __str__(self):
        return "an answer"  # never anything that could say whose


def _weight(default):
    return models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(default),
                               validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))])


class HealthSettings(PartnershipRecord):
    """The health index's weights and the survey alert lines of one partnership (shared)."""

    operational_weight = _weight("50")
    relationship_weight = _weight("30")
    behavioural_weight = _weight("20")
    gap_alert = models.DecimalField(max_digits=3, decimal_places=2, default=Decimal("1.00"),
                                    validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("4"))],
                                    help_text="A perception gap this wide or wider is flagged.")
    low_score_alert = models.DecimalField(max_digits=3, decimal_places=2, default=Decimal("3.00"),
                                          validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("5"))],
                                          help_text="A party mean below this is flagged.")

    class Meta:
        verbose_name_plural = "health settings"
        constraints = [
            models.UniqueConstraint(fields=["partnership"], name="health_settings_once"),
            models.CheckConstraint(
                condition=Q(operational_weight__gt=0) | Q(relationship_weight__gt=0) | Q(behavioural_weight__gt=0),
                name="health_weights_not_all_zero"),
        ]

    def __str__(self):
        return "health settings"
