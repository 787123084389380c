import io

import pytest
from PIL import Image
from pypdf import PdfReader

from accord.charters import services
from accord.charters.models import CharterSignature, CharterVersion
from accord.charters.pocket_card import PNG_DPI, card_pixel_size

from .conftest import VALID


def base(world, pid=None):
    return f"/api/v1/partnerships/{pid or world.partnership.pk}/charter"


ENDPOINTS = [
    ("get", ""), ("get", "/versions"), ("post", "/versions"), ("get", "/versions/1"), ("patch", "/versions/1"),
    ("post", "/versions/1/propose"), ("post", "/versions/1/sign"), ("post", "/versions/1/withdraw"),
    ("get", "/versions/1/diff?against=1"), ("get", "/pocket-card.pdf"), ("get", "/pocket-card.png"),
    ("put", "/review-cadence"),
]


def _call(client, method, path, data=None):
    if method == "get":
        return client.get(path)
    if method == "put":
        return client.client.put(path, data or {}, content_type="application/json", headers=client._headers())
    return getattr(client, method)(path, data or {})


CADENCE = {"purpose_values_review_months": 6, "mission_vision_review_months": 3}


def test_outsider_gets_404_identical_to_missing_on_every_endpoint(world, api, in_force):
    charlie = api("charlie")
    for method, suffix in ENDPOINTS:
        not_theirs = _call(charlie, method, base(world) + suffix, CADENCE)
        missing = _call(charlie, method, base(world, 999999) + suffix, CADENCE)
        assert not_theirs.status_code == missing.status_code == 404, suffix
        assert not_theirs.json() == missing.json()


def test_no_token_is_401(world, client):
    assert client.get(base(world)).status_code == 401


def test_viewer_reads_but_cannot_write(world, api, proposed):
    victor = api("victor")
    assert victor.get(base(world) + "/versions/1").status_code == 200
    before = list(CharterVersion.objects.values_list("status", "revision"))
    for method, suffix in ENDPOINTS:
        if method != "get":
            assert _call(victor, method, base(world) + suffix, CADENCE).status_code == 403, suffix
    assert list(CharterVersion.objects.values_list("status", "revision")) == before


def test_charter_404_when_nothing_in_force_has_the_standard_body(world, api, proposed):
    response = api("alice").get(base(world))
    assert response.status_code == 404
    assert response.json() == api("charlie").get(base(world, 999999)).json()


