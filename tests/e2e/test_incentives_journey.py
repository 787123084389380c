"""Finance of each side opens the month's statement, runs a what-if, then approves it; and the financial
model's pages on a phone."""

import pytest
from playwright.sync_api import expect

from accord.core.testing import build_world
from accord.incentives import services
from accord.incentives.tests.conftest import seed_money, sign_model
from accord.metrics.scorecards.selectors import last_full_month

from .conftest import confirm


@pytest.fixture
def money(db):
    world = build_world()
    month = last_full_month()
    seed_money(world, month)
    sign_model(world, month)
    return world, month


@pytest.mark.django_db(transaction=True)
def test_each_sides_finance_runs_a_what_if_then_approves(money, page_for):
    world, month = money
    url = f"/partnerships/{world.partnership.slug}/incentives/statements/{month:%Y-%m}/"
    for username, organization, answer in (("alice", "Northwind Health", "Waiting for the other party"),
                                           ("bob", "Meridian Facility Services", "the statement is locked")):
        page = page_for(username)
        page.goto(f"/partnerships/{world.partnership.slug}/incentives/")
        page.get_by_role("link", name=month.strftime("%B %Y")).click()
        page.wait_for_url(f"**{url}")
        expect(page.locator("h2").first).to_contain_text(f"Statement of {month:%B %Y}")
        expect(page.locator("tfoot")).to_contain_text("115000.00")
        # The what-if: a safety breach this month, seen line by line; nothing is saved.
        page.get_by_label("What-if value of SAFE").fill("50")
        page.get_by_role("button", name="Recompute").click()
        result = page.locator("#simulation-result")
        expect(result).to_contain_text("SAFE is red → penalty 2,000")
        expect(result).to_contain_text("critical breach (a CPI in red) → no bonus")
        expect(page.locator("tfoot").first).to_contain_text("115000.00")
        page.get_by_role("button", name=f"Approve for {organization}").click()
        confirm(page, "Confirm")
        expect(page.get_by_text(answer)).to_be_visible()
    page.reload()
    expect(page.locator("body")).to_contain_text("Status: Approved")
    expect(page.locator("body")).to_contain_text("Northwind Health: alice")
    expect(page.locator("body")).to_contain_text("Meridian Facility Services: bob")
    expect(page.get_by_role("button", name="Approve for Meridian Facility Services")).to_have_count(0)


@pytest.mark.django_db(transaction=True)
def test_the_model_form_and_the_statement_fit_a_phone(money, page_for):
    world, month = money
    services.model_draft_create(access=world.access(world.alice))
    page = page_for("alice")
    page.set_viewport_size({"width": 390, "height": 844})
    base = f"/partnerships/{world.partnership.slug}/incentives/"
    for path in ("", "model/2/edit/", "model/2/", "model/1/", f"statements/{month:%Y-%m}/"):
        page.goto(base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path}: the page is {width} px wide"
    page.goto(base + "model/2/edit/")
    page.get_by_label("Bonus stretch score").fill("90")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("The stretch score must be above the floor")).to_be_visible()
