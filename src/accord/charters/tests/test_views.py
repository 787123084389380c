import io

from pypdf import PdfReader

from accord.charters import services
from accord.charters.models import CharterVersion

from .conftest import VALID


def url(world, suffix=""):
    return f"/partnerships/{world.partnership.slug}/charter/{suffix}"


PAGES = ["", "versions/", "versions/new/", "versions/1/", "versions/1/edit/", "compare/?a=1&b=1",
         "pocket-card.pdf", "pocket-card.png"]


def test_outsider_gets_404_on_every_page(world, web, in_force):
    charlie = web("charlie")
    for suffix in PAGES:
        assert charlie.get(url(world, suffix)).status_code == 404, suffix
    for suffix in ("versions/1/propose/", "versions/1/sign/", "versions/1/withdraw/", "review-cadence/"):
        assert charlie.post(url(world, suffix)).status_code == 404, suffix


def test_anonymous_is_sent_to_sign_in(world, client):
    response = client.get(url(world))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_viewer_reads_but_cannot_write(world, web, proposed):
    victor = web("victor")
    page = victor.get(url(world, "versions/1/"))
    assert page.status_code == 200 and b"Sign for" not in page.content and b"Back to draft" not in page.content
    assert victor.get(url(world, "versions/new/")).status_code == 403
    assert victor.post(url(world, "versions/1/sign/")).status_code == 403
    assert victor.post(url(world, "versions/1/withdraw/")).status_code == 403
    assert CharterVersion.objects.get().status == "proposed"


def test_charter_page_shows_version_in_force_signatures_and_review(world, web, in_force, django_assert_max_num_queries):
    client = web("bob")
    with django_assert_max_num_queries(16):
        page = client.get(url(world))
    content = page.content.decode()
    assert page.status_code == 200
    assert VALID["purpose"] in content and "In force" in content
    assert "Northwind Health" in content and "Meridian Facility Services" in content
    assert "Purpose and values" in content and "pocket-card.pdf" in content


def test_version_list_query_count_is_bounded(world, web, in_force, django_assert_max_num_queries):
    access = world.access(world.alice)
    for _ in range(6):
        services.charter_version_create(access=access, from_version=1)
    client = web("alice")
    with django_assert_max_num_queries(10):
        page = client.get(url(world, "versions/"))
    assert page.status_code == 200 and page.content.decode().count("Version ") >= 7


def test_sign_flow_through_pages(world, web, proposed):
    alice, bob = web("alice"), web("bob")
    page = alice.get(url(world, "versions/1/")).content.decode()
    assert "Sign for Northwind Health" in page
    assert alice.post(url(world, "versions/1/sign/")).status_code == 302
    assert CharterVersion.objects.get().status == "proposed"
    assert "Sign for Northwind Health" not in alice.get(url(world, "versions/1/")).content.decode()
    # maya is no signatory: the page offers her no button and the server refuses her.
    assert "Sign for" not in web("maya").get(url(world, "versions/1/")).content.decode()
    assert web("maya").post(url(world, "versions/1/sign/")).status_code == 403
    bob.post(url(world, "versions/1/sign/"))
    assert CharterVersion.objects.get().status == "in_force"


def test_new_draft_from_template_then_edit_with_values_lines(world, web, signatories):
    alice = web("alice")
    response = alice.post(url(world, "versions/new/"), {"source": "template", "template": "outsourced-services"})
    assert response.status_code == 302 and response["Location"].endswith("/versions/1/edit/")
    form = alice.get(url(world, "versions/1/edit/")).content.decode()
    assert "Why are you in business" in form  # the guidance from the seeds
    data = {"purpose": "Why", "mission": "What", "vision": "", "tagline": "T", "revision": 1,
            "values": "Trust — Keep our word\n— nameless\n"}
    response = alice.post(url(world, "versions/1/edit/"), data)
    assert response.status_code == 200 and "Line 2:" in response.content.decode()
    assert CharterVersion.objects.get().purpose != "Why"
    data["values"] = "Trust — Keep our word\nKaizen - Improve every day"
    assert alice.post(url(world, "versions/1/edit/"), data).status_code == 302
    version = CharterVersion.objects.get()
    assert version.values == [{"name": "Trust", "description": "Keep our word"},
                              {"name": "Kaizen", "description": "Improve every day"}]


def test_new_draft_needs_its_source_chosen(world, web):
    response = web("alice").post(url(world, "versions/new/"), {"source": "template", "template": ""})
    assert response.status_code == 200 and "Choose what to start from." in response.content.decode()
    assert not CharterVersion.objects.exists()


def test_in_force_version_edit_redirects_with_message(world, web, in_force):
    response = web("alice").get(url(world, "versions/1/edit/"), follow=True)
    assert "cannot be edited" in response.content.decode()


def test_propose_incomplete_shows_errors_and_changes_nothing(world, web):
    services.charter_version_create(access=world.access(world.alice), purpose="Only the why")
    response = web("alice").post(url(world, "versions/1/propose/"), follow=True)
    assert "Write the mission before proposing" in response.content.decode()
    assert CharterVersion.objects.get().status == "draft"


def test_compare_page(world, web, in_force):
    services.charter_version_create(access=world.access(world.alice), from_version=1, tagline="Better together",
                                    values=[{"name": "Trust", "description": "New"}])
    content = web("bob").get(url(world, "compare/?a=1&b=2")).content.decode()
    assert "Better together" in content and "Patients first" in content and "removed" in content


def test_pocket_card_pages(world, web, in_force):
    response = web("alice").get(url(world, "pocket-card.pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 1
    assert web("alice").get(url(world, "pocket-card.png"))["Content-Type"] == "image/png"


def test_overview_page_flags_an_overdue_review(world, web, in_force):
    overview = f"/partnerships/{world.partnership.slug}/"
    assert "Charter review overdue" not in web("alice").get(overview).content.decode()
    CharterVersion.objects.filter(pk=in_force.pk).update(in_force_at=in_force.in_force_at.replace(year=2020))
    content = web("bob").get(overview).content.decode()
    assert "Charter review overdue" in content


def test_review_cadence_form(world, web, in_force):
    alice = web("alice")
    alice.post(url(world, "review-cadence/"), {"purpose_values_review_months": 18, "mission_vision_review_months": 4})
    assert "every 18 months" in alice.get(url(world)).content.decode()
    response = alice.post(url(world, "review-cadence/"), {"purpose_values_review_months": 0,
                                                          "mission_vision_review_months": 4}, follow=True)
    assert "every 18 months" in response.content.decode()
