import datetime
from decimal import Decimal
from urllib.parse import urljoin, urlsplit

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accord.core.testing import build_world, indicator_agreed
from accord.metrics import periods
from accord.metrics.measurements.services import measurement_record
from accord.metrics.scorecards.selectors import last_full_month


@pytest.mark.django_db(transaction=True)
def test_a_meeting_from_agenda_to_the_other_partys_action_list(page_for):
    """The operational team's meeting is scheduled, its agenda lists the red indicator, minutes are written,
    an action is assigned to the other party, and it appears in that person's action list and calendar feed."""
    world = build_world()
    alice_access, bob_access = world.access(world.alice), world.access(world.bob)
    otd = indicator_agreed(owner_access=bob_access, other_access=alice_access, code="OTD", name="On-time delivery",
                           kind="kpi", target=Decimal("95"))
    month = last_full_month()
    for back in range(3):
        measurement_record(access=bob_access, indicator=otd, period=periods.shift(month, periods.MONTHLY, -back),
                           value=Decimal("50"))

    alice = page_for("alice")
    alice.set_viewport_size({"width": 390, "height": 844})
    alice.get_by_role("link", name=world.partnership.name).click()
    alice.get_by_role("navigation", name="Partnership sections").get_by_role("link", name="Governance").click()
    alice.get_by_label("Body").select_option(label="Operational governance team")
    alice.get_by_label("Kind").select_option("regular")
    starts = timezone.localtime() + datetime.timedelta(days=3)
    alice.get_by_label("Starts").fill(starts.strftime("%Y-%m-%dT10:00"))
    alice.get_by_label("Location").fill("Ward 7 meeting room")
    alice.get_by_role("button", name="Add meeting").click()

    expect(alice.get_by_text("Meeting added.")).to_be_visible()
    agenda = alice.get_by_role("heading", name="Agenda").locator("..")
    expect(agenda).to_contain_text(f"OTD On-time delivery is red in {periods.label(month, 'monthly')}")
    # The page fits a phone: nothing wider than the viewport.
    assert alice.evaluate("document.documentElement.scrollWidth") <= 390

    minutes = alice.locator("form", has=alice.get_by_role("button", name="Add minutes"))
    minutes.get_by_label("On item").select_option(label=f"OTD On-time delivery is red in {periods.label(month, 'monthly')}")
    minutes.get_by_label("Text").fill("Deliveries late on the east wing; Meridian adds a second dispatcher.")
    minutes.get_by_role("button", name="Add minutes").click()
    expect(alice.get_by_text("Minutes added.")).to_be_visible()
    expect(alice.get_by_text("Meridian adds a second dispatcher.")).to_be_visible()

    alice.get_by_text("Add an action").click()
    action_form = alice.locator("form", has=alice.get_by_role("button", name="Add action"))
    action_form.get_by_label("Title").fill("Staff the second dispatcher")
    action_form.get_by_label("Who").select_option(label="Bob (Meridian Facility Services)")
    action_form.get_by_label("Due").fill((timezone.localdate() + datetime.timedelta(days=14)).isoformat())
    action_form.get_by_role("button", name="Add action").click()
    expect(alice.get_by_text("Action added.")).to_be_visible()

    bob = page_for("bob")
    bob.get_by_role("link", name=world.partnership.name).click()
    bob.get_by_role("navigation", name="Partnership sections").get_by_role("link", name="Governance").click()
    bob.get_by_role("link", name="All actions of the partnership →").click()
    bob.get_by_role("link", name="Mine", exact=True).click()
    expect(bob.locator("tbody tr")).to_have_count(1)
    row = bob.get_by_role("row", name="Staff the second dispatcher")
    expect(row).to_contain_text("Bob")
    expect(row).to_contain_text("Meridian Facility Services")

    # ... and in bob's own calendar feed, read as a calendar application would: by its secret address alone.
    bob.goto("/accounts/profile/")
    bob.get_by_role("link", name="Your calendar feed and e-mail reminders").click()
    feed_path = urlsplit(bob.get_by_label("Address").input_value()).path  # the server's SITE_URL is not this one
    assert feed_path.startswith("/calendar/") and feed_path.endswith(".ics")
    anonymous = bob.context.browser.new_context()
    try:
        feed = anonymous.request.get(urljoin(bob.url, feed_path))
        assert feed.status == 200 and feed.headers["content-type"].startswith("text/calendar")
        calendar = icalendar.Calendar.from_ical(feed.body())
    finally:
        anonymous.close()
    due = {str(event.get("summary")): event.decoded("dtstart") for event in calendar.walk("VEVENT")}
    summary = f"{world.partnership.name}: Action due: Staff the second dispatcher"
    assert due[summary] == timezone.localdate() + datetime.timedelta(days=14)
    assert any("Operational governance team" in name for name in due)  # the meeting alice scheduled


@pytest.mark.django_db(transaction=True)
def test_escalation_pages_fit_a_phone_and_the_ladder_refuses_to_skip_a_level(page_for):
    from accord.governance import ladder

    world = build_world()
    escalation = ladder.escalation_raise(
        access=world.access(world.alice), category="cultural_operational_differences", severity="critical",
        description="Night-shift cleaners are not allowed into the intensive care unit without an escort, and "
                    "nobody on the ward knows who is supposed to provide one.")
    bob = page_for("bob")
    bob.set_viewport_size({"width": 390, "height": 844})
    base = f"/partnerships/{world.partnership.slug}/governance/escalations/"
    for path in (base, f"{base}new/", f"{base}targets/", f"{base}{escalation.pk}/"):
        bob.goto(path)
        assert bob.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, path
    bob.get_by_role("button", name="Acknowledge").click()
    expect(bob.get_by_text("Acknowledged.")).to_be_visible()
    expect(bob.get_by_text("Resolve at your level first")).to_be_visible()  # escalating needs a response first
    bob.get_by_label("Response").fill("We arrange an escort from the ward's night nurse from Monday.")
    bob.get_by_role("button", name="Record response").click()
    expect(bob.get_by_text("Response recorded.")).to_be_visible()
    expect(bob.get_by_role("button", name="Escalate one level up")).to_be_visible()
