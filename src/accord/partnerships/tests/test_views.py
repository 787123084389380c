import re

import pytest

from accord.partnerships import notes
from accord.partnerships.models import Partnership, PartyNote
from accord.partnerships.notes import PARTY_NOTES


def pages(world, note_id=None):
    slug = world.partnership.slug
    urls = [f"/partnerships/{slug}/", f"/partnerships/{slug}/notes/", f"/partnerships/{slug}/activity/",
            f"/partnerships/{slug}/edit/", f"/partnerships/{slug}/parties/invite/", f"/partnerships/{slug}/people/"]
    if note_id:
        urls.append(f"/partnerships/{slug}/notes/{note_id}/edit/")
    return urls


def test_anonymous_is_sent_to_sign_in(world, client):
    response = client.get(f"/partnerships/{world.partnership.slug}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_outsider_gets_404_on_every_page(world, web):
    note = notes.note_create(kind=PARTY_NOTES, access=world.access(world.alice), text="x", visibility="shared")
    charlie = web("charlie")
    for url in pages(world, note.pk):
        assert charlie.get(url).status_code == 404, url
    slug = world.partnership.slug
    for url in (f"/partnerships/{slug}/notes/new/", f"/partnerships/{slug}/notes/{note.pk}/delete/"):
        assert charlie.post(url, {"text": "mine", "visibility": "shared"}).status_code == 404
    assert PartyNote.objects.count() == 1


def test_missing_and_foreign_partnership_pages_look_the_same(world, web):
    charlie = web("charlie")
    theirs = charlie.get(f"/partnerships/{world.partnership.slug}/")
    missing = charlie.get("/partnerships/no-such-partnership/")
    assert theirs.status_code == missing.status_code == 404

    def without_csrf(body):
        return re.sub(rb'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', b"", body)

    assert without_csrf(theirs.content) == without_csrf(missing.content)


def test_list_shows_only_own_partnerships(world, web):
    assert world.partnership.name in web("bob").get("/partnerships/").content.decode()
    assert world.partnership.name not in web("charlie").get("/partnerships/").content.decode()


def test_viewer_reads_but_cannot_write(world, web):
    victor = web("victor")
    slug = world.partnership.slug
    page = victor.get(f"/partnerships/{slug}/").content.decode()
    assert "Add note" not in page and ">Edit<" not in page
    assert victor.post(f"/partnerships/{slug}/notes/new/", {"text": "x", "visibility": "shared"}).status_code == 403
    assert victor.get(f"/partnerships/{slug}/edit/").status_code == 403
    assert PartyNote.objects.count() == 0


def test_contributor_writes_notes_but_does_not_manage(world, web):
    maya = web("maya")
    slug = world.partnership.slug
    response = maya.post(f"/partnerships/{slug}/notes/new/", {"text": "From maya", "visibility": "shared"})
    assert response.status_code == 302
    assert maya.get(f"/partnerships/{slug}/edit/").status_code == 403
    assert maya.get(f"/partnerships/{slug}/parties/invite/").status_code == 403


def test_private_note_never_reaches_bob_in_any_page(world, web):
    notes.note_create(kind=PARTY_NOTES, access=world.access(world.alice), text="Walk-away: re-tender EVS")
    bob = web("bob")
    slug = world.partnership.slug
    for url in (f"/partnerships/{slug}/", f"/partnerships/{slug}/notes/", f"/partnerships/{slug}/notes/?q=re-tender",
                f"/partnerships/{slug}/activity/"):
        assert "Walk-away" not in bob.get(url).content.decode(), url
    assert "(0)" in bob.get(f"/partnerships/{slug}/notes/").content.decode()
    assert "Walk-away" in web("alice").get(f"/partnerships/{slug}/").content.decode()


def test_htmx_note_form_returns_the_panel_and_errors_in_place(world, web):
    alice = web("alice")
    slug = world.partnership.slug
    response = alice.post(f"/partnerships/{slug}/notes/new/", {"text": "Quick one", "visibility": "private"},
                          headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith("<section") and "Quick one" in body
    response = alice.post(f"/partnerships/{slug}/notes/new/", {"text": "", "visibility": "private"},
                          headers={"HX-Request": "true"})
    assert response.status_code == 422 and "This field is required" in response.content.decode()


def test_create_form_errors_beside_fields_and_nothing_created(world, web):
    alice = web("alice")
    before = Partnership.objects.count()
    response = alice.post("/partnerships/new/", {"name": "Bad dates", "role": "client", "engagement_type": "partnership",
                                                 "phase": "alignment", "status": "active",
                                                 "start_date": "2026-05-01", "end_date": "2026-01-01"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "The end date must be on or after the start date." in body
    assert Partnership.objects.count() == before


def test_create_then_invite_then_accept(world, web):
    alice = web("alice")
    response = alice.post("/partnerships/new/", {"name": "Linen services", "role": "client",
                                                 "engagement_type": "partnership", "phase": "alignment",
                                                 "status": "proposed"})
    assert response.status_code == 302
    p = Partnership.objects.get(name="Linen services")
    response = alice.post(f"/partnerships/{p.slug}/parties/invite/", {"organization_name": world.outsider_org.name,
                                                                         "role": "provider"})
    assert response.status_code == 302
    charlie = web("charlie")
    listing = charlie.get("/partnerships/").content.decode()
    assert "Invitations to your organization" in listing and "Linen services" in listing
    assert charlie.get(f"/partnerships/{p.slug}/").status_code == 404  # not before accepting
    party = p.parties.get(organization=world.outsider_org)
    assert charlie.post(f"/partnerships/invitations/{party.pk}/respond/", {"answer": "accept"}).status_code == 302
    assert charlie.get(f"/partnerships/{p.slug}/").status_code == 200


def test_invite_form_rejects_an_accepted_party(world, web):
    alice = web("alice")
    response = alice.post(f"/partnerships/{world.partnership.slug}/parties/invite/",
                          {"organization_name": world.provider_org.name, "role": "provider"})
    assert response.status_code == 200 and "already a party" in response.content.decode()


def test_edit_with_stale_revision_shows_conflict(world, web):
    alice = web("alice")
    slug = world.partnership.slug
    data = {"name": "Renamed", "engagement_type": "partnership", "phase": "alignment", "status": "proposed",
            "revision": 1, "description": ""}
    assert alice.post(f"/partnerships/{slug}/edit/", data).status_code == 302
    response = alice.post(f"/partnerships/{slug}/edit/", {**data, "name": "Again"})
    assert response.status_code == 200 and "changed by someone else" in response.content.decode()
    world.partnership.refresh_from_db()
    assert world.partnership.name == "Renamed"


def test_name_people_on_the_party(world, web):
    alice = web("alice")
    slug = world.partnership.slug
    response = alice.post(f"/partnerships/{slug}/people/", {"user": world.victor.pk, "role": "signatory"})
    assert response.status_code == 302
    assert "Victor" in web("bob").get(f"/partnerships/{slug}/").content.decode()
    response = alice.post(f"/partnerships/{slug}/people/", {"user": world.bob.pk, "role": "signatory"})
    assert response.status_code == 200  # bob is not in alice's organization: not a choice


@pytest.mark.parametrize("extra", [0, 8])
def test_list_page_query_count_is_flat(world, web, django_assert_max_num_queries, extra):
    from accord.partnerships.services import partnership_create

    for i in range(extra):
        partnership_create(acting_user=world.alice, name=f"Extra {i}", role="client")
    alice = web("alice")
    with django_assert_max_num_queries(10):
        assert alice.get("/partnerships/").status_code == 200


@pytest.mark.parametrize("count", [1, 10])
def test_detail_page_query_count_is_flat(world, web, django_assert_max_num_queries, count):
    for i in range(count):
        notes.note_create(kind=PARTY_NOTES, access=world.access(world.alice), text=f"note {i}", visibility="shared")
    bob = web("bob")
    # 11 for the page itself, +1 for the charter's review flag.
    with django_assert_max_num_queries(12):
        assert bob.get(f"/partnerships/{world.partnership.slug}/").status_code == 200
