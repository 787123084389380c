import pytest
from playwright.sync_api import expect

from accord.core.testing import build_world
from accord.partnerships.services import party_member_add

from .conftest import confirm


@pytest.mark.django_db(transaction=True)
def test_draft_propose_and_both_sign(page_for):
    world = build_world()
    for user in (world.alice, world.bob):
        party_member_add(access=world.access(user), user_id=user.pk, role="signatory")
    client_party, provider_party = world.access(world.alice).party, world.access(world.bob).party

    alice = page_for("alice")
    alice.get_by_role("link", name=world.partnership.name).click()
    alice.get_by_role("link", name="Agreement").click()
    alice.get_by_role("button", name="Start the agreement").click()
    expect(alice.get_by_text("Version 1 started as a draft.")).to_be_visible()

    alice.get_by_role("link", name="Roles and responsibilities").click()
    alice.locator("#id_areas-0-name").fill("Environmental services")
    alice.locator("#id_areas-0-decision_authority").fill("Meridian's site manager")
    alice.locator(f"#id_areas-0-role_{client_party.pk}").select_option("C")
    alice.locator(f"#id_areas-0-role_{provider_party.pk}").select_option("A")
    alice.get_by_role("button", name="Save roles and responsibilities").click()
    expect(alice.get_by_text("Roles and responsibilities saved.")).to_be_visible()

    alice.get_by_role("link", name="Commercial terms").click()
    alice.get_by_label("Start date").fill("2026-01-01")
    alice.get_by_label("End date").fill("2028-12-31")
    alice.get_by_label("Notice period (days)").fill("60")
    alice.get_by_label("Northwind Health revenue share (%)").fill("60")
    alice.get_by_label("Meridian Facility Services revenue share (%)").fill("40")
    alice.get_by_role("button", name="Save terms").click()
    expect(alice.get_by_text("Commercial terms saved.")).to_be_visible()
    expect(alice.locator("body")).to_contain_text("Environmental services")

    alice.get_by_role("button", name="Propose version 1").click()
    confirm(alice, "Propose")
    expect(alice.get_by_text("Version 1 proposed.")).to_be_visible()
    alice.get_by_role("button", name="Sign for Northwind Health").click()
    confirm(alice, "Sign")
    expect(alice.get_by_text("Waiting for the other signatures")).to_be_visible()

    bob = page_for("bob")
    bob.goto(f"/partnerships/{world.partnership.slug}/agreement/")
    bob.get_by_role("button", name="Sign for Meridian Facility Services").click()
    confirm(bob, "Sign")
    expect(bob.get_by_text("version 1 is now in force")).to_be_visible()

    alice.goto(f"/partnerships/{world.partnership.slug}/agreement/")
    expect(alice.locator(".subtitle")).to_contain_text("In force")
    expect(alice.locator("body")).to_contain_text("1 Nov 2028")  # notice deadline: 31 Dec 2028 − 60 days
