"""The financial model (versioned and signed like the agreement) and the incentive statements.

A model version's terms are its JSON (the API's contract), validated into
``calculations.FinancialModel`` by ``validation.parse_model``. A version applies from its
``applies_from`` month: a statement uses the version, among those that came into force, with the
latest start on or before its period, so a new version never rewrites an earlier period.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accord.partnerships.models import PartnershipRecord
from accord.partnerships.signing import VersionStatus


class FinancialModelVersion(PartnershipRecord):
    """One numbered version of the partnership's financial model; always shared."""

    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    applies_from = models.DateField(null=True, blank=True, help_text="The first period (month) it applies to.")
    currency = models.CharField(max_length=3, blank=True, default="")
    terms = models.JSONField(default=dict, blank=True)
    based_on = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    proposed_at = models.DateTimeField(null=True, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    in_force_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="financial_model_number_once"),
            models.UniqueConstraint(fields=["partnership"], condition=Q(status="in_force"),
                                    name="financial_model_one_in_force"),
            models.UniqueConstraint(fields=["partnership"], condition=Q(status__in=["draft", "proposed"]),
                                    name="financial_model_one_open_version"),
        ]

    def __str__(self):
        return f"Financial model version {self.number}"


class FinancialModelSignature(models.Model):
    version = models.ForeignKey(FinancialModelVersion, on_delete=models.CASCADE, related_name="signatures")
    party = models.ForeignKey("partnerships.Party", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["signed_at", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "party"],
                                               name="financial_model_one_signature_per_party")]

    def __str__(self):
        return f"Signature of {self.party} on {self.version}"


class StatementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"


class Statement(PartnershipRecord):
    """The lines of one period as the parties approve them; always shared.

    A period without a row is a draft computed live. The first approval stores the lines and the
    history they were computed from; when the numbers change before every party has approved, the
    earlier approvals lapse and the new lines are stored. Once every party approved, it is locked.
    """

    period = models.DateField()
    version = models.ForeignKey(FinancialModelVersion, on_delete=models.PROTECT, related_name="statements")
    status = models.CharField(max_length=20, choices=StatementStatus.choices, default=StatementStatus.DRAFT)
    currency = models.CharField(max_length=3)
    lines = models.JSONField(default=list)
    history = models.JSONField(default=dict)
    net_payable = models.DecimalField(max_digits=18, decimal_places=3)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period"]
        constraints = [models.UniqueConstraint(fields=["partnership", "period"], name="statement_once_per_period")]

    def __str__(self):
        return f"Statement {self.period:%Y-%m}"

    @property
    def net_payable_in_currency(self):
        """The stored net with the currency's own decimals (the column keeps three, for KWD and friends)."""
        from .calculations import round_money

        return round_money(self.net_payable, self.currency)


class StatementApproval(models.Model):
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="approvals")
    party = models.ForeignKey("partnerships.Party", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["approved_at", "id"]
        constraints = [models.UniqueConstraint(fields=["statement", "party"], name="statement_one_approval_per_party")]

    def __str__(self):
        return f"Approval of {self.party} on {self.statement}"


class StatementInnovation(PartnershipRecord):
    """An innovation entered on a period's draft statement; its ``innovation`` line pays the model's
    innovation percent of the validated value. Always shared (both parties approve the line); until a
    kaizen log exists, this is where an innovation's validated value is recorded."""

    period = models.DateField()
    title = models.CharField(max_length=200)
    validated_value = models.DecimalField(max_digits=18, decimal_places=3)
    validated_by = models.CharField(max_length=200, help_text="Who validated the value (a person, a committee).")

    class Meta:
        ordering = ["period", "created_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(validated_value__gt=0),
                                              name="statement_innovation_value_positive")]

    def __str__(self):
        return self.title


class StatementNote(PartnershipRecord):
    """A party's internal note on a period's statement: private unless the party shares it."""

    period = models.DateField()
    text = models.TextField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.text[:60]
