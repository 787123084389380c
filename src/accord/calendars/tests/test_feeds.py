import datetime
import re

import icalendar
from django.test import Client

from accord.calendars import services
from accord.calendars.models import CalendarFeed
from accord.core.models import AuditEvent
from accord.core.testing import make_user
from accord.governance import services as governance
from accord.governance.models import ActionItem, Meeting
from accord.partnerships import services as partnerships

from .conftest import events, feed_path, read_feed


def _normal(response) -> str:
    return re.sub(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]*', r"\1", response.content.decode())


def test_user_feed_parses_back_with_meetings_in_utc_and_two_alarms_each(world):
    calendar = read_feed(feed_path(world.alice))
    assert calendar["VERSION"] == "2.0" and "Accord" in str(calendar["PRODID"])
    meetings = list(Meeting.objects.filter(partnership=world.partnership))
    assert meetings
    found = events(calendar)
    for meeting in meetings:
        event = found[f"meeting-{meeting.pk}@127.0.0.1"]
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert start == meeting.starts_at and end == meeting.ends_at
        assert start.utcoffset() == datetime.timedelta(0) and str(event["STATUS"]) == "CONFIRMED"
        assert "Patient Experience Partnership" in str(event["SUMMARY"])
        triggers = sorted(alarm.decoded("TRIGGER") for alarm in event.walk("VALARM"))
        assert triggers == [-datetime.timedelta(hours=48), -datetime.timedelta(hours=24)]
        assert all(str(alarm["ACTION"]) == "DISPLAY" for alarm in event.walk("VALARM"))
        assert str(event["URL"]).endswith(f"/governance/meetings/{meeting.pk}/")


def test_a_moved_meeting_keeps_its_uid_and_raises_its_sequence_a_cancelled_one_says_so(world):
    access = world.access(world.alice)
    meeting = Meeting.objects.filter(partnership=world.partnership).first()
    path = feed_path(world.alice)
    uid = f"meeting-{meeting.pk}@127.0.0.1"
    assert int(events(read_feed(path))[uid]["SEQUENCE"]) == 0
    moved_to = meeting.starts_at + datetime.timedelta(days=2)
    governance.meeting_update(access=access, meeting=meeting, starts_at=moved_to)
    event = events(read_feed(path))[uid]
    assert int(event["SEQUENCE"]) == 1 and event.decoded("DTSTART") == moved_to
    governance.meeting_update(access=access, meeting=meeting, location="Room 4")  # a new place is a change too
    governance.meeting_update(access=access, meeting=meeting, status="cancelled")
    event = events(read_feed(path))[uid]
    assert int(event["SEQUENCE"]) == 3 and str(event["STATUS"]) == "CANCELLED"
    assert event.walk("VALARM") == []  # nobody is reminded of a cancelled meeting


def test_user_feed_has_own_actions_partnership_feed_has_all_and_the_agreement_and_charter_dates(dated, web):
    world = dated
    bob_events = events(read_feed(feed_path(world.bob)))
    alice_events = events(read_feed(feed_path(world.alice)))
    bob_uid, alice_uid = f"action-{world.bob_action.pk}@127.0.0.1", f"action-{world.alice_action.pk}@127.0.0.1"
    assert bob_uid in bob_events and alice_uid not in bob_events
    assert alice_uid in alice_events and bob_uid not in alice_events
    assert bob_events[bob_uid].decoded("DTSTART") == world.bob_action.due_date  # an all-day date
    response = web("alice").get(f"/partnerships/{world.partnership.slug}/calendar.ics")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    shared = events(icalendar.Calendar.from_ical(response.content))
    assert {bob_uid, alice_uid} <= set(shared)
    summaries = {str(event["SUMMARY"]) for event in shared.values()}
    assert "Deliverable due: Menu survey report" in summaries
    assert "Last day to give notice on the agreement" in summaries
    assert {"Charter review: purpose and values", "Charter review: mission and vision"} <= summaries
    notice = next(e for e in shared.values() if str(e["SUMMARY"]) == "Last day to give notice on the agreement")
    assert notice.decoded("DTSTART") == datetime.date(2028, 12, 31) - datetime.timedelta(90)  # end − notice period
    # The same dates reach the person's own feed (everything but other people's actions).
    assert "Deliverable due: Menu survey report" in {str(e["SUMMARY"]).split(": ", 1)[1] for e in bob_events.values()}


