"""Quality audits: checklist templates (versioned), audits of a site or market, answers, photos, findings.

A template is a code and a name; its content (sections, items, the indicator it feeds) lives in
versions. An audit keeps the version it was made with, so changing a template that audits already
used starts a new version instead of rewriting their questions.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from accord.markets.models import Market, Site
from accord.partnerships.models import PartnershipRecord

SCALE_MAX_LIMIT = 100  # "0-N" scales up to 0-100


class TemplateKind(models.TextChoices):
    CLEANING = "cleaning", "Cleaning"
    SECURITY = "security", "Security"
    FOOD_SERVICE = "food_service", "Food service"
    WORKPLACE_EXPERIENCE = "workplace_experience", "Workplace experience"
    OTHER = "other", "Other"


class AuditTemplate(PartnershipRecord):
    """A checklist the partnership audits with; ``code`` is unique within the partnership."""

    code = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=TemplateKind.choices, default=TemplateKind.OTHER)

    class Meta:
        ordering = ["code", "id"]
        constraints = [models.UniqueConstraint(fields=["partnership", "code"], name="audit_template_code_once")]

    def __str__(self):
        return f"{self.code} — {self.name}"


class TemplateVersion(models.Model):
    """One version of a template's content. ``indicator`` (optional) receives completed audits' scores."""

    template = models.ForeignKey(AuditTemplate, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    indicator = models.ForeignKey("metrics.Indicator", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["template_id", "-number"]
        constraints = [models.UniqueConstraint(fields=["template", "number"], name="template_version_once")]

    def __str__(self):
        return f"{self.template.code} v{self.number}"


class TemplateSection(models.Model):
    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="sections")
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="template_section_code_once")]

    def __str__(self):
        return self.name


class TemplateItem(models.Model):
    """One question. ``scale_max`` is 1 for a yes/no question (yes = 1) or N for a 0–N scale."""

    section = models.ForeignKey(TemplateSection, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(max_length=40)
    text = models.CharField(max_length=500)
    weight = models.DecimalField(max_digits=9, decimal_places=3, default=Decimal("1"),
                                 validators=[MinValueValidator(Decimal("0.001"))])
    yes_no = models.BooleanField(default=True)
    scale_max = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1),
                                                                        MaxValueValidator(SCALE_MAX_LIMIT)])
    allow_na = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="template_item_weight_positive"),
            models.CheckConstraint(condition=models.Q(scale_max__gte=1), name="template_item_scale_at_least_one"),
        ]

    def __str__(self):
        return self.code

    @property
    def scale(self) -> str:
        """The scale as the API writes it: ``yes_no`` or ``0-N``."""
        return "yes_no" if self.yes_no else f"0-{self.scale_max}"

    @property
    def scale_values(self) -> range:
        return range(self.scale_max + 1)


class AuditStatus(models.TextChoices):
    DRAFT = "draft", "In progress"
    COMPLETED = "completed", "Completed"


class Audit(PartnershipRecord):
    """One audit of a site (and so of its market) or of a market as a whole. Completed → locked."""

    version = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT, related_name="audits")
    market = models.ForeignKey(Market, on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    auditor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    status = models.CharField(max_length=20, choices=AuditStatus.choices, default=AuditStatus.DRAFT)
    # The exact score rounded once to 6 places (what a measurement takes) and, separately, once to one
    # decimal (what people read): never one rounded from the other.
    score = models.DecimalField(max_digits=12, decimal_places=6, null=True, blank=True)
    score_shown = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    fed_period = models.DateField(null=True, blank=True)  # the indicator period its score went into

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["partnership", "status", "date"])]

    def __str__(self):
        return f"{self.version.template.code} audit of {self.site or self.market} on {self.date}"

    @property
    def is_completed(self) -> bool:
        return self.status == AuditStatus.COMPLETED


class AuditAnswer(models.Model):
    """The answer to one item: ``value`` 0..scale max, or ``not_applicable``."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(TemplateItem, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    not_applicable = models.BooleanField(default=False)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["item__section__position", "item__position", "item_id"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "item"], name="audit_answer_once"),
            models.CheckConstraint(condition=models.Q(not_applicable=True, value__isnull=True)
                                   | models.Q(not_applicable=False, value__isnull=False),
                                   name="audit_answer_value_or_not_applicable"),
        ]

    def __str__(self):
        return f"{self.item_id}: {'N/A' if self.not_applicable else self.value}"

    @property
    def answer(self):
        """The answer as the API writes it: "yes"/"no", an integer, or "na"."""
        if self.not_applicable:
            return "na"
        if self.item.yes_no:
            return "yes" if self.value else "no"
        return self.value


def photo_path(instance, filename) -> str:
    # Our own name: the uploaded file name is never trusted as a path.
    return f"audits/{instance.audit.partnership_id}/{instance.audit_id}/{instance.token}{instance.extension}"


class AuditPhoto(models.Model):
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="photos")
    item = models.ForeignKey(TemplateItem, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to=photo_path, max_length=300)
    token = models.CharField(max_length=32)
    extension = models.CharField(max_length=8)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return f"photo {self.token}{self.extension}"


class AuditFinding(models.Model):
    """Something the auditor found; completing the audit makes it an action in governance's action list."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="findings")
    item = models.ForeignKey(TemplateItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    text = models.CharField(max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    owner_party = models.ForeignKey("partnerships.Party", on_delete=models.CASCADE, related_name="+")
    due_date = models.DateField()
    action = models.ForeignKey("governance.ActionItem", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.text
