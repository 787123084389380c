import datetime

import icalendar
import pytest
from django.test import Client
from django.utils import timezone

from accord.agreements import services as agreements
from accord.agreements.tests.conftest import fill_draft
from accord.calendars import services
from accord.charters import services as charters
from accord.charters.tests.conftest import VALID
from accord.governance import actions
from accord.partnerships.services import party_member_add


@pytest.fixture
def signed(world):
    """alice and bob are their parties' signatories and governance members."""
    for user in (world.alice, world.bob):
        party_member_add(access=world.access(user), user_id=user.pk, role="signatory")
        party_member_add(access=world.access(user), user_id=user.pk, role="governance_member")
    return world


@pytest.fixture
def dated(signed):
    """An agreement and a charter in force, a deliverable due in a month, and an action for each of alice and bob."""
    world = signed
    alice, bob = world.access(world.alice), world.access(world.bob)
    version = fill_draft(world, agreements.agreement_draft_create(access=alice))
    agreements.section_item_create(access=alice, version=version, section="deliverables", title="Menu survey report",
                                   owner_party=bob.party.pk, due_date=timezone.localdate() + datetime.timedelta(30),
                                   status="in_progress")
    agreements.agreement_propose(access=alice, version=version)
    agreements.agreement_sign(access=alice, version=version)
    agreements.agreement_sign(access=bob, version=version)
    charter = charters.charter_version_create(access=alice, **VALID)
    charters.charter_version_propose(access=alice, version=charter)
    charters.charter_version_sign(access=alice, version=charter)
    charters.charter_version_sign(access=bob, version=charter)
    due = timezone.localdate() + datetime.timedelta(10)
    world.bob_action = actions.action_create(access=alice, title="Send the cleaning roster", owner=world.bob.pk,
                                             owner_party=bob.party.pk, due_date=due)
    world.alice_action = actions.action_create(access=bob, title="Book the board room", owner=world.alice.pk,
                                               owner_party=alice.party.pk, due_date=due)
    return world


def feed_path(user) -> str:
    url = services.feed_url(services.calendar_feed_get_or_create(user=user))
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def read_feed(path: str) -> icalendar.Calendar:
    response = Client().get(path)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def events(calendar: icalendar.Calendar) -> dict:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}
