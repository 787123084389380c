import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accord.calendars import services
from accord.calendars.models import SentReminder
from accord.calendars.reminders import reminders_send
from accord.core.models import AuditEvent
from accord.governance import actions
from accord.governance import services as governance
from accord.governance.models import GovernanceBody

ALL = {"meeting_reminders": True, "action_reminders": True, "weekly_digest": True}


def _monday_morning() -> datetime.datetime:
    today = timezone.localdate()
    monday = today + datetime.timedelta(days=7 - today.weekday())
    return datetime.datetime.combine(monday, datetime.time(7, 0), tzinfo=datetime.UTC)


@pytest.fixture
def on_the_team(signed):
    """bob sits on the operational team, alice chairs it; victor (alice's colleague) sits on nothing."""
    world = signed
    alice, bob = world.access(world.alice), world.access(world.bob)
    body = GovernanceBody.objects.get(partnership=world.partnership, tier="operational")
    governance.body_update(access=alice, body=body, members=[
        {"user": world.alice.pk, "party": alice.party.pk, "role": "chair"},
        {"user": world.bob.pk, "party": bob.party.pk, "role": "member"}])
    world.body = body
    return world


def _meeting(world, starts_at):
    return governance.meeting_create(access=world.access(world.alice), body=world.body, starts_at=starts_at,
                                     location="Ward 3 meeting room")


def _subjects():
    return [message.subject for message in mail.outbox]


def test_meeting_reminders_48_then_24_hours_ahead_once_each_and_again_when_moved(on_the_team):
    world = on_the_team
    now = timezone.now().replace(microsecond=0)
    meeting = _meeting(world, now + datetime.timedelta(hours=30))
    services.reminder_preference_update(user=world.bob, meeting_reminders=True)
    assert reminders_send(user=world.bob, now=now) == 1
    assert reminders_send(user=world.bob, now=now + datetime.timedelta(minutes=15)) == 0  # cron again: nothing
    message = mail.outbox[-1]
    assert message.to == ["bob@example.com"] and message.subject.startswith("Within 48 hours: Operational")
    assert "Ward 3 meeting room" in message.body and f"/governance/meetings/{meeting.pk}/" in message.body
    later = now + datetime.timedelta(hours=7)  # 23 hours before
    assert reminders_send(user=world.bob, now=later) == 1
    assert reminders_send(user=world.bob, now=later) == 0
    assert mail.outbox[-1].subject.startswith("Within 24 hours")
    governance.meeting_update(access=world.access(world.alice), meeting=meeting,
                              starts_at=meeting.starts_at + datetime.timedelta(hours=2))
    assert reminders_send(user=world.bob, now=later) == 1  # a moved meeting is a new reminder
    assert SentReminder.objects.filter(user=world.bob).count() == 3


def test_no_meeting_reminder_for_a_body_one_does_not_sit_on_a_cancelled_meeting_or_without_choosing(on_the_team):
    world = on_the_team
    now = timezone.now()
    meeting = _meeting(world, now + datetime.timedelta(hours=30))
    services.reminder_preference_update(user=world.victor, **ALL)
    assert reminders_send(user=world.victor, now=now) == 0
    assert reminders_send(user=world.bob, now=now) == 0  # bob chose nothing
    governance.meeting_update(access=world.access(world.alice), meeting=meeting, status="cancelled")
    services.reminder_preference_update(user=world.bob, meeting_reminders=True)
    assert reminders_send(user=world.bob, now=now) == 0
    assert mail.outbox == []


def test_action_reminder_the_day_before_it_is_due_once(on_the_team):
    world = on_the_team
    today = timezone.localdate()
    action = actions.action_create(access=world.access(world.alice), title="Send the cleaning roster",
                                   owner=world.bob.pk, owner_party=world.access(world.bob).party.pk,
                                   due_date=today + datetime.timedelta(days=1))
    services.reminder_preference_update(user=world.bob, action_reminders=True)
    now = timezone.now()
    assert reminders_send(user=world.bob, now=now - datetime.timedelta(days=1)) == 0  # two days ahead: not yet
    assert reminders_send(user=world.bob, now=now) == 1
    assert reminders_send(user=world.bob, now=now) == 0
    assert "Send the cleaning roster" in mail.outbox[0].subject
    assert reminders_send(user=world.alice, now=now) == 0  # not alice's action (and she chose nothing)
    actions.action_update(access=world.access(world.bob), action=action, status="done")
    SentReminder.objects.all().delete()
    assert reminders_send(user=world.bob, now=now) == 0  # done: no reminder


def test_weekly_digest_on_monday_once_per_week_with_the_weeks_dates(on_the_team):
    world = on_the_team
    monday = _monday_morning()
    _meeting(world, monday + datetime.timedelta(days=2, hours=3))
    services.reminder_preference_update(user=world.alice, weekly_digest=True)
    assert reminders_send(user=world.alice, now=monday - datetime.timedelta(days=1)) == 0  # Sunday
    assert reminders_send(user=world.alice, now=monday) == 1
    assert reminders_send(user=world.alice, now=monday + datetime.timedelta(hours=5)) == 0
    digest = mail.outbox[0]
    assert digest.subject.startswith("Your partnerships this week")
    assert "Operational governance team: extraordinary meeting" in digest.body
    assert "Patient Experience Partnership" in digest.body
    assert reminders_send(user=world.alice, now=monday + datetime.timedelta(days=7)) == 1  # the next week


def test_the_command_queues_a_task_per_person_who_chose_mail_and_sends_once(on_the_team):
    world = on_the_team
    _meeting(world, timezone.now() + datetime.timedelta(hours=30))
    services.reminder_preference_update(user=world.bob, meeting_reminders=True)
    services.reminder_preference_update(user=world.alice, meeting_reminders=True)
    services.reminder_preference_update(user=world.victor, meeting_reminders=False)
    call_command("calendar_reminders")
    assert sorted(message.to[0] for message in mail.outbox) == ["alice@example.com", "bob@example.com"]
    call_command("calendar_reminders")
    assert len(mail.outbox) == 2


def test_preferences_page_saves_the_choices_with_one_event_each_change(world, web):
    client = web("victor")  # a viewer chooses their own mail too
    response = client.post("/calendar/settings/", {"meeting_reminders": "on", "weekly_digest": "on"})
    assert response.status_code == 302
    preference = world.victor.reminder_preference
    assert (preference.meeting_reminders, preference.action_reminders, preference.weekly_digest) == (True, False, True)
    client.post("/calendar/settings/", {"meeting_reminders": "on", "weekly_digest": "on"})  # no change: no event
    events = AuditEvent.objects.filter(event_type="reminders.changed", actor=world.victor)
    assert events.count() == 1 and {c["field"] for c in events.get().changes} == {"meeting_reminders",
                                                                                   "weekly_digest"}
    assert 'checked' in client.get("/calendar/settings/").content.decode()