def test_a_private_record_is_never_in_a_feed(dated, web):
    world = dated
    ActionItem.objects.filter(pk=world.bob_action.pk).update(visibility="private",
                                                             owner_party=world.access(world.bob).party)
    meeting = Meeting.objects.filter(partnership=world.partnership).first()
    Meeting.objects.filter(pk=meeting.pk).update(visibility="private", owner_party=world.access(world.bob).party)
    for user in (world.alice, world.bob):  # not even in the feed of the party that owns it
        found = events(read_feed(feed_path(user)))
        assert f"action-{world.bob_action.pk}@127.0.0.1" not in found
        assert f"meeting-{meeting.pk}@127.0.0.1" not in found
        response = web(user.username).get(f"/partnerships/{world.partnership.slug}/calendar.ics")
        assert b"Send the cleaning roster" not in response.content
        assert f"meeting-{meeting.pk}@".encode() not in response.content


def test_another_organizations_partnership_never_reaches_a_feed(world, web):
    theirs = partnerships.partnership_create(acting_user=world.charlie, name="Harborview Advisory", role="client",
                                             engagement_type="strategic_partnership")
    their_meetings = {f"meeting-{pk}@127.0.0.1" for pk in Meeting.objects.filter(partnership=theirs)
                      .values_list("pk", flat=True)}
    ours = {f"meeting-{pk}@127.0.0.1" for pk in Meeting.objects.filter(partnership=world.partnership)
            .values_list("pk", flat=True)}
    assert their_meetings and ours
    for user in (world.alice, world.bob, world.victor):
        found = set(events(read_feed(feed_path(user))))
        assert ours <= found and not their_meetings & found
    charlie = set(events(read_feed(feed_path(world.charlie))))
    assert their_meetings <= charlie and not ours & charlie
    assert web("charlie").get(f"/partnerships/{world.partnership.slug}/calendar.ics").status_code == 404
    assert web("charlie").get(f"/partnerships/{world.partnership.slug}/calendar/").status_code == 404


def test_rotating_makes_the_old_address_answer_like_an_unknown_one(world, api):
    first = api("alice").get("/api/v1/me/calendar").json()["url"]
    assert api("alice").get("/api/v1/me/calendar").json()["url"] == first  # shown again, unchanged
    old_path = "/" + first.split("://", 1)[1].split("/", 1)[1]
    assert Client().get(old_path).status_code == 200
    response = api("alice").post("/api/v1/me/calendar/rotate")
    assert response.status_code == 200
    new = response.json()["url"]
    assert new != first and api("alice").get("/api/v1/me/calendar").json()["url"] == new
    unknown_path = "/calendar/" + "0" * 64 + ".ics"
    gone, unknown = Client().get(old_path), Client().get(unknown_path)
    assert gone.status_code == unknown.status_code == 404
    # The same page (masked CSRF tokens differ on every render; nothing else may).
    assert _normal(gone) == _normal(unknown)
    assert Client().get("/" + new.split("://", 1)[1].split("/", 1)[1]).status_code == 200
    # Only a hash is stored; the secret itself is nowhere in the row.
    feed = CalendarFeed.objects.get(user=world.alice)
    secret = new.rsplit("/", 1)[1].removesuffix(".ics")
    assert secret not in (feed.key_hash, feed.nonce)
    events_written = AuditEvent.objects.filter(organization=world.client_org, event_type__startswith="calendar_feed")
    assert sorted(events_written.values_list("event_type", flat=True)) == ["calendar_feed.created",
                                                                           "calendar_feed.rotated"]


