"""The portfolio on a phone: the demo's partnerships from the stored rows, filtered, sorted, never wider than
the screen (its wide table and heat map scroll inside their cards)."""

import os
import tempfile
from pathlib import Path

import pytest

from accord.core.demo import build_demo

from .test_responsive_sweep import _overflow, _sign_in, _widest


@pytest.mark.django_db(transaction=True)
def test_portfolio_on_a_phone_filters_and_sorts_without_scrolling_sideways(browser, live_server):
    build_demo()
    folder = Path(os.environ.get("ACCORD_SCREENSHOTS") or tempfile.mkdtemp(prefix="accord-portfolio-"))
    context, page = _sign_in(browser, live_server, "ken")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/portfolio/")
    table = page.get_by_test_id("portfolio-table")
    names = table.locator("tbody tr td:first-child strong").all_inner_texts()
    assert len(names) >= 2
    assert _overflow(page) <= 0, _widest(page)
    page.screenshot(path=str(folder / "portfolio-390.png"), full_page=True)
    page.get_by_role("link", name="Score").click()  # sort by score, lowest first
    assert "sort=score" in page.url
    page.get_by_label("Status", exact=True).select_option("green")
    page.get_by_role("button", name="Filter").click()
    assert "status=green" in page.url and "sort=score" in page.url
    statuses = page.get_by_test_id("portfolio-table").locator("tbody .badge").all_inner_texts() \
        if page.get_by_test_id("portfolio-table").count() else []
    assert all(status == "Green" for status in statuses)
    assert _overflow(page) <= 0, _widest(page)
    context.close()
    print(f"\nscreenshot in {folder}")
