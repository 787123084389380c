"""Writes of calendars: a person's secret feed address and their reminder choices."""

import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import User, hash_secret, membership_of
from accord.core.audit import AuditAction, AuditEventType, changes_between, record_organization_event, snapshot

from .models import CalendarFeed, ReminderPreference

REMINDER_FIELDS = ("meeting_reminders", "action_reminders", "weekly_digest")


def _renew(feed: CalendarFeed) -> None:
    feed.nonce = secrets.token_urlsafe(32)
    feed.key_hash = hash_secret(feed.secret())


def _event(user: User, feed: CalendarFeed, event_type: str, action=AuditAction.UPDATE) -> None:
    membership = membership_of(user)
    if membership is not None:  # people without an organization have no trail (and no partnerships)
        record_organization_event(actor=user, organization=membership.organization, event_type=event_type,
                                  action=action, record=feed, label=f"{user.username}: calendar feed",
                                  details={"username": user.username})


def feed_url(feed: CalendarFeed) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("calendars:feed", args=[feed.secret()])


@transaction.atomic
def calendar_feed_get_or_create(*, user: User) -> CalendarFeed:
    """The person's feed, made on first asking. If the server's key changed since, the address
    derived now is not the stored one: it is renewed (the old one could not be shown any more)."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        feed = CalendarFeed(user=user)
        _renew(feed)
        feed.full_clean(validate_unique=False)
        try:
            with transaction.atomic():
                feed.save()
        except IntegrityError:  # made by a parallel request a moment ago: that one it is
            return CalendarFeed.objects.get(user=user)
        _event(user, feed, AuditEventType.CALENDAR_FEED_CREATED, AuditAction.CREATE)
    elif hash_secret(feed.secret()) != feed.key_hash:
        _renew(feed)
        feed.rotated_at = timezone.now()
        feed.save(update_fields=["nonce", "key_hash", "rotated_at"])
        _event(user, feed, AuditEventType.CALENDAR_FEED_ROTATED)
    return feed


@transaction.atomic
def calendar_feed_rotate(*, user: User) -> CalendarFeed:
    """A new secret address; the old one answers 404 from now on, like one that never existed."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        return calendar_feed_get_or_create(user=user)  # nothing to replace: the first address
    _renew(feed)
    feed.rotated_at = timezone.now()
    feed.full_clean()
    feed.save(update_fields=["nonce", "key_hash", "rotated_at"])
    _event(user, feed, AuditEventType.CALENDAR_FEED_ROTATED)
    return feed


def feed_replace_after_password_change(sender, *, user: User, reset: bool, **kwargs) -> None:
    """A password change replaces the calendar address too: whoever copied the old one reads nothing more.
    (Connected to ``accounts.signals.password_changed`` in the app's ``ready``.)"""
    if CalendarFeed.objects.filter(user=user).exists():
        calendar_feed_rotate(user=user)


@transaction.atomic
def reminder_preference_update(*, user: User, **choices) -> ReminderPreference:
    """Set what the person receives by mail (any of ``REMINDER_FIELDS``, booleans)."""
    preference, created = ReminderPreference.objects.select_for_update().get_or_create(user=user)
    before = snapshot(preference, REMINDER_FIELDS)
    for field in REMINDER_FIELDS:
        if field in choices:
            setattr(preference, field, bool(choices[field]))
    preference.full_clean()
    preference.save()
    changes = changes_between(before, snapshot(preference, REMINDER_FIELDS))
    membership = membership_of(user)
    if changes and membership is not None:
        record_organization_event(actor=user, organization=membership.organization,
                                  event_type=AuditEventType.REMINDERS_CHANGED, action=AuditAction.UPDATE, record=preference,
                                  label=f"{user.username}: e-mail reminders", changes=changes,
                                  details={"username": user.username})
    return preference

