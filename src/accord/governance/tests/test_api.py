import datetime

from django.utils import timezone

from accord.governance.models import GovernanceBody, Meeting

from .conftest import members


def bodies_url(world, *tail):
    return "/".join([f"/api/v1/partnerships/{world.partnership.pk}/governance/bodies", *map(str, tail)])


def meetings_url(world, *tail):
    return "/".join([f"/api/v1/partnerships/{world.partnership.pk}/meetings", *map(str, tail)])


NEW_BODY = {"name": "Working team: food", "tier": "working", "cadence": {"every_months": 1, "for_months": 6,
                                                                         "then_every_months": 3}}


def test_list_bodies_shape_for_both_parties(world, api):
    for name in ("alice", "bob"):
        answer = api(name).get(bodies_url(world))
        assert answer.status_code == 200
        items = answer.json()["items"]
        assert [b["tier"] for b in items] == ["operational", "strategic"]
        assert items[0]["members"][0]["username"] == "alice"
        assert items[0]["members"][0]["organization"] == "Northwind Health"


def test_create_body_with_members_and_start(named, api):
    starts_on = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    answer = api("bob").post(bodies_url(named), {**NEW_BODY, "starts_on": starts_on, "members": members(named)})
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["starts_on"] == starts_on and body["cadence"] == NEW_BODY["cadence"]
    assert {m["role"] for m in body["members"]} == {"chair", "member"}
    # Monthly from day 10 to month 5, quarterly at months 6 and 9; month 12 lies beyond the twelve months ahead.
    assert Meeting.objects.filter(body_id=body["id"]).count() == 8
    detail = api("alice").get(bodies_url(named, body["id"])).json()
    assert detail == body


def test_bad_body_input_names_the_field_and_writes_nothing(named, api):
    before = GovernanceBody.objects.count()
    for payload, field in (
        ({**NEW_BODY, "cadence": {"every_months": 0}}, "cadence.every_months"),
        ({**NEW_BODY, "tier": "galactic"}, "tier"),
        ({**NEW_BODY, "cadence": {"every_months": 1, "then_every_months": 3}}, "cadence"),
        ({**NEW_BODY, "members": [{"user": named.charlie.pk, "party": 1, "role": "member"}]}, "members"),
        ({**NEW_BODY, "name": "Operational governance team"}, "name"),
    ):
        answer = api("alice").post(bodies_url(named), payload)
        assert answer.status_code == 400, payload
        assert field in answer.json()["errors"], answer.json()
    assert GovernanceBody.objects.count() == before


def test_patch_body(named, api):
    body = GovernanceBody.objects.get(partnership=named.partnership, tier="strategic")
    answer = api("alice").patch(bodies_url(named, body.pk), {"cadence": {"every_months": 6},
                                                             "members": members(named, alice="secretary")})
    assert answer.status_code == 200
    assert answer.json()["cadence"] == {"every_months": 6}
    assert api("alice").patch(bodies_url(named, body.pk), {"name": None}).status_code == 400


def test_roles_and_isolation(world, api):
    body = GovernanceBody.objects.get(partnership=world.partnership, tier="strategic")
    assert api("victor").post(bodies_url(world), NEW_BODY).status_code == 403
    assert api("victor").patch(bodies_url(world, body.pk), {"name": "x"}).status_code == 403
    assert api("maya").post(bodies_url(world), NEW_BODY).status_code == 403  # contributors do not shape bodies
    for path in (bodies_url(world), bodies_url(world, body.pk), meetings_url(world)):
        assert api("charlie").get(path).status_code == 404
    assert api("charlie").post(bodies_url(world), NEW_BODY).status_code == 404
    meeting = body.meetings.first()
    assert api("charlie").get(meetings_url(world, meeting.pk)).status_code == 404
    assert api("charlie").patch(meetings_url(world, meeting.pk), {"location": "x"}).status_code == 404
    assert api("victor").patch(meetings_url(world, meeting.pk), {"location": "x"}).status_code == 403


def test_meetings_list_move_cancel_and_add(world, api):
    body = GovernanceBody.objects.get(partnership=world.partnership, tier="operational")
    listed = api("bob").get(meetings_url(world), {"body": body.pk}).json()
    assert listed["count"] == 9 and listed["items"][0]["body_name"] == body.name
    meeting_id = listed["items"][1]["id"]
    new_start = (timezone.now() + datetime.timedelta(days=50)).replace(microsecond=0)
    moved = api("bob").patch(meetings_url(world, meeting_id), {"starts_at": new_start.isoformat(),
                                                               "location": "Room 4"}).json()
    assert moved["location"] == "Room 4" and moved["planned_on"] == listed["items"][1]["planned_on"]
    assert api("alice").patch(meetings_url(world, meeting_id), {"status": "cancelled"}).json()["status"] == "cancelled"
    added = api("maya").post(meetings_url(world), {"body": body.pk, "starts_at": new_start.isoformat()})
    assert added.status_code == 201 and added.json()["kind"] == "extraordinary"
    assert api("alice").post(meetings_url(world), {"body": 987654, "starts_at": new_start.isoformat()}).status_code == 404


def test_bad_meeting_input(world, api):
    meeting = Meeting.objects.filter(partnership=world.partnership).first()
    before = (meeting.starts_at, meeting.ends_at)
    answer = api("alice").patch(meetings_url(world, meeting.pk), {"ends_at": (meeting.starts_at - datetime.timedelta(
        hours=1)).isoformat()})
    assert answer.status_code == 400 and "ends_at" in answer.json()["errors"]
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.ends_at) == before
    assert "kind" in api("alice").patch(meetings_url(world, meeting.pk), {"kind": "party"}).json()["errors"]


def test_list_query_counts_do_not_grow(named, api, django_assert_max_num_queries):
    client = api("alice")
    client.get(bodies_url(named))
    for number in range(3):
        client.post(bodies_url(named), {**NEW_BODY, "name": f"Team {number}", "members": members(named)})
    with django_assert_max_num_queries(8):
        assert client.get(bodies_url(named)).json()["count"] == 5
    with django_assert_max_num_queries(8):
        assert client.get(meetings_url(named)).json()["count"] > 30
