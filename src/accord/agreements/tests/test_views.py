import pytest

from accord.agreements import services
from accord.agreements.models import AgreementVersion, TermNote
from accord.agreements.notes import TERM_NOTES
from accord.partnerships import notes

from .conftest import fill_draft, parties

# Session, user, access, parties, the version and each prefetched section, notes: the same for 2 rows or 20.
QUERY_BUDGET = 22


def page(world, suffix=""):
    return f"/partnerships/{world.partnership.slug}/agreement/{suffix}"


def test_overview_shows_in_force_agreement_with_flags(signed_world, in_force, web):
    html = web("bob").get(page(signed_world)).content.decode()
    assert "In force" in html and "Environmental services" in html
    assert "Overdue" in html and "1 overdue" in html
    assert "2 Oct 2028" in html  # notice deadline = 31 Dec 2028 − 90 days
    assert "Non-negotiable" in html and "60" in html


def test_empty_overview_offers_to_start(world, web):
    html = web("alice").get(page(world)).content.decode()
    assert "Start the agreement" in html
    assert "Start the agreement" not in web("victor").get(page(world)).content.decode()


def test_edit_pages_render_for_a_draft(signed_world, draft, web):
    client = web("alice")
    for suffix in ("versions/1/", "versions/1/terms/", "versions/1/responsibilities/", "versions/1/communications/",
                   "versions/1/deliverables/", "versions/1/milestones/", "versions/1/legal-items/",
                   "versions/1/shared-costs/", "versions/1/exit-clauses/", "versions/", "notes/", "document/"):
        assert client.get(page(signed_world, suffix)).status_code == 200, suffix


def test_terms_form_shows_the_field_error_and_changes_nothing(signed_world, draft, web):
    client, provider = parties(signed_world)
    response = web("alice").post(page(signed_world, "versions/1/terms/"), {
        "start_date": "2026-01-01", "end_date": "2026-03-01", "notice_period_days": "90", "renewal": "mutual_consent",
        "term_negotiability": "flexible", "revenue_sharing_negotiability": "flexible",
        "licence_fee_negotiability": "flexible", f"share_{client.pk}": "50", f"share_{provider.pk}": "40",
        "revision": draft.revision})
    html = response.content.decode()
    assert response.status_code == 200
    assert "must be shorter than the term" in html and "add up to exactly 100" in html
    draft.refresh_from_db()
    assert draft.notice_period_days == 90 and draft.end_date.year == 2028


def test_responsibilities_formset_saves_and_rejects(signed_world, draft, web):
    client, provider = parties(signed_world)
    data = {"areas-TOTAL_FORMS": "1", "areas-INITIAL_FORMS": "0", "areas-MIN_NUM_FORMS": "0",
            "areas-MAX_NUM_FORMS": "1000", "areas-0-name": "Customer support", "areas-0-negotiability": "flexible",
            f"areas-0-role_{client.pk}": "R", f"areas-0-role_{provider.pk}": "R"}
    response = web("alice").post(page(signed_world, "versions/1/responsibilities/"), data)
    assert response.status_code == 422 and "Row 1 (Customer support)" in response.content.decode()
    assert draft.areas.count() == 2
    data[f"areas-0-role_{provider.pk}"] = "A"
    response = web("alice").post(page(signed_world, "versions/1/responsibilities/"), data)
    assert response.status_code == 302
    assert list(draft.areas.values_list("name", flat=True)) == ["Customer support"]


def test_sign_buttons_and_in_force_not_editable(signed_world, draft, web):
    world = signed_world
    alice, bob = web("alice"), web("bob")
    assert alice.post(page(world, "versions/1/propose/")).status_code == 302
    assert "Sign for Meridian" in bob.get(page(world, "versions/1/")).content.decode()
    assert "named signatory" in web("maya").get(page(world, "versions/1/")).content.decode()
    alice.post(page(world, "versions/1/sign/"))
    bob.post(page(world, "versions/1/sign/"))
    assert AgreementVersion.objects.get().status == "in_force"
    response = alice.get(page(world, "versions/1/terms/"))
    assert response.status_code == 302  # back to the version: only drafts are edited


