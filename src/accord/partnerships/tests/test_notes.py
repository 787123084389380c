"""The notes mechanism, once for every kind of note (party notes, term notes): same rules, same tests."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accord.agreements.notes import TERM_NOTES
from accord.core.errors import Conflict
from accord.core.models import AuditEvent
from accord.core.updates import UNKNOWN_FIELD
from accord.partnerships import notes
from accord.partnerships.notes import PARTY_NOTES

# kind, extra fields to create one, its pages under /partnerships/<slug>/, its API under /api/v1/partnerships/<id>/
KINDS = [
    pytest.param(PARTY_NOTES, {}, "notes", "notes", id="party-notes"),
    pytest.param(TERM_NOTES, {"term": "exit"}, "agreement/notes", "agreement/notes", id="term-notes"),
]


def _note(world, kind, extra, who="alice", **fields):
    return notes.note_create(access=world.access(getattr(world, who)), kind=kind, text="SECRET walk-away",
                             **{**extra, **fields})


@pytest.mark.parametrize("kind, extra, pages, api_path", KINDS)
def test_a_private_note_reaches_its_party_only(world, web, api, kind, extra, pages, api_path):
    note = _note(world, kind, extra)
    assert note.visibility == "private"
    assert list(notes.note_list(access=world.access(world.bob), kind=kind)) == []
    assert notes.note_list(access=world.access(world.alice), kind=kind).get().editable
    slug, pid = world.partnership.slug, world.partnership.pk
    assert "SECRET" not in web("bob").get(f"/partnerships/{slug}/{pages}/").content.decode()
    assert "SECRET" in web("alice").get(f"/partnerships/{slug}/{pages}/").content.decode()
    assert api("bob").get(f"/api/v1/partnerships/{pid}/{api_path}").json() == {"items": [], "count": 0}
    assert api("bob").get(f"/api/v1/partnerships/{pid}/{api_path}/{note.pk}").status_code == 404
    assert "SECRET" not in api("bob").get(f"/api/v1/partnerships/{pid}/activity").content.decode()


@pytest.mark.parametrize("kind, extra, pages, api_path", KINDS)
@pytest.mark.parametrize("visibility", ["private", "shared"])
def test_the_other_party_cannot_edit_or_delete_a_note(world, web, api, kind, extra, pages, api_path, visibility):
    note = _note(world, kind, extra, visibility=visibility)
    slug, pid = world.partnership.slug, world.partnership.pk
    bob = web("bob")
    assert bob.get(f"/partnerships/{slug}/{pages}/{note.pk}/edit/").status_code == 404
    assert bob.post(f"/partnerships/{slug}/{pages}/{note.pk}/edit/", {"text": "mine", "visibility": "shared",
                                                                      **extra}).status_code == 404
    assert bob.post(f"/partnerships/{slug}/{pages}/{note.pk}/delete/").status_code == 404
    assert api("bob").patch(f"/api/v1/partnerships/{pid}/{api_path}/{note.pk}", {"text": "x"}).status_code == 404
    assert api("bob").delete(f"/api/v1/partnerships/{pid}/{api_path}/{note.pk}").status_code == 404
    with pytest.raises(PermissionDenied):
        notes.note_update(access=world.access(world.bob), note=note, text="mine")
    note.refresh_from_db()
    assert note.text == "SECRET walk-away"


@pytest.mark.parametrize("kind, extra, pages, api_path", KINDS)
def test_a_viewer_reads_but_may_not_write(world, web, api, kind, extra, pages, api_path):
    shared = _note(world, kind, extra, visibility="shared")
    with pytest.raises(PermissionDenied):
        _note(world, kind, extra, who="victor")
    slug, pid = world.partnership.slug, world.partnership.pk
    victor = web("victor")
    page = victor.get(f"/partnerships/{slug}/{pages}/")
    assert page.status_code == 200 and "SECRET" in page.content.decode() and ">Edit<" not in page.content.decode()
    assert victor.get(f"/partnerships/{slug}/{pages}/{shared.pk}/edit/").status_code == 403
    assert victor.post(f"/partnerships/{slug}/{pages}/{shared.pk}/delete/").status_code == 403
    assert api("victor").post(f"/api/v1/partnerships/{pid}/{api_path}", {"text": "x", **extra}).status_code == 403
    assert api("victor").patch(f"/api/v1/partnerships/{pid}/{api_path}/{shared.pk}", {"text": "x"}).status_code == 403


@pytest.mark.parametrize("kind, extra, pages, api_path", KINDS)
def test_the_author_edits_with_one_event_then_deletes(world, web, api, kind, extra, pages, api_path):
    note = _note(world, kind, extra)
    access = world.access(world.alice)
    with pytest.raises(ValidationError) as raised:
        notes.note_update(access=access, note=note, owner_party=None)
    assert raised.value.message_dict == {"owner_party": [UNKNOWN_FIELD]}
    with pytest.raises(Conflict):
        notes.note_update(access=access, note=note, revision=note.revision + 1, text="late")
    with pytest.raises(ValidationError):
        notes.note_update(access=access, note=note, text="   ")
    events = AuditEvent.objects.count()
    notes.note_update(access=access, note=note, revision=note.revision, visibility="shared", text="We share this")
    event = AuditEvent.objects.latest("id")
    assert AuditEvent.objects.count() == events + 1
    # It was private when written: its earlier text stays private in the shared trail.
    assert {c["field"]: c["before"] for c in event.changes} == {"text": "(private)", "visibility": "private"}
    pid = world.partnership.pk
    assert api("bob").get(f"/api/v1/partnerships/{pid}/{api_path}/{note.pk}").json()["text"] == "We share this"
    response = web("alice").post(f"/partnerships/{world.partnership.slug}/{pages}/{note.pk}/delete/")
    assert response.status_code == 302 and not kind.model.objects.filter(pk=note.pk).exists()
