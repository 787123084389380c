"""The partnership agreement and standards (seeds 000, 002, 003), versioned and signed like the charter.

A version's content is its sections, stored as child rows of the version. Only a draft is
edited; a proposed or in-force version is reworked by copying it into a new draft, so what
both signatories signed never changes afterwards.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accord.partnerships.models import PartnershipRecord, Visibility
from accord.partnerships.signing import VersionStatus


class Negotiability(models.TextChoices):
    # Seed 002: every term is either a must-have or room to give; both parties see which.
    NON_NEGOTIABLE = "non_negotiable", "Non-negotiable"
    FLEXIBLE = "flexible", "Flexible"


class Renewal(models.TextChoices):
    AUTOMATIC = "automatic", "Automatic"
    MUTUAL_CONSENT = "mutual_consent", "By mutual consent"


class FeePeriod(models.TextChoices):
    ONE_OFF = "one_off", "One-off"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual"


class AgreementVersion(PartnershipRecord):
    """One numbered version of the agreement; always shared, owned by the party that drafted it.

    The commercial terms that are single values (term, renewal, notice, licence fee) live here;
    the lists (revenue shares, shared costs, exit clauses, …) are child rows.
    """

    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    based_on = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    proposed_at = models.DateTimeField(null=True, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    in_force_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    # A proposal taken back from signature to be reworked: why, by whom, when (shown to the other party).
    withdrawn_reason = models.TextField(blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    # Duration, renewal and notice.
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    duration_months = models.PositiveIntegerField(null=True, blank=True,
                                                  help_text="Instead of an end date: the term in months from the start.")
    renewal = models.CharField(max_length=20, choices=Renewal.choices, default=Renewal.MUTUAL_CONSENT)
    renewal_term_months = models.PositiveIntegerField(null=True, blank=True)
    notice_period_days = models.PositiveIntegerField(null=True, blank=True)
    term_negotiability = models.CharField(max_length=20, choices=Negotiability.choices,
                                          default=Negotiability.NON_NEGOTIABLE)
    # Revenue / cost sharing: the shares themselves are RevenueShare rows.
    revenue_sharing_basis = models.CharField(max_length=300, blank=True,
                                             help_text="What is shared, e.g. net revenue from new loyalty members.")
    revenue_sharing_negotiability = models.CharField(max_length=20, choices=Negotiability.choices,
                                                     default=Negotiability.FLEXIBLE)
    # Licence fee.
    licence_fee_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True,
                                             validators=[MinValueValidator(0)])
    licence_fee_currency = models.CharField(max_length=3, blank=True, default="")
    licence_fee_period = models.CharField(max_length=20, choices=FeePeriod.choices, blank=True, default="")
    licence_fee_description = models.CharField(max_length=300, blank=True)
    licence_fee_negotiability = models.CharField(max_length=20, choices=Negotiability.choices,
                                                 default=Negotiability.FLEXIBLE)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="agreement_version_number_once"),
            models.UniqueConstraint(fields=["partnership"], condition=Q(status="in_force"),
                                    name="agreement_one_in_force"),
            models.UniqueConstraint(fields=["partnership"], condition=Q(status__in=["draft", "proposed"]),
                                    name="agreement_one_open_version"),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(start_date__isnull=True)
                                   | Q(end_date__gt=models.F("start_date")), name="agreement_end_after_start"),
            models.CheckConstraint(condition=Q(licence_fee_amount__isnull=True) | Q(licence_fee_amount__gte=0),
                                   name="agreement_licence_fee_not_negative"),
        ]

    def __str__(self):
        return f"Agreement version {self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    @property
    def is_proposed(self) -> bool:
        return self.status == VersionStatus.PROPOSED


class AgreementSignature(models.Model):
    """A party's signatory signing a proposed version, for their own party only."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="signatures")
    party = models.ForeignKey("partnerships.Party", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["signed_at", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "party"], name="agreement_one_signature_per_party")]

    def __str__(self):
        return f"Signature of {self.party} on {self.version}"


class Item(models.Model):
    """A row of one section of a version."""

    negotiability = models.CharField(max_length=20, choices=Negotiability.choices, default=Negotiability.FLEXIBLE)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]


class ResponsibilityArea(Item):
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(max_length=200)
    decision_authority = models.TextField(blank=True)
    reporting_line = models.TextField(blank=True)

    class Meta(Item.Meta):
        pass

    def __str__(self):
        return self.name


class Raci(models.TextChoices):
    RESPONSIBLE = "R", "Responsible"
    ACCOUNTABLE = "A", "Accountable"
    CONSULTED = "C", "Consulted"
    INFORMED = "I", "Informed"


class ResponsibilityAssignment(models.Model):
    """One cell of the RACI matrix; a blank cell has no row."""

    area = models.ForeignKey(ResponsibilityArea, on_delete=models.CASCADE, related_name="assignments")
    party = models.ForeignKey("partnerships.Party", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=1, choices=Raci.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["area", "party"], name="raci_one_cell_per_party")]

    def __str__(self):
        return f"{self.role} for party {self.party_id}"


class DeliverableStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DELIVERED = "delivered", "Delivered"
    ACCEPTED = "accepted", "Accepted"
    LATE = "late", "Late"


class Deliverable(Item):
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="deliverables")
    title = models.CharField(max_length=200)
    owner_party = models.ForeignKey("partnerships.Party", on_delete=models.CASCADE, related_name="+")
    due_date = models.DateField(null=True, blank=True)
    acceptance_criteria = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=DeliverableStatus.choices, default=DeliverableStatus.PLANNED)

    class Meta:
        ordering = ["due_date", "position", "id"]

    def __str__(self):
        return self.title


