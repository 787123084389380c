import pytest

from accord.partnerships import notes
from accord.partnerships.models import Partnership, PartyNote
from accord.partnerships.notes import PARTY_NOTES

BASE = "/api/v1/partnerships"


def test_no_token_is_401(world, client):
    for path in ("/api/v1/me", BASE, f"{BASE}/{world.partnership.pk}"):
        response = client.get(path)
        assert response.status_code == 401
        assert "detail" in response.json()
    assert client.get(BASE, headers={"Authorization": "Bearer acc_wrong"}).status_code == 401


def test_me(world, api):
    body = api("alice").get("/api/v1/me").json()
    assert body["user"]["username"] == "alice"
    assert body["organization"]["name"] == "Northwind Health"
    assert body["role"] == "admin"


def test_list_and_detail_shape(world, api):
    body = api("bob").get(BASE).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert {"id", "slug", "name", "description", "engagement_type", "phase", "status", "start_date",
            "end_date", "parties"} <= set(item)
    detail = api("alice").get(f"{BASE}/{world.partnership.pk}").json()
    assert detail["engagement_type"] == "strategic_partnership"
    assert {p["role"] for p in detail["parties"]} == {"client", "provider"}
    parties = api("alice").get(f"{BASE}/{world.partnership.pk}/parties").json()
    assert {p["organization"]["name"] for p in parties} == {"Northwind Health", "Meridian Facility Services"}


@pytest.mark.parametrize("suffix", ["", "/parties", "/activity", "/notes"])
def test_outsider_gets_404_identical_to_missing(world, api, suffix):
    not_theirs = api("charlie").get(f"{BASE}/{world.partnership.pk}{suffix}")
    missing = api("charlie").get(f"{BASE}/999999{suffix}")
    assert not_theirs.status_code == missing.status_code == 404
    assert not_theirs.json() == missing.json()


def test_outsider_cannot_write_anything(world, api):
    pid = world.partnership.pk
    charlie = api("charlie")
    assert charlie.patch(f"{BASE}/{pid}", {"name": "Mine"}).status_code == 404
    assert charlie.post(f"{BASE}/{pid}/notes", {"text": "hi"}).status_code == 404
    assert charlie.post(f"{BASE}/{pid}/parties", {"organization_name": "Northwind Health", "role": "partner"}).status_code == 404
    assert charlie.get(BASE).json() == {"count": 0, "items": []}


def test_viewer_reads_but_cannot_write(world, api):
    pid = world.partnership.pk
    victor = api("victor")
    assert victor.get(f"{BASE}/{pid}").status_code == 200
    assert victor.patch(f"{BASE}/{pid}", {"name": "x"}).status_code == 403
    assert victor.post(f"{BASE}/{pid}/notes", {"text": "x"}).status_code == 403
    assert victor.post(BASE, {"name": "x", "role": "client"}).status_code == 403
    assert PartyNote.objects.count() == 0


def test_create_and_patch(world, api):
    response = api("alice").post(BASE, {"name": "Laundry services", "role": "client", "phase": "alignment"})
    assert response.status_code == 201, response.content
    pid = response.json()["id"]
    response = api("alice").patch(f"{BASE}/{pid}", {"description": "Linen for four hospitals", "end_date": "2030-01-01"})
    assert response.status_code == 200
    assert response.json()["description"] == "Linen for four hospitals"
    assert response.json()["end_date"] == "2030-01-01"


def test_bad_input_names_the_field_and_changes_nothing(world, api):
    count = Partnership.objects.count()
    response = api("alice").post(BASE, {"name": "X", "role": "client", "engagement_type": "marriage"})
    assert response.status_code == 400
    assert "engagement_type" in response.json()["errors"]
    response = api("alice").post(BASE, {"name": "X", "role": "client", "start_date": "2026-05-01", "end_date": "2026-01-01"})
    assert response.status_code == 400 and "end_date" in response.json()["errors"]
    assert Partnership.objects.count() == count
    pid = world.partnership.pk
    response = api("alice").patch(f"{BASE}/{pid}", {"status": "active", "name": "Renamed"})
    assert response.status_code == 200  # two accepted parties: allowed
    response = api("alice").patch(f"{BASE}/{pid}", {"start_date": "2027-01-01", "end_date": "2026-01-01"})
    assert response.status_code == 400 and "end_date" in response.json()["errors"]
    world.partnership.refresh_from_db()
    assert world.partnership.start_date is None and world.partnership.name == "Renamed"


def test_activating_with_one_party_is_refused(world, api):
    pid = api("alice").post(BASE, {"name": "Solo", "role": "client"}).json()["id"]
    response = api("alice").patch(f"{BASE}/{pid}", {"status": "active"})
    assert response.status_code == 400
    assert "status" in response.json()["errors"]
    assert Partnership.objects.get(pk=pid).status == "proposed"


def test_invite_party_errors(world, api):
    pid = world.partnership.pk
    response = api("alice").post(f"{BASE}/{pid}/parties", {"organization": world.outsider_org.pk, "role": "partner"})
    assert response.status_code == 400 and "organization_name" in response.json()["errors"]  # no more ids
    response = api("alice").post(f"{BASE}/{pid}/parties", {"organization_name": world.provider_org.name,
                                                           "role": "partner"})
    assert response.status_code == 400 and "organization_name" in response.json()["errors"]
    response = api("alice").post(f"{BASE}/{pid}/parties", {"organization_name": world.outsider_org.name,
                                                           "role": "partner"})
    assert response.status_code == 202 and "If an organization named" in response.json()["detail"]