def test_full_journey_over_the_api(world, api, signatories):
    alice, bob = api("alice"), api("bob")
    response = alice.post(base(world) + "/versions", {"template": "technology-alliance", "tagline": "1 + 1 = 3"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] == 1 and body["status"] == "draft" and body["tagline"] == "1 + 1 = 3"
    response = bob.patch(base(world) + "/versions/1", {"values": [{"name": "Trust", "description": "Keep our word."}]})
    assert response.status_code == 200 and response.json()["values"] == [{"name": "Trust",
                                                                          "description": "Keep our word."}]
    assert alice.post(base(world) + "/versions/1/propose").json()["status"] == "proposed"
    signed = alice.post(base(world) + "/versions/1/sign").json()
    assert signed["status"] == "proposed"
    assert signed["signatures"][0]["party"]["name"] == "Northwind Health"
    assert signed["signatures"][0]["user"] == "alice"
    assert bob.post(base(world) + "/versions/1/sign", {}).json()["status"] == "in_force"
    charter = bob.get(base(world)).json()
    assert charter["status"] == "in_force" and charter["number"] == 1
    assert {"purpose_values_due", "mission_vision_due", "overdue"} <= set(charter["review"])
    assert charter["review"]["overdue"] is False
    assert len(charter["signatures"]) == 2
    # A new draft from the version in force, then the diff.
    response = alice.post(base(world) + "/versions", {"from_version": 1, "tagline": "Better together"})
    assert response.json()["number"] == 2
    diff = alice.get(base(world) + "/versions/2/diff", {"against": 1}).json()
    assert diff["from"] == 1 and diff["to"] == 2
    assert diff["changes"] == [{"field": "tagline", "before": "1 + 1 = 3", "after": "Better together"}]
    listing = alice.get(base(world) + "/versions").json()
    assert [v["number"] for v in listing["items"]] == [2, 1] and listing["count"] == 2


def test_patch_of_in_force_version_is_400_naming_status(world, api, in_force):
    response = api("alice").patch(base(world) + "/versions/1", {"purpose": "Rewritten"})
    assert response.status_code == 400
    assert "status" in response.json()["errors"]
    in_force.refresh_from_db()
    assert in_force.purpose == VALID["purpose"]


def test_sign_for_the_other_party_is_403(world, api, proposed):
    bob_party = world.access(world.bob).party
    response = api("alice").post(base(world) + "/versions/1/sign", {"party": bob_party.pk})
    assert response.status_code == 403
    assert not CharterSignature.objects.exists()


def test_non_signatory_gets_403_and_double_signing_400(world, api, proposed):
    assert api("maya").post(base(world) + "/versions/1/sign").status_code == 403
    assert api("alice").post(base(world) + "/versions/1/sign").status_code == 200
    response = api("alice").post(base(world) + "/versions/1/sign")
    assert response.status_code == 400 and "signature" in response.json()["errors"]
    assert CharterSignature.objects.count() == 1


@pytest.mark.parametrize("payload,field", [
    ({"template": "no-such-template"}, "template"),
    ({"from_version": 42}, "from_version"),
    ({"copy_from": 999999}, "copy_from"),
    ({"values": [{"name": "", "description": "x"}]}, "values"),
    ({"values": "Trust"}, "values"),
    ({"vision_horizon": "someday"}, "vision_horizon"),
    ({"tagline": "x" * 200}, "tagline"),
])
def test_bad_input_names_the_field_and_creates_nothing(world, api, payload, field):
    response = api("alice").post(base(world) + "/versions", payload)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not CharterVersion.objects.exists()


def test_propose_incomplete_draft_names_missing_fields(world, api):
    api("alice").post(base(world) + "/versions", {"purpose": "Why"})
    response = api("alice").post(base(world) + "/versions/1/propose")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"mission", "values"}
    assert CharterVersion.objects.get().status == "draft"


def test_review_cadence(world, api, in_force):
    response = _call(api("alice"), "put", base(world) + "/review-cadence",
                     {"purpose_values_review_months": 24, "mission_vision_review_months": 3})
    assert response.status_code == 200 and response.json()["mission_vision_months"] == 3
    response = _call(api("alice"), "put", base(world) + "/review-cadence",
                     {"purpose_values_review_months": 0, "mission_vision_review_months": 3})
    assert response.status_code == 400 and "purpose_values_review_months" in response.json()["errors"]


def _pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_pocket_card_pdf_is_one_page_with_purpose_and_values(world, api, in_force):
    response = api("bob").get(base(world) + "/pocket-card.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = _pdf_text(response.content)
    assert VALID["purpose"] in text
    for value in VALID["values"]:
        assert value["name"] in text
    assert "DRAFT" not in text


def test_pocket_card_png_is_the_card_size_at_300_dpi(world, api, in_force):
    response = api("alice").get(base(world) + "/pocket-card.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.size == card_pixel_size(PNG_DPI) == (round(171.2 / 25.4 * 300), round(54 / 25.4 * 300))


def test_pocket_card_of_a_draft_is_marked_draft(world, api, in_force):
    services.charter_version_create(access=world.access(world.alice), from_version=1)
    response = api("alice").get(base(world) + "/pocket-card.pdf", {"version": 2})
    assert response.status_code == 200
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 1
    assert "DRAFT" in _pdf_text(response.content)
    assert api("alice").get(base(world) + "/pocket-card.pdf", {"version": 99}).status_code == 404


def test_pocket_card_of_a_charter_too_long_is_refused_naming_what_to_shorten(world, api, in_force):
    long_values = [{"name": f"Principle number {i}", "description": "A long description " * 10} for i in range(12)]
    services.charter_version_create(access=world.access(world.alice), purpose="Why " * 200, mission="What " * 200,
                                    values=long_values)
    for suffix in ("/pocket-card.pdf", "/pocket-card.png"):
        response = api("alice").get(base(world) + suffix, {"version": 2})
        assert response.status_code == 400
        errors = response.json()["errors"]
        assert "characters too long for the card — write a shorter card version" in errors["card_purpose"][0]
        assert errors["card_values"][0].startswith("Values: too many to fit on the card")
