import pytest
from playwright.sync_api import expect

from accord.core.testing import build_world


@pytest.mark.django_db(transaction=True)
def test_private_note_stays_with_its_party(page_for):
    world = build_world()
    alice = page_for("alice")
    alice.get_by_role("link", name=world.partnership.name).click()
    expect(alice.get_by_role("heading", name=world.partnership.name)).to_be_visible()
    alice.get_by_role("textbox", name="Note").fill("Walk-away position: re-tender environmental services.")
    alice.get_by_label("Private to my party").check()
    alice.get_by_role("button", name="Add note").click()
    # htmx swaps the notes panel in place.
    expect(alice.locator("#notes")).to_contain_text("Walk-away position")

    bob = page_for("bob")
    expect(bob.get_by_role("link", name=world.partnership.name)).to_be_visible()
    bob.get_by_role("link", name=world.partnership.name).click()
    expect(bob.get_by_role("heading", name="Parties and their people")).to_be_visible()
    expect(bob.locator("body")).not_to_contain_text("Walk-away position")
    bob.goto(f"/partnerships/{world.partnership.slug}/activity/")
    expect(bob.locator("body")).not_to_contain_text("Walk-away")
