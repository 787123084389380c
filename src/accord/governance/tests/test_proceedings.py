import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accord.core.testing import indicator_agreed
from accord.governance.calculations import done_on_time_rate
from accord.governance.models import ActionItem, AgendaItem, Decision, GovernanceBody, Meeting, MinuteEntry
from accord.metrics import periods
from accord.metrics.measurements.services import measurement_record
from accord.metrics.scorecards.selectors import last_full_month

from .conftest import members

D = datetime.date


def url(world, *tail):
    return "/".join([f"/api/v1/partnerships/{world.partnership.pk}", *map(str, tail)])


@pytest.fixture
def meeting(named):
    """The operational team's next meeting, alice chairing."""
    body = GovernanceBody.objects.get(partnership=named.partnership, tier="operational")
    from accord.governance import services

    services.body_update(access=named.access(named.alice), body=body, members=members(named))
    return body.meetings.filter(starts_at__gt=timezone.now()).first()


def red_indicator(world):
    alice, bob = world.access(world.alice), world.access(world.bob)
    indicator = indicator_agreed(owner_access=bob, other_access=alice, code="OTD", name="On-time delivery",
                                 kind="kpi", target=Decimal("95"))
    month = last_full_month()
    for back in range(3):
        measurement_record(access=bob, indicator=indicator, period=periods.shift(month, periods.MONTHLY, -back),
                           value=Decimal("50"))
    return indicator


def test_agenda_lists_the_red_indicator_and_actions_and_refreshes(named, meeting, api):
    indicator = red_indicator(named)
    bob_party = named.access(named.bob).party.pk
    overdue = api("alice").post(url(named, "actions"), {"title": "Staffing plan", "owner": named.bob.pk,
                                                         "owner_party": bob_party, "due_date": "2020-01-01"})
    assert overdue.status_code == 201 and overdue.json()["overdue"] is True
    detail = api("bob").get(url(named, "meetings", meeting.pk)).json()
    sources = {(item["source"], item["ref"]["type"], item["ref"]["code"] or item["ref"]["id"])
               for item in detail["agenda"]}
    assert ("indicator_red", "indicator", "OTD") in sources
    assert ("action_overdue", "action", str(overdue.json()["id"])) in sources
    red_item = next(i for i in detail["agenda"] if i["source"] == "indicator_red")
    assert red_item["ref"]["id"] == str(indicator.pk)
    # The action is done: the next read drops it from the agenda.
    api("bob").patch(url(named, "actions", overdue.json()["id"]), {"status": "done"})
    again = api("alice").get(url(named, "meetings", meeting.pk)).json()
    assert not [i for i in again["agenda"] if i["source"] == "action_overdue"]
    assert len([i for i in again["agenda"] if i["source"] == "indicator_red"]) == 1  # not duplicated


def test_the_agenda_stops_changing_once_the_meeting_started(named, meeting, api):
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=1))
    red_indicator(named)
    assert api("alice").get(url(named, "meetings", meeting.pk)).json()["agenda"] == []


def test_minutes_decisions_actions_and_approval(named, meeting, api):
    added = api("bob").post(url(named, "meetings", meeting.pk, "agenda"), {"title": "Surgical wing staffing"})
    assert added.status_code == 201 and added.json()["source"] == "added"
    item = added.json()["id"]
    assert api("bob").post(url(named, "meetings", meeting.pk, "minutes"),
                           {"agenda_item": item, "text": "Two more porters from January."}).status_code == 201
    decision = api("alice").post(url(named, "meetings", meeting.pk, "decisions"),
                                 {"agenda_item": item, "text": "Fund two porters from the shared budget."})
    assert decision.status_code == 201
    action = api("alice").post(url(named, "meetings", meeting.pk, "actions"), {
        "title": "Hire two porters", "owner": named.maya.pk, "owner_party": named.access(named.bob).party.pk,
        "due_date": "2027-01-15"})
    assert action.status_code == 201 and action.json()["source"] == "meeting"
    # Only the chair approves, once.
    assert api("bob").post(url(named, "meetings", meeting.pk, "approve-minutes")).status_code == 403
    assert api("alice").post(url(named, "meetings", meeting.pk, "approve-minutes")).status_code == 200
    assert api("alice").post(url(named, "meetings", meeting.pk, "approve-minutes")).status_code == 409
    api("bob").post(url(named, "meetings", meeting.pk, "minutes"), {"text": "Correction: three porters."})
    detail = api("maya").get(url(named, "meetings", meeting.pk)).json()
    assert [m["is_amendment"] for m in detail["minutes"]] == [False, True]
    assert detail["minutes_approved_at"] and detail["decisions"][0]["agenda_item"] == item
    assert detail["actions"][0]["owner_name"] == "maya"
    log = api("bob").get(url(named, "decisions"), {"search": "porters"}).json()
    assert log["count"] == 1 and api("bob").get(url(named, "decisions"), {"search": "x-none"}).json()["count"] == 0
    assert api("maya").get(url(named, "actions"), {"owner": named.maya.pk}).json()["count"] == 1


