"""Attendance and the quorum flag, each party's preparation notes, and the meeting's query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.governance import calculations, services
from accord.governance.models import Attendance, GovernanceBody, Meeting, PreparationNote
from accord.partnerships import notes

from .conftest import members


def url(world, *tail):
    return "/".join([f"/api/v1/partnerships/{world.partnership.pk}/meetings", *map(str, tail)])


@pytest.fixture
def held(named):
    """A meeting of the operational team held yesterday, alice chairing and bob a member."""
    body = GovernanceBody.objects.get(partnership=named.partnership, tier="operational")
    services.body_update(access=named.access(named.alice), body=body, members=members(named))
    starts_at = timezone.now() - datetime.timedelta(days=1)
    return services.meeting_create(access=named.access(named.alice), body=body, starts_at=starts_at)


def test_quorum_rules():
    members = [(1, 10), (2, 20), (3, 20)]
    assert calculations.quorum(rule="each_party", parties=[10, 20], members=members, present={1, 2}) == {
        "met": True, "parties_missing": []}
    assert calculations.quorum(rule="each_party", parties=[10, 20], members=members, present={2, 3, 99}) == {
        "met": False, "parties_missing": [10]}
    # A majority without one party meets the rule but is still flagged.
    assert calculations.quorum(rule="majority", parties=[10, 20], members=members, present={2, 3}) == {
        "met": True, "parties_missing": [10]}
    assert calculations.quorum(rule="majority", parties=[10, 20], members=members, present={1})["met"] is False


def test_attendance_and_the_flag_in_the_api(held, named, api):
    assert api("bob").get(url(named, held.pk)).json()["quorum_met"] is None
    answer = api("bob").post(url(named, held.pk, "attendance"), {"attendance": [
        {"user": named.bob.pk, "status": "present"}, {"user": named.alice.pk, "status": "apologies"}]})
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["quorum_met"] is False and body["parties_missing"] == ["Northwind Health"]
    assert {(row["username"], row["status"], row["member"]) for row in body["attendance"]} == {
        ("bob", "present", True), ("alice", "apologies", True)}
    listed = api("alice").get(url(named), {"body": held.body_id}).json()["items"]
    assert next(m for m in listed if m["id"] == held.pk)["parties_missing"] == ["Northwind Health"]
    api("alice").post(url(named, held.pk, "attendance"), {"attendance": [
        {"user": named.bob.pk, "status": "present"}, {"user": named.alice.pk, "status": "present"}]})
    assert api("bob").get(url(named, held.pk)).json()["quorum_met"] is True


def test_attendance_refuses_people_not_named_on_the_parties(held, named, api):
    api("bob").post(url(named, held.pk, "attendance"), {"attendance": [{"user": named.bob.pk, "status": "present"}]})
    for entries in ([{"user": named.charlie.pk, "status": "present"}],
                    [{"user": named.bob.pk, "status": "present"}, {"user": named.bob.pk, "status": "absent"}]):
        answer = api("alice").post(url(named, held.pk, "attendance"), {"attendance": entries})
        assert answer.status_code == 400 and answer.json()["errors"]["attendance"]
    assert api("alice").post(url(named, held.pk, "attendance"), {"attendance": [
        {"user": named.bob.pk, "status": "asleep"}]}).status_code == 400
    assert list(Attendance.objects.values_list("user__username", "status")) == [("bob", "present")]
    assert api("victor").post(url(named, held.pk, "attendance"), {"attendance": []}).status_code == 403
    assert api("charlie").post(url(named, held.pk, "attendance"), {"attendance": []}).status_code == 404


def test_the_pages_flag_a_meeting_held_without_a_party(held, named, web):
    Attendance.objects.create(meeting=held, user=named.bob, party=named.access(named.bob).party, status="present")
    page = web("alice").get(reverse("governance:meeting", args=[named.partnership.slug, held.pk])).content.decode()
    assert 'data-quorum="missing"' in page and "Held without a member of Northwind Health" in page
    home = web("bob").get(reverse("governance:home", args=[named.partnership.slug])).content.decode()
    assert "held without Northwind Health" in home


def test_attendance_form_on_the_page(held, named, web):
    client = web("alice")
    answer = client.post(reverse("governance:meeting_add", args=[named.partnership.slug, held.pk, "attendance"]),
                         {f"attendance-person_{named.alice.pk}": "present",
                          f"attendance-person_{named.bob.pk}": "present"})
    assert answer.status_code == 302
    assert Attendance.objects.filter(meeting=held, status="present").count() == 2


def test_preparation_notes_are_private_to_the_party(held, named, api, web):
    mine = api("bob").post(url(named, held.pk, "preparation-notes"), {"text": "Concede the rota, not the price"})
    assert mine.status_code == 201 and mine.json()["visibility"] == "private"
    shared = api("bob").post(url(named, held.pk, "preparation-notes"), {"text": "Agenda wish: rota",
                                                                         "visibility": "shared"})
    assert shared.status_code == 201
    assert {n["text"] for n in api("bob").get(url(named, held.pk)).json()["preparation_notes"]} == {
        "Concede the rota, not the price", "Agenda wish: rota"}
    assert [n["text"] for n in api("alice").get(url(named, held.pk)).json()["preparation_notes"]] == [
        "Agenda wish: rota"]
    page = web("alice").get(reverse("governance:meeting", args=[named.partnership.slug, held.pk])).content.decode()
    assert "Concede the rota" not in page and "Agenda wish: rota" in page
    note = PreparationNote.objects.get(pk=mine.json()["id"])
    edit = reverse("governance:preparation_note_edit", args=[named.partnership.slug, note.pk])
    assert web("alice").get(edit).status_code == 404
    assert web("alice").post(reverse("governance:preparation_note_delete",
                                     args=[named.partnership.slug, note.pk])).status_code == 404
    assert web("bob").post(edit, {"text": "Concede the rota only", "visibility": "private",
                                  "revision": note.revision}).status_code == 302
    note.refresh_from_db()
    assert note.text == "Concede the rota only"
    added = web("maya").post(reverse("governance:meeting_add", args=[named.partnership.slug, held.pk, "preparation"]),
                             {"preparation-text": "Bring the rota numbers", "preparation-visibility": "private"})
    assert added.status_code == 302
    assert PreparationNote.objects.get(text="Bring the rota numbers").owner_party == named.access(named.bob).party


def _busy(held, named):
    """Attendance, minutes, decisions, actions and notes on the meeting, so that N+1 would show."""
    from accord.governance import actions, attendance, proceedings

    alice, bob = named.access(named.alice), named.access(named.bob)
    attendance.attendance_record(access=alice, meeting=held, entries=[
        {"user": named.alice.pk, "status": "present"}, {"user": named.bob.pk, "status": "present"}])
    for number in range(4):
        proceedings.minute_add(access=alice, meeting=held, text=f"Minutes {number}")
        proceedings.decision_add(access=alice, meeting=held, text=f"Decision {number}")
        actions.action_create(access=alice, meeting=held, title=f"Action {number}", owner=named.bob.pk,
                              owner_party=bob.party.pk, due_date=datetime.date(2030, 1, 1))
        notes.note_create(access=bob, kind=attendance.PREPARATION_NOTES, meeting=held, text=f"Note {number}")


def test_meeting_detail_query_counts_are_pinned(held, named, api, web, django_assert_max_num_queries):
    """The same count whatever the meeting holds (four of everything here; one of each would read the same)."""
    _busy(held, named)
    client = web("bob")
    page = reverse("governance:meeting", args=[named.partnership.slug, held.pk])
    client.get(page)
    with django_assert_max_num_queries(24):
        assert client.get(page).status_code == 200
    bob = api("bob")
    bob.get(url(named, held.pk))
    with django_assert_max_num_queries(17):
        assert bob.get(url(named, held.pk)).status_code == 200
    assert Meeting.objects.filter(pk=held.pk).exists()
