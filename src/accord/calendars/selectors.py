"""What goes into a calendar: the dated facts of a person's partnerships, or of one partnership.

One builder (``_entries``) serves both feeds and the e-mails; it is handed the visibility rule as a
function (``records``) taken from ``partnerships/access.py``, and reads shared records only, so a
calendar that leaves the product (a subscribed feed, a forwarded mail) never carries a party's
private record. A constant number of queries, whatever the number of partnerships.
"""

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from accord.accounts.models import hash_secret, membership_of
from accord.agreements import calculations as agreement_dates
from accord.agreements.models import AgreementVersion, DeliverableStatus
from accord.charters.calculations import review_schedule
from accord.charters.models import CharterVersion
from accord.core.models import AuditEvent
from accord.governance.models import ActionItem, ActionStatus, BodyMember, Meeting, MeetingStatus
from accord.partnerships.access import (
    PartnershipAccess,
    partnership_accesses,
    records_shared,
    records_shared_in_organization_partnerships,
)
from accord.partnerships.signing import VersionStatus

from .models import CalendarFeed, ReminderPreference

# Reminders the calendar application raises before a meeting (seed 002: 24–48 hours ahead).
MEETING_ALARMS = (datetime.timedelta(hours=48), datetime.timedelta(hours=24))
HISTORY_DAYS = 90  # how far back a feed reaches: recent meetings stay on the calendar for a quarter
# A meeting moves (or is cancelled) when one of these changes; each such change bumps its SEQUENCE.
MOVING_FIELDS = {"starts_at", "ends_at", "status", "location"}


@dataclass(frozen=True)
class CalendarEntry:
    """One dated thing: a meeting (``start``/``end`` are aware datetimes) or a day (``start`` is a date)."""

    uid: str
    kind: str  # meeting, action, deliverable, milestone, charter_review, notice, renewal, term_end
    title: str
    partnership_name: str
    start: datetime.date | datetime.datetime
    end: datetime.datetime | None = None
    path: str = ""
    description: str = ""
    location: str = ""
    cancelled: bool = False
    sequence: int = 0
    alarms: tuple = ()
    record_id: int | None = None
    body_id: int | None = None
    assignee_id: int | None = None

    @property
    def url(self) -> str:
        """The absolute address (feeds and mails leave the site)."""
        return settings.SITE_URL.rstrip("/") + self.path if self.path else ""

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime.datetime)

    @property
    def day(self) -> datetime.date:
        return timezone.localdate(self.start) if isinstance(self.start, datetime.datetime) else self.start


def _uid(kind: str, *parts) -> str:
    # Stable across requests and rotations: the record's id, never the feed's secret or a counter.
    host = urlsplit(settings.SITE_URL).hostname or "accord"
    return f"{kind}-{'-'.join(str(part) for part in parts)}@{host}"


def meeting_sequences(meeting_ids: list[int]) -> Counter:
    """How often each meeting was moved, cancelled or relocated, from its audit trail (one query).
    The trail is the one record of those changes; counting it keeps SEQUENCE rising with each move."""
    events = AuditEvent.objects.filter(record_type=Meeting._meta.label_lower, event_type="meeting.changed",
                                       record_id__in=[str(pk) for pk in meeting_ids]).values_list("record_id",
                                                                                                  "changes")
    return Counter(int(record_id) for record_id, changes in events
                   if any(change.get("field") in MOVING_FIELDS for change in changes or []))


def _meetings(records, partnerships: dict, since: datetime.date) -> list[CalendarEntry]:
    since_at = datetime.datetime.combine(since, datetime.time.min, tzinfo=datetime.UTC)
    meetings = list(records(Meeting.objects.filter(starts_at__gte=since_at)).select_related("body")
                    .order_by("starts_at", "id"))
    sequences = meeting_sequences([meeting.pk for meeting in meetings])
    entries = []
    for meeting in meetings:
        partnership = partnerships[meeting.partnership_id]
        cancelled = meeting.status == MeetingStatus.CANCELLED
        entries.append(CalendarEntry(
            uid=_uid("meeting", meeting.pk), kind="meeting",
            title=f"{meeting.body.name}: {meeting.get_kind_display().lower()} meeting",
            partnership_name=partnership.name, start=meeting.starts_at, end=meeting.ends_at,
            path=reverse("governance:meeting", args=[partnership.slug, meeting.pk]),
            description=f"{partnership.name} — {meeting.body.name}", location=meeting.location,
            cancelled=cancelled, sequence=sequences[meeting.pk], alarms=() if cancelled else MEETING_ALARMS,
            record_id=meeting.pk, body_id=meeting.body_id))
    return entries


def _actions(records, partnerships: dict, since: datetime.date, assignee=None) -> list[CalendarEntry]:
    actions = records(ActionItem.objects.filter(status=ActionStatus.OPEN, due_date__gte=since)).select_related(
        "assignee", "assignee_party__organization")
    if assignee is not None:
        actions = actions.filter(assignee=assignee)
    entries = []
    for action in actions:
        partnership = partnerships[action.partnership_id]
        owner = action.assignee.get_full_name() or action.assignee.username
        entries.append(CalendarEntry(
            uid=_uid("action", action.pk), kind="action", title=f"Action due: {action.title}",
            partnership_name=partnership.name, start=action.due_date,
            path=reverse("governance:actions", args=[partnership.slug]),
            description=f"{partnership.name} — owed by {owner} ({action.assignee_party.organization.name})",
            record_id=action.pk, assignee_id=action.assignee_id))
    return entries


