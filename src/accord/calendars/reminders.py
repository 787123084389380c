"""E-mail reminders and the weekly digest: which mails are due to a person now, and sending them once.

``due_sends`` is pure (entries, the clock and the person's choices in; mails out). ``reminders_send``
records each mail in ``SentReminder`` in the same transaction as sending it, so a second run (cron
twice, a retried task) finds the record and sends nothing: a failed send leaves no record and is
tried again on the next run.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import ReminderKind, ReminderPreference, SentReminder
from .selectors import CalendarEntry, bodies_of, reminder_preference, user_entries

DIGEST_WEEKDAY = 0  # Monday, in the server's time zone
DIGEST_DAYS = 7
ACTION_NOTICE_DAYS = 1  # an action is reminded of the day before it is due (or on the day, if that was missed)


@dataclass(frozen=True)
class Send:
    kind: str
    key: str
    subject: str
    entries: tuple = field(default_factory=tuple)


def _meeting_send(entry: CalendarEntry, now: datetime.datetime) -> Send | None:
    lead = entry.start - now
    if datetime.timedelta(0) < lead <= datetime.timedelta(hours=24):
        kind, hours = ReminderKind.MEETING_24H, 24
    elif datetime.timedelta(hours=24) < lead <= datetime.timedelta(hours=48):
        kind, hours = ReminderKind.MEETING_48H, 48
    else:
        return None
    # The start is part of the key: a meeting moved after its reminder is reminded of again.
    return Send(kind, f"{entry.record_id}:{entry.start.isoformat()}",
                f"Within {hours} hours: {entry.title} ({entry.partnership_name})", (entry,))


def due_sends(entries: list[CalendarEntry], *, now: datetime.datetime, preference: ReminderPreference,
              bodies: set[int], user_id: int) -> list[Send]:
    """The mails due now. Meetings: those of the bodies the person sits on, 48 h then 24 h ahead;
    actions: the person's own, from the day before they are due; the digest: on Mondays."""
    today = timezone.localdate(now)
    sends = []
    for entry in entries:
        if entry.kind == "meeting" and preference.meeting_reminders and not entry.cancelled \
                and entry.body_id in bodies:
            send = _meeting_send(entry, now)
            if send:
                sends.append(send)
        elif entry.kind == "action" and preference.action_reminders and entry.assignee_id == user_id \
                and today <= entry.start <= today + datetime.timedelta(ACTION_NOTICE_DAYS):
            sends.append(Send(ReminderKind.ACTION_DUE, f"{entry.record_id}:{entry.start.isoformat()}",
                              f"Due {entry.start:%-d %b}: {entry.title.removeprefix('Action due: ')} "
                              f"({entry.partnership_name})", (entry,)))
    if preference.weekly_digest and today.weekday() == DIGEST_WEEKDAY:
        week = [entry for entry in entries if today <= entry.day < today + datetime.timedelta(DIGEST_DAYS)
                and not entry.cancelled]
        year, number, _ = today.isocalendar()
        sends.append(Send(ReminderKind.WEEKLY_DIGEST, f"{year}-W{number:02d}",
                          f"Your partnerships this week ({today:%-d %b})", tuple(week)))
    return sends


def _body(send: Send) -> str:
    return render_to_string("calendars/mail.txt", {
        "send": send, "digest": send.kind == ReminderKind.WEEKLY_DIGEST,
        "settings_url": settings.SITE_URL.rstrip("/") + reverse("calendars:settings"),
    })


def reminders_send(*, user, now: datetime.datetime | None = None) -> int:
    """Send the person the mails due now that were not sent before; how many were sent."""
    now = now or timezone.now()
    preference = reminder_preference(user)
    if not user.is_active or not user.email or not (
            preference.meeting_reminders or preference.action_reminders or preference.weekly_digest):
        return 0
    entries = user_entries(user=user, since=timezone.localdate(now))
    sends = due_sends(entries, now=now, preference=preference, bodies=bodies_of(user), user_id=user.pk)
    sent = 0
    for send in sends:
        with transaction.atomic():
            _, created = SentReminder.objects.get_or_create(user=user, kind=send.kind, key=send.key)
            if created:
                send_mail(send.subject, _body(send), settings.DEFAULT_FROM_EMAIL, [user.email])
                sent += 1
    return sent


def people_with_reminders():
    """The ids of active people who chose any mail."""
    return list(ReminderPreference.objects.filter(user__is_active=True).filter(
        Q(meeting_reminders=True) | Q(action_reminders=True) | Q(weekly_digest=True)).values_list("user_id", flat=True))
