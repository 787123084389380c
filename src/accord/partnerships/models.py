from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone


class EngagementType(models.TextChoices):
    FEE_FOR_SERVICE = "fee_for_service", "Fee-for-service"
    PARTNERSHIP = "partnership", "Partnership"
    STRATEGIC_PARTNERSHIP = "strategic_partnership", "Strategic partnership"


class Phase(models.TextChoices):
    ALIGNMENT = "alignment", "Alignment"
    EXECUTION = "execution", "Execution"
    SHARED_VISION = "shared_vision", "Shared vision and strategy"


class Status(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    ENDING = "ending", "Ending"
    ENDED = "ended", "Ended"


class PartnershipQuerySet(models.QuerySet):
    def for_organization(self, organization):
        """Partnerships to which the organization is an accepted party."""
        return self.filter(
            parties__organization=organization, parties__status=PartyStatus.ACCEPTED
        ).distinct()


class Partnership(models.Model):
    """The tenant: every record of the shared workspace belongs to one partnership."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    description = models.TextField(blank=True)
    engagement_type = models.CharField(
        max_length=30, choices=EngagementType.choices, default=EngagementType.STRATEGIC_PARTNERSHIP
    )
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.ALIGNMENT)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=1, help_text="Bumped on every change; guards concurrent edits.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="partnership_end_after_start",
            ),
        ]

    def __str__(self):
        return self.name

    def accepted_parties(self) -> "models.QuerySet[Party]":
        """The parties that have accepted, with their organizations: the one query for "the parties"."""
        return self.parties.accepted().select_related("organization")

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date must be on or after the start date."})


class PartyRole(models.TextChoices):
    CLIENT = "client", "Client"
    PROVIDER = "provider", "Provider"
    PARTNER = "partner", "Partner"


class PartyStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class PartyQuerySet(models.QuerySet):
    def accepted(self):
        return self.filter(status=PartyStatus.ACCEPTED)


class Party(models.Model):
    """An organization's seat in a partnership."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="parties")
    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(max_length=20, choices=PartyRole.choices)
    status = models.CharField(max_length=20, choices=PartyStatus.choices, default=PartyStatus.INVITED)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = PartyQuerySet.as_manager()

    class Meta:
        ordering = ["invited_at", "id"]
        verbose_name_plural = "parties"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "organization"], name="party_once_per_partnership"),
        ]

    def __str__(self):
        return f"{self.organization} ({self.get_role_display()})"


class PartyMemberRole(models.TextChoices):
    LEAD = "lead", "Lead"
    GOVERNANCE_MEMBER = "governance_member", "Governance member"
    SIGNATORY = "signatory", "Signatory"
    CONTRIBUTOR = "contributor", "Contributor"


class PartyMember(models.Model):
    """A person a party names on the partnership. Governance and sign-off use these."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="party_seats")
    role = models.CharField(max_length=30, choices=PartyMemberRole.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["role", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["party", "user", "role"], name="party_member_role_once"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} for {self.party}"


class Visibility(models.TextChoices):
    SHARED = "shared", "Shared with all parties"
    PRIVATE = "private", "Private to my party"


class PartnershipRecordQuerySet(models.QuerySet):
    def for_partnership(self, partnership):
        return self.filter(partnership=partnership)

    def visible_to(self, party):
        """Shared records, plus the private records of ``party``. The visibility rule."""
        return self.filter(partnership_id=party.partnership_id).filter(
            Q(visibility=Visibility.SHARED) | Q(owner_party=party)
        )


class PartnershipRecord(models.Model):
    """Base of every record inside a partnership: shared with all parties or private to one.

    Read such records only through ``visible_to(party)`` (see ``partnerships/access.py``).
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    owner_party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.SHARED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    revision = models.PositiveIntegerField(default=1)

    objects = PartnershipRecordQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_private(self) -> bool:
        return self.visibility == Visibility.PRIVATE


class PartyNote(PartnershipRecord):
    """A party's own note on the partnership: private unless the party shares it."""

    text = models.TextField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["partnership", "visibility", "owner_party"])]

    def __str__(self):
        return self.text[:60]

