import pytest
from playwright.sync_api import expect

from accord.core.testing import build_world
from accord.partnerships.services import party_member_add

from .conftest import confirm

PURPOSE = "We partner so that every patient finds a clean, safe and welcoming hospital."


@pytest.mark.django_db(transaction=True)
def test_both_signatories_bring_the_charter_into_force(page_for):
    world = build_world()
    # Each party names its signatory first (the people page does the same through this service).
    party_member_add(access=world.access(world.alice), user_id=world.alice.pk, role="signatory")
    party_member_add(access=world.access(world.bob), user_id=world.bob.pk, role="signatory")

    alice = page_for("alice")
    alice.get_by_role("link", name=world.partnership.name).click()
    alice.get_by_role("navigation", name="Partnership sections").get_by_role("link", name="Charter").click()
    expect(alice.get_by_role("heading", name="No charter in force yet")).to_be_visible()
    alice.get_by_role("link", name="Start a draft").click()
    alice.get_by_label("An empty draft").check()
    alice.get_by_role("button", name="Create draft").click()
    expect(alice.get_by_role("heading", name="Edit draft version 1")).to_be_visible()
    alice.get_by_label("Tagline").fill("One team at every bedside.")
    alice.get_by_label("Purpose", exact=True).fill(PURPOSE)
    alice.get_by_label("Mission", exact=True).fill("Together we run environmental services to agreed standards.")
    # The pocket card is judged live as the person types: a mission far too long for the card is refused...
    alice.get_by_label("Mission", exact=True).fill("Together we run environmental services to agreed standards. " * 12)
    expect(alice.locator("#card-fit")).to_contain_text("Mission: about")
    # ...until the parties write the card's shorter version.
    alice.get_by_label("Mission on the card").fill("Run environmental services to agreed standards, together.")
    expect(alice.locator("#card-fit")).to_contain_text("Fits on the pocket card.")
    alice.get_by_label("Mission", exact=True).fill("Together we run environmental services to agreed standards.")
    alice.get_by_label("Values (guiding principles)").fill(
        "Patients first — Every decision starts with the patient\nTransparency — One set of numbers")
    alice.get_by_role("button", name="Save draft").click()
    expect(alice.get_by_text("Draft version 1 saved.")).to_be_visible()
    alice.get_by_role("button", name="Propose for signature").click()
    confirm(alice, "Propose for signature")
    expect(alice.get_by_role("status")).to_contain_text("Version 1 proposed")
    # Cancelling the signature's confirmation signs nothing.
    alice.get_by_role("button", name="Sign for Northwind Health").click()
    alice.get_by_role("dialog").get_by_role("button", name="Cancel").click()
    expect(alice.get_by_role("dialog")).to_be_hidden()
    expect(alice.locator("main")).not_to_contain_text("You signed version 1.")
    alice.get_by_role("button", name="Sign for Northwind Health").click()
    confirm(alice, "Sign")
    expect(alice.get_by_text("You signed version 1.")).to_be_visible()
    expect(alice.locator("h1 .badge")).to_have_text("Proposed")

    bob = page_for("bob")
    bob.goto(f"/partnerships/{world.partnership.slug}/charter/")
    bob.get_by_role("link", name="Read and sign version 1").click()
    bob.get_by_role("button", name="Sign for Meridian Facility Services").click()
    confirm(bob, "Sign")
    expect(bob.get_by_text("version 1 is now in force")).to_be_visible()
    bob.get_by_role("navigation", name="Partnership sections").get_by_role("link", name="Charter").click()
    expect(bob.get_by_role("heading", name="Version 1 In force")).to_be_visible()
    expect(bob.locator("main")).to_contain_text(PURPOSE)

    href = bob.get_by_role("link", name="Pocket card (PDF)").get_attribute("href")
    response = bob.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body()[:5] == b"%PDF-"


@pytest.mark.django_db(transaction=True)
def test_back_to_draft_needs_a_reason_that_the_other_party_reads(page_for):
    from accord.charters import services

    world = build_world()
    party_member_add(access=world.access(world.alice), user_id=world.alice.pk, role="signatory")
    version = services.charter_version_create(
        access=world.access(world.alice), purpose=PURPOSE, mission="Run it well.",
        values=[{"name": "Trust", "description": "We keep our word."}])
    services.charter_version_propose(access=world.access(world.alice), version=version)
    services.charter_version_sign(access=world.access(world.alice), version=version)

    bob = page_for("bob")
    bob.goto(f"/partnerships/{world.partnership.slug}/charter/versions/1/")
    bob.get_by_text("Back to draft…").click()
    bob.get_by_label("Why?").fill("The mission leaves out patient transport.")
    bob.get_by_role("button", name="Back to draft", exact=True).click()
    confirm(bob, "Back to draft")
    expect(bob.get_by_role("status")).to_contain_text("back to draft")

    alice = page_for("alice")
    alice.goto(f"/partnerships/{world.partnership.slug}/charter/versions/1/")
    expect(alice.locator(".notice")).to_contain_text("The mission leaves out patient transport.")
