import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone


def membership_of(user) -> "Membership | None":
    """The user's membership: None for an anonymous visitor or a person without an organization.

    The one way to ask "which organization, in which role": the reverse one-to-one raises for a
    user without one, and an anonymous user has none at all.
    """
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "membership", None)


class User(AbstractUser):
    """A person. Belongs to exactly one organization through their membership."""

    email = models.EmailField("email address", unique=True)

    @property
    def organization(self):
        membership = membership_of(self)
        return membership.organization if membership else None


class Organization(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    MANAGER = "manager", "Manager"
    CONTRIBUTOR = "contributor", "Contributor"
    VIEWER = "viewer", "Viewer"


class Membership(models.Model):
    """A user's place in their organization, and the role that says what they may do."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CONTRIBUTOR)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organization", "user__username"]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.organization})"

    @property
    def can_write(self) -> bool:
        return self.role != Role.VIEWER

    @property
    def can_manage(self) -> bool:
        """Managers and admins create partnerships and invite parties."""
        return self.role in (Role.ADMIN, Role.MANAGER)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An admin's invitation of a colleague into their organization. The token is stored hashed."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CONTRIBUTOR)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation of {self.email} to {self.organization}"


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 hash is stored; the token is shown once."""

    PREFIX = "acc_"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12, help_text="The first characters, to tell tokens apart.")
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def generate(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)


class ThrottleBucket(models.Model):
    """A token bucket for one kind of attempt by one subject (an account, an address, both).

    ``tokens`` refill continuously up to the rate's capacity; each attempt takes one, and an
    attempt that finds less than one is refused before any password is checked. Rows are
    read with ``select_for_update`` so parallel attempts cannot all take the last token.
    """

    key = models.CharField(max_length=100, unique=True, help_text="rate name and a hash of the subject")
    tokens = models.FloatField()
    updated_at = models.DateTimeField()
    refused_at = models.DateTimeField(null=True, blank=True, help_text="when it last refused an attempt")

    def __str__(self):
        return f"{self.key}: {self.tokens:.1f}"


class KnownAddress(models.Model):
    """A client address the user has signed in from: their usual place.

    Sign-ins from a known address are not slowed by failures for the same account elsewhere,
    so a stranger guessing a password cannot lock the owner out.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="known_addresses")
    address = models.GenericIPAddressField()
    last_signed_in_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "address"], name="known_address_once_per_user")]

    def __str__(self):
        return f"{self.user} from {self.address}"


class PartnershipInvitationQuerySet(models.QuerySet):
    def link_pending(self):
        """Invitations whose sign-up link still works."""
        return self.filter(token_hash__isnull=False, used_at__isnull=True, expires_at__gt=timezone.now())


class PartnershipInvitation(models.Model):
    """A manager's request to invite a party, as they typed it: an organization's exact name or an
    e-mail address.

    The inviter sees these, never what they resolved to, so the invite answers the same whether
    or not the organization (or the person) is on the server. ``party`` is the invitation it
    became; ``token_hash`` is set when the address had no account and a sign-up link was mailed.
    """

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE,
                                    related_name="sent_invitations")
    role = models.CharField(max_length=20)
    email = models.EmailField(blank=True)
    organization_name = models.CharField(max_length=200, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    party = models.ForeignKey("partnerships.Party", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")

    objects = PartnershipInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(email="") & ~models.Q(organization_name=""))
                | (~models.Q(email="") & models.Q(organization_name="")),
                name="partnership_invitation_names_one_target",
            ),
        ]

    def __str__(self):
        return f"Invitation of {self.target} to {self.partnership}"

    @property
    def target(self) -> str:
        return self.email or self.organization_name
