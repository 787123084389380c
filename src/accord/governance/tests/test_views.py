import datetime

from django.urls import reverse
from django.utils import timezone

from accord.governance.models import GovernanceBody, Meeting


def home(world):
    return reverse("governance:home", args=[world.partnership.slug])


def meeting_page(world, meeting, name="meeting"):
    return reverse(f"governance:{name}", args=[world.partnership.slug, meeting.pk])


def test_home_lists_bodies_and_upcoming_meetings(world, web):
    page = web("bob").get(home(world))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Strategic governance board" in text and "monthly for 6 months, then quarterly" in text
    assert "Add a meeting" in text
    assert "Add a meeting" not in web("victor").get(home(world)).content.decode()


def test_outsider_gets_404_everywhere(world, web):
    meeting = Meeting.objects.filter(partnership=world.partnership).first()
    client = web("charlie")
    assert client.get(home(world)).status_code == 404
    assert client.get(meeting_page(world, meeting)).status_code == 404
    assert client.post(meeting_page(world, meeting, "meeting_cancel")).status_code == 404


def test_add_move_and_cancel_a_meeting(world, web):
    body = GovernanceBody.objects.get(partnership=world.partnership, tier="strategic")
    client = web("maya")
    starts = (timezone.localtime() + datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    answer = client.post(home(world), {"body": body.pk, "kind": "extraordinary", "starts_at": starts,
                                       "location": "Ward 7"})
    meeting = Meeting.objects.get(location="Ward 7")
    assert answer.status_code == 302 and meeting.kind == "extraordinary"
    ends = (timezone.localtime() + datetime.timedelta(days=5, hours=3)).strftime("%Y-%m-%dT%H:%M")
    answer = client.post(meeting_page(world, meeting), {"starts_at": starts, "ends_at": ends, "location": "Ward 8"})
    assert answer.status_code == 302
    answer = client.post(meeting_page(world, meeting, "meeting_cancel"))
    meeting.refresh_from_db()
    assert (meeting.location, meeting.status) == ("Ward 8", "cancelled")


def test_bad_input_stays_on_the_form(world, web):
    meeting = Meeting.objects.filter(partnership=world.partnership).first()
    before = meeting.ends_at
    starts = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M")
    earlier = (timezone.localtime(meeting.starts_at) - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    answer = web("alice").post(meeting_page(world, meeting), {"starts_at": starts, "ends_at": earlier})
    assert answer.status_code == 422 and "A meeting ends after it starts." in answer.content.decode()
    meeting.refresh_from_db()
    assert meeting.ends_at == before
    assert web("alice").post(home(world), {"body": "", "starts_at": "soon"}).status_code == 422


def test_viewer_cannot_write(world, web):
    meeting = Meeting.objects.filter(partnership=world.partnership).first()
    assert web("victor").post(meeting_page(world, meeting, "meeting_cancel")).status_code == 403
    assert web("victor").get(meeting_page(world, meeting)).status_code == 200


def test_home_query_count_is_flat(world, web, django_assert_max_num_queries):
    client = web("alice")
    client.get(home(world))
    with django_assert_max_num_queries(22):
        assert client.get(home(world)).status_code == 200


def test_actions_page_flags_overdue_and_shows_rates(world, web, django_assert_max_num_queries):
    from accord.governance.actions import action_create

    access = world.access(world.alice)
    for number in range(3):
        action_create(access=access, title=f"Old task {number}", owner=world.bob.pk,
                      owner_party=world.access(world.bob).party.pk, due_date=datetime.date(2020, 1, 1 + number))
    url = reverse("governance:actions", args=[world.partnership.slug])
    client = web("bob")
    client.get(url)
    with django_assert_max_num_queries(14):
        page = client.get(url)
    text = page.content.decode()
    assert "Old task 2" in text and text.count("overdue</span>") == 3
    assert "Meridian Facility Services: 0.0% (0 of 3)" in text
    assert web("charlie").get(url).status_code == 404


def test_meeting_page_shows_proceedings(world, web):
    from accord.governance import proceedings

    meeting = Meeting.objects.filter(partnership=world.partnership, starts_at__gt=timezone.now()).first()
    access = world.access(world.bob)
    proceedings.minute_add(access=access, meeting=meeting, text="Porters discussed")
    proceedings.decision_add(access=access, meeting=meeting, text="Two more porters")
    text = web("alice").get(meeting_page(world, meeting)).content.decode()
    assert "Porters discussed" in text and "Two more porters" in text


def test_actions_page_shows_mine(world, web):
    from accord.governance.actions import action_create

    access = world.access(world.alice)
    action_create(access=access, title="Task for Bob", owner=world.bob.pk, owner_party=world.access(world.bob).party.pk,
                  due_date=datetime.date(2030, 1, 1))
    action_create(access=access, title="Task for Alice", owner=world.alice.pk, owner_party=access.party.pk,
                  due_date=datetime.date(2030, 1, 1))
    text = web("bob").get(reverse("governance:actions", args=[world.partnership.slug]), {"mine": "1"}).content.decode()
    assert "Task for Bob" in text and "Task for Alice" not in text
