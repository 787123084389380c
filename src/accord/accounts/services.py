"""Writes for people, organizations, invitations, API tokens and sign-in throttling.

Each write that concerns an organization leaves one event on that organization's audit trail.
"""

import datetime
import logging
import secrets
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import DatabaseError, connection, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from accord.core.audit import AuditAction, AuditEventType, record_organization_event

from . import signals, throttle
from .models import (
    ApiToken,
    Invitation,
    KnownAddress,
    Membership,
    Organization,
    Role,
    User,
    hash_secret,
    membership_of,
)

logger = logging.getLogger(__name__)

INVITATION_LIFETIME = datetime.timedelta(days=14)
INVITATION_THROTTLED = "Too many invitations for now. Try again in a few minutes."


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
    membership = membership_of(acting_user)
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
    throttle.require(("invite-organization", str(membership.organization_id)), ("invite-recipient", email),
                     message=INVITATION_THROTTLED)
    invitation.save()
    record_organization_event(actor=acting_user, organization=membership.organization,
                              event_type=AuditEventType.MEMBER_INVITED, action=AuditAction.CREATE,
                              record=invitation, label=email, details={"email": email, "role": role})
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
    record_organization_event(actor=user, organization=invitation.organization,
                              event_type=AuditEventType.MEMBER_JOINED, action=AuditAction.CREATE,
                              record=user.membership, label=user.username,
                              details={"username": user.username, "role": invitation.role})
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
    before = membership.role
    if before == role:
        return membership
    membership.role = role
    membership.save(update_fields=["role"])
    record_organization_event(actor=acting_user, organization=admin.organization,
                              event_type=AuditEventType.MEMBER_ROLE_CHANGED, record=membership,
                              label=membership.user.username,
                              changes=[{"field": "role", "before": before, "after": role}],
                              details={"username": membership.user.username, "before": before, "after": role})
    return membership


# API tokens --------------------------------------------------------------------------------

TOKEN_LAST_USED_PRECISION = datetime.timedelta(minutes=1)


def _organization_event(*, user: User, event_type: str, record, action=AuditAction.UPDATE,
                        label: str | None = None, details: dict | None = None, actor: User | None = None) -> None:
    """An event on the user's organization's trail (people without one have no trail)."""
    membership = membership_of(user)
    if membership is not None:
        record_organization_event(actor=actor, organization=membership.organization, event_type=event_type,
                                  action=action, record=record, label=label, details=details)


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; the plain value is returned once and never stored."""
    raw = ApiToken.generate()
    token = ApiToken(user=user, name=(name or "").strip() or "API token", token_hash=hash_secret(raw),
                     hint=raw[:8])
    token.full_clean()
    token.save()
    _organization_event(user=user, actor=user, event_type=AuditEventType.TOKEN_CREATED, action=AuditAction.CREATE,
                        record=token, label=f"{user.username}: {token.name}",
                        details={"username": user.username, "name": token.name, "hint": token.hint})
    return token, raw


@transaction.atomic
def api_token_revoke(*, user: User, token_id) -> None:
    token = ApiToken.objects.active().select_for_update().filter(pk=token_id, user=user).first()
    if token is None:
        raise Http404("Not found.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    _organization_event(user=user, actor=user, event_type=AuditEventType.TOKEN_REVOKED, action=AuditAction.DELETE,
                        record=token, label=f"{user.username}: {token.name}",
                        details={"username": user.username, "name": token.name, "hint": token.hint})


@contextmanager
def _without_waiting_for_the_write_lock():
    """On SQLite, give up at once instead of waiting for another writer (a long import) to finish."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        previous = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA busy_timeout = 0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {previous}")