class Milestone(Item):
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    date = models.DateField()
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["date", "position", "id"]

    def __str__(self):
        return self.title


class CommunicationPurpose(models.TextChoices):
    FORMAL_UPDATES = "formal_updates", "Formal updates"
    QUICK_QUERIES = "quick_queries", "Quick queries"
    MEETINGS = "meetings", "Meetings"
    ESCALATIONS = "escalations", "Escalations"


class CommunicationChannel(Item):
    """Which channel, how often, for one purpose (seed 003: the communication protocol)."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="channels")
    purpose = models.CharField(max_length=20, choices=CommunicationPurpose.choices)
    channel = models.CharField(max_length=200)
    cadence = models.CharField(max_length=200, blank=True)

    class Meta(Item.Meta):
        constraints = [models.UniqueConstraint(fields=["version", "purpose"], name="agreement_channel_once_per_purpose")]

    def __str__(self):
        return self.get_purpose_display()


class Liaison(models.Model):
    """Each party's dedicated liaison (seed 002), one of that party's own people."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="liaisons")
    party = models.ForeignKey("partnerships.Party", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["party_id"]
        constraints = [models.UniqueConstraint(fields=["version", "party"], name="agreement_one_liaison_per_party")]

    def __str__(self):
        return f"Liaison of party {self.party_id}"


class LegalKind(models.TextChoices):
    NDA = "nda", "Non-disclosure agreement"
    DATA_PRIVACY = "data_privacy", "Data privacy"
    DATA_SHARING = "data_sharing", "Data sharing"
    IP_OWNERSHIP = "ip_ownership", "IP ownership"
    OTHER = "other", "Other"


class PrivacyRegime(models.TextChoices):
    GDPR = "gdpr", "GDPR"
    HIPAA = "hipaa", "HIPAA"
    CCPA = "ccpa", "CCPA"
    OTHER = "other", "Other"


class IpOwnership(models.TextChoices):
    JOINT = "joint", "Joint"
    PARTY = "party", "One party"


class LegalStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_REVIEW = "in_review", "In review"
    AGREED = "agreed", "Agreed"
    SIGNED = "signed", "Signed"


class LegalItem(Item):
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="legal_items")
    kind = models.CharField(max_length=20, choices=LegalKind.choices)
    title = models.CharField(max_length=200)
    regime = models.CharField(max_length=10, choices=PrivacyRegime.choices, blank=True, default="",
                              help_text="For data privacy: the regime that applies.")
    ip_ownership = models.CharField(max_length=10, choices=IpOwnership.choices, blank=True, default="",
                                    help_text="For IP ownership: joint, or one party's.")
    ip_owner_party = models.ForeignKey("partnerships.Party", on_delete=models.CASCADE, null=True, blank=True,
                                       related_name="+")
    status = models.CharField(max_length=20, choices=LegalStatus.choices, default=LegalStatus.NOT_STARTED)
    document_reference = models.CharField(max_length=300, blank=True)

    class Meta(Item.Meta):
        pass

    def __str__(self):
        return self.title


class RevenueShare(models.Model):
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="revenue_shares")
    party = models.ForeignKey("partnerships.Party", on_delete=models.CASCADE, related_name="+")
    share_percent = models.DecimalField(max_digits=5, decimal_places=2,
                                        validators=[MinValueValidator(0), MaxValueValidator(100)])

    class Meta:
        ordering = ["party_id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "party"], name="agreement_one_share_per_party"),
            models.CheckConstraint(condition=Q(share_percent__gte=0) & Q(share_percent__lte=100),
                                   name="agreement_share_between_0_and_100"),
        ]

    def __str__(self):
        return f"{self.share_percent}% for party {self.party_id}"


class SharedCost(Item):
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="shared_costs")
    description = models.CharField(max_length=300)
    amount = models.DecimalField(max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])
    currency = models.CharField(max_length=3)
    split = models.CharField(max_length=100, help_text="How the cost is split, e.g. 50/50.")

    class Meta(Item.Meta):
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="agreement_shared_cost_not_negative")]

    def __str__(self):
        return self.description


class ExitClause(Item):
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="exit_clauses")
    trigger = models.CharField(max_length=300, help_text="When either party may exit.")
    notice = models.CharField(max_length=200, blank=True)
    consequence = models.TextField(blank=True, help_text="Settlement and obligations on exit.")
    shared_assets = models.TextField(blank=True, help_text="What happens to shared assets.")

    class Meta(Item.Meta):
        pass

    def __str__(self):
        return self.trigger


class Term(models.TextChoices):
    """The terms a party can annotate; notes follow the agreement across versions."""

    RESPONSIBILITIES = "responsibilities", "Roles and responsibilities"
    DELIVERABLES = "deliverables", "Deliverables"
    MILESTONES = "milestones", "Milestones"
    COMMUNICATION = "communication", "Communication protocol"
    LEGAL = "legal", "Legal and compliance"
    REVENUE_SHARING = "revenue_sharing", "Revenue and cost sharing"
    LICENCE_FEE = "licence_fee", "Licence fee"
    DURATION = "duration", "Duration and renewal"
    NOTICE_PERIOD = "notice_period", "Notice period"
    EXIT = "exit", "Exit and termination"


class TermNote(PartnershipRecord):
    """A party's own note on a term — negotiation position, fallback — private unless shared."""

    term = models.CharField(max_length=30, choices=Term.choices)
    text = models.TextField()
    # Unlike most records, a term note starts private: it is usually a negotiating position.
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["partnership", "visibility", "owner_party"])]

    def __str__(self):
        return f"Note on {self.get_term_display().lower()}"