def test_private_term_notes_never_reach_bob_on_pages(world, web):
    notes.note_create(kind=TERM_NOTES, access=world.access(world.alice), term="exit", text="Walk-away: 45 days notice")
    response = web("alice").post(page(world, "notes/"), {"term": "revenue_sharing", "text": "Floor is 55%",
                                                         "visibility": "private"})
    assert response.status_code == 302 and TermNote.objects.count() == 2
    for suffix in ("", "notes/", "document/"):
        html = web("bob").get(page(world, suffix)).content.decode()
        assert "Walk-away" not in html and "Floor is 55%" not in html
    assert "(0)" in web("bob").get(page(world, "notes/")).content.decode()
    assert "Floor is 55%" in web("alice").get(page(world, "notes/")).content.decode()
    activity = web("bob").get(f"/partnerships/{world.partnership.slug}/activity/").content.decode()
    assert "Walk-away" not in activity and "Floor" not in activity


def test_charlie_gets_404_on_every_page(signed_world, in_force, web):
    world = signed_world
    charlie = web("charlie")
    for suffix in ("", "versions/", "versions/1/", "versions/1/terms/", "versions/1/responsibilities/",
                   "versions/1/communications/", "versions/1/deliverables/", "notes/", "document/", "document.pdf"):
        assert charlie.get(page(world, suffix)).status_code == 404, suffix
    for suffix in ("versions/new/", "versions/1/propose/", "versions/1/sign/", "notes/"):
        assert charlie.post(page(world, suffix)).status_code == 404, suffix


def test_viewer_gets_403_on_writes(signed_world, draft, web):
    victor = web("victor")
    assert victor.get(page(signed_world, "versions/1/")).status_code == 200
    for suffix in ("versions/new/", "versions/1/terms/", "versions/1/propose/", "versions/1/sign/", "notes/",
                   "versions/1/deliverables/"):
        assert victor.post(page(signed_world, suffix), {"text": "x", "term": "exit"}).status_code == 403, suffix
    assert TermNote.objects.count() == 0 and AgreementVersion.objects.count() == 1


def test_document_and_pdf(signed_world, in_force, web):
    html = web("bob").get(page(signed_world, "document/")).content.decode()
    assert "Charter" in html and "Agreement and standards" in html and "Signatures" in html
    response = web("bob").get(page(signed_world, "document.pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_document_carries_the_charter_in_force(signed_world, in_force, web):
    import io

    from pypdf import PdfReader

    from accord.charters import services as charter_services

    world = signed_world
    version = charter_services.charter_version_create(
        access=world.access(world.alice), purpose="Every patient finds a clean and welcoming hospital.",
        mission="Run environmental services together.", vision="Top decile by 2028.",
        values=[{"name": "Transparency", "description": "One set of numbers."}], tagline="One team.")
    charter_services.charter_version_propose(access=world.access(world.alice), version=version)
    charter_services.charter_version_sign(access=world.access(world.alice), version=version)
    charter_services.charter_version_sign(access=world.access(world.bob), version=version)
    html = web("bob").get(page(world, "document/")).content.decode()
    assert "Every patient finds a clean and welcoming hospital." in html and "Transparency" in html
    pdf = PdfReader(io.BytesIO(web("bob").get(page(world, "document.pdf")).content))
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert "clean and welcoming hospital" in text and "Transparency" in text


@pytest.mark.parametrize("extra_rows", [0, 8])
def test_agreement_page_query_count_does_not_grow(signed_world, in_force, web, django_assert_max_num_queries,
                                                  extra_rows):
    world = signed_world
    if extra_rows:
        version = services.agreement_draft_create(access=world.access(world.alice))
        fill_draft(world, version)
        _, provider = parties(world)
        for n in range(extra_rows):
            services.section_item_create(access=world.access(world.alice), version=version, section="deliverables",
                                         title=f"Report {n}", owner_party=provider.pk)
            services.section_item_create(access=world.access(world.alice), version=version, section="exit_clauses",
                                         trigger=f"Trigger {n}")
        services.agreement_propose(access=world.access(world.alice), version=version)
        services.agreement_sign(access=world.access(world.alice), version=version)
        services.agreement_sign(access=world.access(world.bob), version=version)
    client = web("bob")
    with django_assert_max_num_queries(QUERY_BUDGET):
        assert client.get(page(world)).status_code == 200
