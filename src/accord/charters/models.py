"""The partnership charter: Purpose (why), Vision (the future, and when), Mission (what, together),
Values (how). One charter per partnership, versioned; a version is in force once every
accepted party's signatory has signed it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accord.partnerships.models import PartnershipRecord, PartnershipRecordQuerySet
from accord.partnerships.signing import VersionStatus


class Charter(PartnershipRecord):
    """The partnership's one charter: its review cadence and its versions. Always shared."""

    purpose_values_review_months = models.PositiveSmallIntegerField(
        default=12, help_text="Months between reviews of the purpose and the values.")
    mission_vision_review_months = models.PositiveSmallIntegerField(
        default=6, help_text="Months between reviews of the mission and the vision.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership"], name="charter_once_per_partnership"),
            models.CheckConstraint(
                condition=Q(purpose_values_review_months__gte=1, purpose_values_review_months__lte=60)
                & Q(mission_vision_review_months__gte=1, mission_vision_review_months__lte=60),
                name="charter_review_months_in_range",
            ),
        ]

    def __str__(self):
        return f"charter of {self.partnership}"


class CharterVersionQuerySet(PartnershipRecordQuerySet):
    def in_force(self):
        return self.filter(status=VersionStatus.IN_FORCE)


class CharterVersion(PartnershipRecord):
    """One wording of the charter. Only drafts change; a signed version is a record of what was agreed."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    purpose = models.TextField(blank=True, help_text="Why the partnership exists.")
    vision = models.TextField(blank=True, help_text="The future both parties work toward.")
    vision_horizon = models.DateField(null=True, blank=True, help_text="By when the vision should be reached.")
    mission = models.TextField(blank=True, help_text="What the parties set out to accomplish together.")
    values = models.JSONField(default=list, blank=True, help_text='[{"name", "description"}, ...]')
    tagline = models.CharField(max_length=120, blank=True)
    # The pocket card's wording, written and signed with the charter; empty = the full text above.
    card_purpose = models.TextField(blank=True, help_text="The purpose as the pocket card says it.")
    card_vision = models.TextField(blank=True, help_text="The vision as the pocket card says it.")
    card_mission = models.TextField(blank=True, help_text="The mission as the pocket card says it.")
    card_values = models.JSONField(default=list, blank=True,
                                   help_text='The values as the pocket card says them: [{"name", "description"}, ...]')
    withdrawn_reason = models.TextField(blank=True, help_text="Why the version was last taken back to draft.")
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=200, blank=True, help_text="Where the draft started from.")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    proposed_at = models.DateTimeField(null=True, blank=True)
    in_force_at = models.DateField(null=True, blank=True, help_text="The date the version came into force.")
    superseded_at = models.DateField(null=True, blank=True)

    objects = CharterVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="charter_version_number_once"),
            # At most one version in force, and at most one awaiting signatures, per partnership.
            models.UniqueConstraint(fields=["partnership"], condition=Q(status="in_force"),
                                    name="charter_one_version_in_force"),
            models.UniqueConstraint(fields=["partnership"], condition=Q(status="proposed"),
                                    name="charter_one_version_proposed"),
        ]

    def __str__(self):
        return f"charter version {self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    @property
    def is_in_force(self) -> bool:
        return self.status == VersionStatus.IN_FORCE


class CharterSignature(models.Model):
    """A party's signature on a charter version, given by one of its named signatories."""

    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="signatures")
    party = models.ForeignKey("partnerships.Party", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "party"], name="charter_signature_once_per_party"),
        ]

    def __str__(self):
        return f"signature of {self.party} on {self.version}"