def _agreement_dates(records, partnerships: dict, since: datetime.date, today: datetime.date) -> list[CalendarEntry]:
    versions = records(AgreementVersion.objects.filter(status=VersionStatus.IN_FORCE)).prefetch_related(
        "deliverables__owner_party__organization", "milestones")
    entries = []
    for version in versions:
        partnership = partnerships[version.partnership_id]
        path = reverse("agreements:version", args=[partnership.slug, version.number])

        def day(kind, key, title, date, description="", partnership=partnership, path=path):
            if date is not None and date >= since:
                entries.append(CalendarEntry(uid=_uid(kind, *key), kind=kind, title=title,
                                             partnership_name=partnership.name, start=date, path=path,
                                             description=description or partnership.name))

        for deliverable in version.deliverables.all():
            if deliverable.status not in (DeliverableStatus.DELIVERED, DeliverableStatus.ACCEPTED):
                day("deliverable", (deliverable.pk,), f"Deliverable due: {deliverable.title}", deliverable.due_date,
                    f"{partnership.name} — delivered by {deliverable.owner_party.organization.name}")
        for milestone in version.milestones.all():
            day("milestone", (milestone.pk,), f"Milestone: {milestone.title}", milestone.date)
        dates = agreement_dates.key_dates(
            start_date=version.start_date, end_date=version.end_date, duration_months=version.duration_months,
            notice_period_days=version.notice_period_days, renewal=version.renewal,
            renewal_term_months=version.renewal_term_months, today=today)
        day("notice", (version.pk,), "Last day to give notice on the agreement", dates.notice_deadline,
            f"{partnership.name} — {version.notice_period_days} days before the term ends on {dates.term_end}")
        if dates.renewal_decision_date != dates.notice_deadline:
            day("renewal", (version.pk,), "Agreement review: decide on renewal", dates.renewal_decision_date)
        day("term_end", (version.pk,), "The agreement's term ends", dates.term_end)
    return entries


def _charter_reviews(records, partnerships: dict, since: datetime.date, today: datetime.date) -> list[CalendarEntry]:
    entries = []
    for version in records(CharterVersion.objects.filter(status=VersionStatus.IN_FORCE)).select_related("charter"):
        partnership = partnerships[version.partnership_id]
        schedule = review_schedule(in_force_at=version.in_force_at,
                                   purpose_values_months=version.charter.purpose_values_review_months,
                                   mission_vision_months=version.charter.mission_vision_review_months, today=today)
        path = reverse("charters:home", args=[partnership.slug])
        for key, words in (("purpose_values_due", "purpose and values"), ("mission_vision_due", "mission and vision")):
            due = schedule[key]
            if due is not None and due >= since:
                entries.append(CalendarEntry(
                    uid=_uid("charter-review", version.pk, key.removesuffix("_due")), kind="charter_review",
                    title=f"Charter review: {words}", partnership_name=partnership.name, start=due, path=path,
                    description=f"{partnership.name} — charter version {version.number}"))
    return entries


def _entries(records: Callable[[QuerySet], QuerySet], partnerships: dict, *, assignee=None,
             since: datetime.date | None = None) -> list[CalendarEntry]:
    if not partnerships:
        return []
    today = timezone.localdate()
    since = since or today - datetime.timedelta(HISTORY_DAYS)
    entries = [*_meetings(records, partnerships, since), *_actions(records, partnerships, since, assignee),
               *_agreement_dates(records, partnerships, since, today),
               *_charter_reviews(records, partnerships, since, today)]
    return sorted(entries, key=lambda entry: (entry.day, entry.all_day is False, entry.uid))


def partnership_entries(*, access: PartnershipAccess, since: datetime.date | None = None) -> list[CalendarEntry]:
    """The partnership's dates, as every party sees them: meetings, all shared actions, deliverables,
    milestones, notice and renewal dates, charter reviews."""
    return _entries(lambda queryset: records_shared(queryset, access), {access.partnership.pk: access.partnership},
                    since=since)


def user_entries(*, user, since: datetime.date | None = None) -> list[CalendarEntry]:
    """A person's dates across every partnership of their organization: the meetings, the person's own
    actions, and each partnership's deliverables, milestones, notice, renewal and charter review dates."""
    membership = membership_of(user)
    if membership is None or not user.is_active:
        return []
    partnerships = {access.partnership.pk: access.partnership for access in partnership_accesses(user)}
    organization_id = membership.organization_id
    return _entries(lambda queryset: records_shared_in_organization_partnerships(queryset, organization_id),
                    partnerships, assignee=user, since=since)


def bodies_of(user) -> set[int]:
    """The governance bodies the person sits on (their meetings are the ones reminded by mail)."""
    return set(BodyMember.objects.filter(user=user).values_list("body_id", flat=True))


def reminder_preference(user) -> ReminderPreference:
    """The person's choices (all off until they choose; nothing is stored until then)."""
    return ReminderPreference.objects.filter(user=user).first() or ReminderPreference(user=user)


def feed_owner(secret: str):
    """The active person whose feed ``secret`` opens, or None (unknown, rotated away, made with an
    earlier server key, deactivated)."""
    feed = CalendarFeed.objects.select_related("user").filter(key_hash=hash_secret(secret)).first()
    if feed is None or not feed.user.is_active or not constant_time_compare(feed.secret(), secret):
        return None
    return feed.user
