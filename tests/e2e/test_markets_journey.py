"""Markets on a phone: the hospital partnership's markets, a market with its sites, the heat map and one
market's scorecard fit a 390 px screen (wide tables scroll inside their card), and the red market under a
green roll-up is flagged where a person looks."""

import pytest

from accord.core.demo import DEMO_PASSWORD, build_demo

from .test_responsive_sweep import _overflow, _widest


@pytest.mark.django_db(transaction=True)
def test_markets_pages_on_a_phone(browser, live_server):
    world = build_demo()
    slug = world.partnerships["northwind-meridian"].slug
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/partnerships/")
    page.goto(f"/partnerships/{slug}/")
    page.get_by_role("link", name="Markets", exact=True).click()
    page.wait_for_url(f"**/partnerships/{slug}/markets/")
    assert page.get_by_test_id("markets").get_by_text("Netherlands").is_visible()
    problems = []
    for path in (f"/partnerships/{slug}/markets/", f"/partnerships/{slug}/markets/heat-map/",
                 f"/partnerships/{slug}/scorecard/?market=NL"):
        page.goto(path)
        if _overflow(page) > 0:
            problems.append(f"{path}: {_widest(page)}")
    page.goto(f"/partnerships/{slug}/markets/")
    page.get_by_role("link", name="GB", exact=True).click()
    assert page.get_by_test_id("sites").get_by_text("Northwind Royal, London").is_visible()
    if _overflow(page) > 0:
        problems.append(f"market page: {_widest(page)}")
    page.goto(f"/partnerships/{slug}/markets/heat-map/")
    assert page.locator("td.flagged").first.is_visible()
    page.goto(f"/partnerships/{slug}/scorecard/?market=NL")
    assert page.get_by_test_id("market-scorecard").is_visible()
    assert not problems, problems
    context.close()