def test_another_persons_secret_or_a_deactivated_person_gives_404(world):
    path = feed_path(world.bob)
    assert Client().get(path.replace(".ics", "x.ics")).status_code == 404
    assert Client().get(path[:-10] + ".ics").status_code == 404
    assert Client().post(path).status_code == 405
    world.bob.is_active = False
    world.bob.save()
    assert Client().get(path).status_code == 404


def test_rotating_from_the_profile_page(world, web):
    client = web("alice")
    page = client.get("/calendar/settings/")
    assert page.status_code == 200
    old = services.feed_url(CalendarFeed.objects.get(user=world.alice))
    assert old in page.content.decode()
    assert client.post("/calendar/settings/rotate/").status_code == 302
    assert Client().get("/" + old.split("://", 1)[1].split("/", 1)[1]).status_code == 404
    assert client.get("/calendar/settings/rotate/").status_code == 405


def test_the_api_needs_a_signed_in_person(world):
    assert Client().get("/api/v1/me/calendar").status_code == 401
    assert Client().post("/api/v1/me/calendar/rotate").status_code == 401


def test_partnership_calendar_page_for_members_and_viewers(dated, web):
    world = dated
    for name in ("alice", "victor", "bob"):
        response = web(name).get(f"/partnerships/{world.partnership.slug}/calendar/")
        assert response.status_code == 200
        assert "Send the cleaning roster" in response.content.decode()


def test_a_person_without_an_organization_gets_an_empty_feed(world, db):
    loner = make_user("loner", world.outsider_org)
    loner.membership.delete()
    loner.refresh_from_db()
    calendar = read_feed(feed_path(loner))
    assert calendar.walk("VEVENT") == []


def test_the_feed_costs_the_same_queries_for_one_partnership_or_three(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accord.calendars.selectors import user_entries

    def queries():
        with CaptureQueriesContext(connection) as captured:
            user_entries(user=world.alice)
        return len(captured)

    one = queries()
    for name in ("Second Partnership", "Third Partnership"):
        partnerships.partnership_create(acting_user=world.alice, name=name, role="client",
                                        engagement_type="strategic_partnership")
    assert queries() == one <= 8


def test_the_partnership_page_lists_open_actions_past_their_date_as_overdue(world, web):
    import django.utils.timezone as tz

    from accord.governance import actions

    bob = world.access(world.bob)
    actions.action_create(access=bob, title="Overdue roster", owner=world.bob.pk, owner_party=bob.party.pk,
                          due_date=tz.localdate() - datetime.timedelta(days=3))
    body = web("alice").get(f"/partnerships/{world.partnership.slug}/calendar/").content.decode()
    assert "Overdue roster" in body and "overdue</span>" in body


def test_a_new_server_key_gives_a_new_address_and_retires_the_old_one(world, settings):
    old = feed_path(world.alice)
    settings.SECRET_KEY = "another-server-key-" + "x" * 40
    assert Client().get(old).status_code == 404  # the stored hash no longer matches what the old key made...
    new = feed_path(world.alice)  # ...and the profile shows (and stores) the new one
    assert new != old and Client().get(new).status_code == 200


def test_rotating_before_any_address_exists_writes_one_event(world):
    services.calendar_feed_rotate(user=world.bob)
    assert list(AuditEvent.objects.filter(event_type__startswith="calendar_feed").values_list(
        "event_type", flat=True)) == ["calendar_feed.created"]


def test_a_password_change_replaces_the_calendar_address(world, api):
    """Like the API tokens it revokes: whoever copied the old address reads nothing more."""
    from accord.accounts.services import password_changed

    first = api("alice").get("/api/v1/me/calendar").json()["url"]
    old_path = "/" + first.split("://", 1)[1].split("/", 1)[1]
    password_changed(user=world.alice, reset=False)
    assert Client().get(old_path).status_code == 404
    new = CalendarFeed.objects.get(user=world.alice)
    assert services.feed_url(new) != first and Client().get(
        "/" + services.feed_url(new).split("://", 1)[1].split("/", 1)[1]).status_code == 200
    password_changed(user=world.bob, reset=True)  # bob never asked for an address: none is made for him
    assert not CalendarFeed.objects.filter(user=world.bob).exists()
