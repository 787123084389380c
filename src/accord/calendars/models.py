from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac


class CalendarFeed(models.Model):
    """A person's secret calendar address. The secret itself is never stored: it is derived from
    ``nonce`` with the server's key (so the profile can show the address again), and only its hash
    is kept for the lookup, like an API token's. Rotating replaces both: the old address is gone."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    nonce = models.CharField(max_length=64)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    rotated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Calendar feed of {self.user}"

    def secret(self) -> str:
        """The secret of the address, derived with the server's key: a copy of the database alone
        (a backup, a leak) does not give anyone's address, and a new server key retires them all."""
        return salted_hmac("accord.calendars.feed", f"{self.user_id}:{self.nonce}", algorithm="sha256").hexdigest()


class ReminderPreference(models.Model):
    """What a person wants by e-mail. Nothing is sent until they choose it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="reminder_preference")
    meeting_reminders = models.BooleanField(default=False, help_text="48 and 24 hours before a meeting of "
                                                                     "a body I sit on.")
    action_reminders = models.BooleanField(default=False, help_text="The day before one of my actions is due.")
    weekly_digest = models.BooleanField(default=False, help_text="Every Monday: my week across my partnerships.")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Reminders of {self.user}"


class ReminderKind(models.TextChoices):
    MEETING_48H = "meeting_48h", "Meeting in 48 hours"
    MEETING_24H = "meeting_24h", "Meeting in 24 hours"
    ACTION_DUE = "action_due", "Action due"
    WEEKLY_DIGEST = "weekly_digest", "Weekly digest"


class SentReminder(models.Model):
    """One mail sent: the record that makes sending idempotent. ``key`` names what it was about at
    the time (a meeting and its start, an action and its due date, an ISO week), so a moved meeting
    is reminded of again and the same one never twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    key = models.CharField(max_length=100)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "kind", "key"], name="reminder_sent_once")]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.user} ({self.key})"