def test_stale_revision_gives_409(world, api):
    pid = world.partnership.pk
    assert api("alice").patch(f"{BASE}/{pid}", {"description": "a", "revision": 1}).status_code == 200
    response = api("bob").patch(f"{BASE}/{pid}", {"description": "b", "revision": 1})
    assert response.status_code == 409


def test_private_note_never_reaches_the_other_party(world, api):
    pid = world.partnership.pk
    created = api("alice").post(f"{BASE}/{pid}/notes", {"text": "Walk-away: re-tender EVS"}).json()
    assert created["visibility"] == "private"
    bob = api("bob")
    assert bob.get(f"{BASE}/{pid}/notes").json() == {"count": 0, "items": []}
    assert bob.get(f"{BASE}/{pid}/notes", {"search": "re-tender"}).json()["count"] == 0
    detail = bob.get(f"{BASE}/{pid}/notes/{created['id']}")
    missing = bob.get(f"{BASE}/{pid}/notes/999999")
    assert detail.status_code == missing.status_code == 404 and detail.json() == missing.json()
    assert bob.patch(f"{BASE}/{pid}/notes/{created['id']}", {"text": "x"}).status_code == 404
    assert bob.delete(f"{BASE}/{pid}/notes/{created['id']}").status_code == 404
    activity = bob.get(f"{BASE}/{pid}/activity").json()
    assert "re-tender" not in str(activity)
    assert all(item["record_type"] != "partnerships.partynote" for item in activity["items"])
    # Alice sees her own note, in the list and the feed.
    assert api("alice").get(f"{BASE}/{pid}/notes").json()["count"] == 1
    assert any(i["record_type"] == "partnerships.partynote" for i in api("alice").get(f"{BASE}/{pid}/activity").json()["items"])


def test_shared_note_is_read_by_both_but_changed_only_by_its_party(world, api):
    pid = world.partnership.pk
    note = api("bob").post(f"{BASE}/{pid}/notes", {"text": "Staffing plan agreed", "visibility": "shared"}).json()
    assert api("alice").get(f"{BASE}/{pid}/notes/{note['id']}").json()["text"] == "Staffing plan agreed"
    # Changing a note looks only among the caller's party's own: the other party's is not there.
    assert api("alice").patch(f"{BASE}/{pid}/notes/{note['id']}", {"text": "x"}).status_code == 404
    response = api("bob").patch(f"{BASE}/{pid}/notes/{note['id']}", {"visibility": "private"})
    assert response.status_code == 200
    assert api("alice").get(f"{BASE}/{pid}/notes/{note['id']}").status_code == 404
    assert api("bob").delete(f"{BASE}/{pid}/notes/{note['id']}").status_code == 204


def test_note_bad_input(world, api):
    pid = world.partnership.pk
    response = api("alice").post(f"{BASE}/{pid}/notes", {"text": "x", "visibility": "everyone"})
    assert response.status_code == 400 and "visibility" in response.json()["errors"]
    response = api("alice").post(f"{BASE}/{pid}/notes", {"text": ""})
    assert response.status_code == 400 and "text" in response.json()["errors"]
    assert PartyNote.objects.count() == 0


def test_activity_records_who_party_and_changes(world, api):
    pid = world.partnership.pk
    api("alice").patch(f"{BASE}/{pid}", {"engagement_type": "partnership"})
    items = api("bob").get(f"{BASE}/{pid}/activity").json()["items"]
    latest = items[0]
    assert latest["actor"] == "alice" and latest["party"] == "Northwind Health" and latest["action"] == "update"
    assert latest["changes"] == [{"field": "engagement_type", "before": "strategic_partnership",
                                  "after": "partnership"}]


def test_the_phase_is_not_changed_by_editing_the_partnership(world, api):
    """The phase moves only through the health phase service, which checks the criteria for moving on."""
    response = api("alice").patch(f"{BASE}/{world.partnership.pk}", {"phase": "shared_vision"})
    assert response.status_code == 400 and "phase" in response.json()["errors"]
    world.partnership.refresh_from_db()
    assert world.partnership.phase == "alignment"


def test_list_query_count_does_not_grow(world, api, django_assert_max_num_queries):
    bob = api("bob")
    bob.get(BASE)  # warm the token's last-used stamp
    for i in range(5):
        api("alice").post(BASE, {"name": f"P{i}", "role": "client"})
    with django_assert_max_num_queries(5):
        assert api("alice").get(BASE).json()["count"] == 6


def test_openapi_schema_is_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/partnerships/{partnership_id}/notes" in schema["paths"]


def test_counts_hide_private_notes(world, api):
    notes.note_create(kind=PARTY_NOTES, access=world.access(world.alice), text="secret")
    notes.note_create(kind=PARTY_NOTES, access=world.access(world.alice), text="open", visibility="shared")
    assert api("bob").get(f"{BASE}/{world.partnership.pk}/notes").json()["count"] == 1
    assert api("alice").get(f"{BASE}/{world.partnership.pk}/notes").json()["count"] == 2