def test_bad_proceedings_input_names_the_field_and_writes_nothing(named, meeting, api):
    other_meeting = Meeting.objects.exclude(pk=meeting.pk).filter(partnership=named.partnership).first()
    foreign_item = AgendaItem.objects.create(partnership=named.partnership, owner_party=meeting.owner_party,
                                             meeting=other_meeting, source="added", title="elsewhere")
    for path, payload, field in (
        ("minutes", {"agenda_item": foreign_item.pk, "text": "x"}, "agenda_item"),
        ("minutes", {"text": "   "}, "text"),
        ("decisions", {"text": ""}, "text"),
        ("agenda", {"title": ""}, "title"),
        ("actions", {"title": "x", "owner": named.charlie.pk, "owner_party": named.access(named.bob).party.pk,
                     "due_date": "2027-01-01"}, "owner"),
        ("actions", {"title": "x", "owner": named.bob.pk, "owner_party": 987654, "due_date": "2027-01-01"},
         "owner_party"),
    ):
        answer = api("alice").post(url(named, "meetings", meeting.pk, path), payload)
        assert answer.status_code == 400 and field in answer.json()["errors"], (path, answer.json())
    assert not MinuteEntry.objects.exists() and not Decision.objects.exists() and not ActionItem.objects.exists()
    assert AgendaItem.objects.filter(source="added").count() == 1


def test_roles_and_isolation(named, meeting, api):
    action = api("alice").post(url(named, "actions"), {"title": "x", "owner": named.alice.pk,
                                                        "owner_party": named.access(named.alice).party.pk,
                                                        "due_date": "2027-01-01"}).json()
    payload = {"title": "x", "text": "x", "owner": named.alice.pk, "owner_party": action["owner_party"],
               "due_date": "2027-01-01"}
    for path in ("agenda", "minutes", "decisions", "actions", "approve-minutes"):
        assert api("charlie").post(url(named, "meetings", meeting.pk, path), payload).status_code == 404
        assert api("victor").post(url(named, "meetings", meeting.pk, path), payload).status_code == 403
    for path in ("actions", "decisions", "actions/on-time", f"meetings/{meeting.pk}"):
        assert api("charlie").get(url(named, path)).status_code == 404
    assert api("charlie").patch(url(named, "actions", action["id"]), {"status": "done"}).status_code == 404
    assert api("victor").patch(url(named, "actions", action["id"]), {"status": "done"}).status_code == 403


def test_on_time_rate_per_party(named, api):
    today = timezone.localdate()
    rows = [("done", today - datetime.timedelta(days=3), today - datetime.timedelta(days=5)),
            ("done", today - datetime.timedelta(days=3), today - datetime.timedelta(days=1)),
            ("open", today - datetime.timedelta(days=1), None),
            ("open", today + datetime.timedelta(days=9), None),
            ("cancelled", today - datetime.timedelta(days=9), None)]
    assert done_on_time_rate(rows, today=today) == {"due": 3, "on_time": 1, "percent": Decimal("33.3")}
    assert done_on_time_rate([], today=today)["percent"] is None
    bob_party = named.access(named.bob).party.pk
    created = api("alice").post(url(named, "actions"), {"title": "Report", "owner": named.bob.pk,
                                                         "owner_party": bob_party,
                                                         "due_date": (today + datetime.timedelta(days=2)).isoformat()})
    api("bob").patch(url(named, "actions", created.json()["id"]), {"status": "done"})
    rates = {row["party"]: row for row in api("alice").get(url(named, "actions/on-time")).json()}
    assert rates[bob_party]["on_time"] == 1 and rates[bob_party]["percent"] == "100.0"
    assert api("bob").get(url(named, "actions/on-time")).json() == api("alice").get(url(named, "actions/on-time")).json()


def test_action_list_filters_and_query_count(named, api, django_assert_max_num_queries):
    bob_party = named.access(named.bob).party.pk
    for number in range(4):
        api("alice").post(url(named, "actions"), {"title": f"A{number}", "owner": named.bob.pk,
                                                   "owner_party": bob_party, "due_date": f"202{number}-06-01"})
    client = api("alice")
    client.get(url(named, "actions"))
    with django_assert_max_num_queries(8):
        assert client.get(url(named, "actions"), {"overdue": "true"}).json()["count"] == 4
    assert client.get(url(named, "actions"), {"owner_party": named.access(named.alice).party.pk}).json()["count"] == 0
