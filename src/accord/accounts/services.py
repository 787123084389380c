"""Writes for people, organizations, invitations, API tokens and sign-in throttling."""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from .models import (
    ApiToken,
    Invitation,
    LoginFailure,
    Membership,
    Organization,
    Role,
    User,
    hash_secret,
)

INVITATION_LIFETIME = datetime.timedelta(days=14)


@transaction.atomic
def organization_create(*, name: str) -> Organization:
    organization = Organization(name=(name or "").strip(), slug=slugify(name or "")[:200])
    organization.full_clean()
    organization.save()
    return organization


@transaction.atomic
def user_create(*, username: str, email: str, password: str, organization: Organization,
                role: str = Role.CONTRIBUTOR, first_name: str = "", last_name: str = "",
                check_password: bool = True) -> User:
    user = User(username=(username or "").strip(), email=(email or "").strip().lower(),
                first_name=first_name, last_name=last_name)
    errors = {}
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if role not in Role.values:
        errors["role"] = [f"Choose one of: {', '.join(Role.values)}."]
    if check_password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.save()
    Membership.objects.create(user=user, organization=organization, role=role)
    return user


def _require_admin(acting_user: User) -> Membership:
    membership = getattr(acting_user, "membership", None)
    if membership is None or not membership.is_admin:
        raise PermissionDenied("Only an admin of your organization can do this.")
    return membership


@transaction.atomic
def invitation_create(*, acting_user: User, email: str, role: str) -> tuple[Invitation, str]:
    """Invite a colleague by email. Returns the invitation and its one-time token."""
    membership = _require_admin(acting_user)
    email = (email or "").strip().lower()
    errors = {}
    if role not in Role.values:
        errors["role"] = [f"Choose one of: {', '.join(Role.values)}."]
    if User.objects.filter(email__iexact=email).exists():
        errors["email"] = ["Somebody with this email address already has an account."]
    elif membership.organization.invitations.pending().filter(email=email).exists():
        errors["email"] = ["This address has already been invited."]
    token = secrets.token_urlsafe(32)
    invitation = Invitation(organization=membership.organization, email=email, role=role,
                            token_hash=hash_secret(token), invited_by=acting_user,
                            expires_at=timezone.now() + INVITATION_LIFETIME)
    try:
        invitation.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    invitation.save()
    link = settings.SITE_URL + reverse("accounts:invitation_accept", args=[token])
    transaction.on_commit(lambda: send_mail(
        f"You are invited to {invitation.organization.name} on Accord",
        f"{acting_user.get_full_name() or acting_user.username} invited you to join "
        f"{invitation.organization.name} on Accord as {invitation.get_role_display().lower()}.\n\n"
        f"Accept the invitation: {link}\n\nThe link works for {INVITATION_LIFETIME.days} days.",
        settings.DEFAULT_FROM_EMAIL, [email],
    ))
    return invitation, token


def invitation_get_pending(*, token: str) -> Invitation:
    try:
        return Invitation.objects.pending().select_related("organization").get(token_hash=hash_secret(token))
    except Invitation.DoesNotExist:
        raise Http404("This invitation does not exist, has expired or was already used.") from None


@transaction.atomic
def invitation_accept(*, token: str, username: str, password: str, first_name: str = "",
                      last_name: str = "") -> User:
    invitation = invitation_get_pending(token=token)
    user = user_create(username=username, email=invitation.email, password=password,
                       organization=invitation.organization, role=invitation.role,
                       first_name=first_name, last_name=last_name)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


@transaction.atomic
def membership_set_role(*, acting_user: User, membership_id, role: str) -> Membership:
    admin = _require_admin(acting_user)
    membership = Membership.objects.filter(pk=membership_id, organization=admin.organization).first()
    if membership is None:
        raise Http404("Not found.")
    if role not in Role.values:
        raise ValidationError({"role": f"Choose one of: {', '.join(Role.values)}."})
    if membership.role == Role.ADMIN and role != Role.ADMIN and not admin.organization.memberships.filter(
        role=Role.ADMIN
    ).exclude(pk=membership.pk).exists():
        raise ValidationError({"role": "An organization needs at least one admin."})
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


# API tokens --------------------------------------------------------------------------------

@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; the plain value is returned once and never stored."""
    raw = ApiToken.generate()
    token = ApiToken(user=user, name=(name or "").strip() or "API token", token_hash=hash_secret(raw),
                     hint=raw[:8])
    token.full_clean()
    token.save()
    return token, raw


@transaction.atomic
def api_token_revoke(*, user: User, token_id) -> None:
    updated = ApiToken.objects.active().filter(pk=token_id, user=user).update(revoked_at=timezone.now())
    if not updated:
        raise Http404("Not found.")


def api_token_authenticate(raw: str) -> User | None:
    """The active user behind a bearer token, or None."""
    if not raw or not raw.startswith(ApiToken.PREFIX):
        return None
    token = (ApiToken.objects.active().select_related("user", "user__membership__organization")
             .filter(token_hash=hash_secret(raw), user__is_active=True).first())
    if token is None:
        return None
    now = timezone.now()
    # Writing on every request would turn reads into writes; a minute's precision is plenty.
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


# Sign-in throttling ------------------------------------------------------------------------

def _failure_window_start():
    return timezone.now() - datetime.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def login_is_locked(*, username: str) -> bool:
    """True once a username has had too many recent failed sign-ins."""
    recent = LoginFailure.objects.filter(username__iexact=username, at__gte=_failure_window_start())
    return recent.count() >= settings.LOGIN_FAILURE_LIMIT


def login_failure_record(*, username: str, ip_address: str | None) -> None:
    LoginFailure.objects.create(username=(username or "")[:150], ip_address=ip_address or None)
    LoginFailure.objects.filter(at__lt=_failure_window_start()).delete()


def login_failures_clear(*, username: str) -> None:
    LoginFailure.objects.filter(username__iexact=username).delete()