def _note_token_used(token: ApiToken) -> None:
    """Best effort: remember when a token was last used, at most once a minute, never failing the request.

    Reading the API must not need the database's write lock (SQLite has one for the whole
    file): the cache says whether this minute was already written, SQLite is told not to wait for
    the lock, and a write that fails (the database is busy with a long import, say) is dropped.
    """
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < TOKEN_LAST_USED_PRECISION:
        return
    if not cache.add(f"api-token-used:{token.pk}", True, timeout=TOKEN_LAST_USED_PRECISION.total_seconds()):
        return
    try:
        with _without_waiting_for_the_write_lock(), transaction.atomic():
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    except DatabaseError:
        logger.info("Could not note the use of API token %s; skipped.", token.pk, exc_info=True)


def api_token_authenticate(raw: str) -> User | None:
    """The active user behind a bearer token, or None."""
    if not raw or not raw.startswith(ApiToken.PREFIX):
        return None
    token = (ApiToken.objects.active().select_related("user", "user__membership__organization")
             .filter(token_hash=hash_secret(raw), user__is_active=True).first())
    if token is None:
        return None
    _note_token_used(token)
    return token.user


# Passwords ---------------------------------------------------------------------------------

@transaction.atomic
def password_changed(*, user: User, reset: bool) -> int:
    """After a password change or reset: revoke every API token of the user (and, through
    ``signals.password_changed``, what other areas hold: the calendar's secret address). Returns how many tokens.

    Other sessions end by themselves: Django keeps a hash of the password in each session and
    signs out any session whose hash no longer matches (the changing session is updated by the
    view, a reset signs out all of them).
    """
    revoked = ApiToken.objects.active().filter(user=user).update(revoked_at=timezone.now())
    signals.password_changed.send(sender=User, user=user, reset=reset)
    _organization_event(user=user, actor=user,
                        event_type=AuditEventType.PASSWORD_RESET if reset else AuditEventType.PASSWORD_CHANGED,
                        record=user, label=user.username,
                        details={"username": user.username, "tokens_revoked": revoked})
    return revoked


PASSWORD_RESET_THROTTLED = "Too many password-reset requests. Try again in a few minutes."


def password_reset_allow(*, email: str, address: str) -> None:
    """Raise ``Throttled`` when this address, or mails to this e-mail, asked too often.

    Counted by the typed address whether or not it has an account, so the answer says nothing
    about who is registered.
    """
    throttle.require(("reset-address", address), ("reset-email", (email or "").strip()),
                     message=PASSWORD_RESET_THROTTLED)


# Sign-in throttling ------------------------------------------------------------------------

SIGNIN_THROTTLED = "Too many sign-in attempts. Try again in {minutes} minutes, or reset your password."


def signin_attempt(*, username: str, address: str) -> None:
    """Take a sign-in attempt from the buckets before the password is checked; ``Throttled`` if refused.

    Buckets: the account from this address, this address for any account, and — unless the
    account has signed in from this address before — the account from anywhere else. So a
    stranger's guesses slow the stranger, never the owner at their usual address.
    """
    name = (username or "").strip().lower()
    user = User.objects.filter(username=username).select_related("membership__organization").first()
    buckets = [("signin-account-address", f"{name}|{address}"), ("signin-address", address)]
    if user is None or not KnownAddress.objects.filter(user=user, address=address).exists():
        buckets.append(("signin-account-elsewhere", name))
    decision = throttle.take(*buckets)
    if decision.allowed:
        return
    if decision.first_refusal and user is not None:
        _organization_event(user=user, event_type=AuditEventType.SIGNIN_THROTTLED, record=user, label=user.username,
                            details={"username": user.username, "address": address,
                                     "retry_after_seconds": decision.retry_after})
    raise throttle.Throttled(
        SIGNIN_THROTTLED.format(minutes=max(1, -(-decision.retry_after // 60))), decision.retry_after
    )


def signin_succeeded(*, user: User, username: str, address: str) -> None:
    """Forgive the owner's typos at this address and remember it as one of their usual places."""
    throttle.refill("signin-account-address", f"{(username or '').strip().lower()}|{address}")
    KnownAddress.objects.update_or_create(user=user, address=address,
                                          defaults={"last_signed_in_at": timezone.now()})
