"""Every partnership page, as demo users, on a phone (390 px) and a laptop (1366 px): the page never
scrolls sideways (wide tables scroll inside their card), and a screenshot of each is kept for a look."""

import os
import re
import tempfile
from collections import deque
from pathlib import Path

import pytest

from accord.core.demo import DEMO_PASSWORD, build_demo
from accord.partnerships.models import Partnership

WIDTHS = {"phone": (390, 844), "laptop": (1366, 900)}
# Downloads and endpoints that answer files or act, not pages to look at.
SKIP = re.compile(r"\.(pdf|png|csv|xlsx|pptx|ics)(\?|$)|/export|/logout|/delete/|/remove/|/respond/|/sign/|/propose/|/withdraw/")
PAGE_LIMIT = 80
# The client and the provider of one partnership, and a user with two other partnerships.
USERS = ["alice", "bob", "ken"]


def _sign_in(browser, live_server, username):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/partnerships/")
    return context, page


def _pages_of(page, start_paths: list[str], partnership_prefixes: tuple[str, ...]) -> list[str]:
    """The partnership's pages, found by following its own links from the overview (breadth first).

    Pages that differ only by a record's number (indicator 1, 2, … edit) share a template: one of each."""
    seen, queue, found = set(start_paths), deque(start_paths), []
    shapes = set()
    while queue and len(found) < PAGE_LIMIT:
        path = queue.popleft()
        response = page.goto(path)
        if response is None or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        found.append(path)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            href = href.split("#")[0]
            if href and href.startswith(partnership_prefixes) and not SKIP.search(href) and href not in seen:
                seen.add(href)
                shape = re.sub(r"\d+", "N", href)
                if shape not in shapes:
                    shapes.add(shape)
                    queue.append(href)
    return found


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def _widest(page) -> str:
    """The element that sticks out furthest, to name in the failure."""
    return page.evaluate("""() => {
        let worst = null, right = window.innerWidth;
        for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.right > right + 1) { right = r.right; worst = el; }
        }
        return worst ? `${worst.tagName.toLowerCase()}.${worst.className} (${Math.round(right)} px)` : '';
    }""")


@pytest.mark.django_db(transaction=True)
def test_no_page_scrolls_sideways_on_a_phone_or_a_laptop(browser, live_server):
    build_demo()
    folder = Path(os.environ.get("ACCORD_SCREENSHOTS") or tempfile.mkdtemp(prefix="accord-sweep-"))
    folder.mkdir(parents=True, exist_ok=True)
    problems, visited, covered = [], 0, set()
    for username in USERS:
        context, page = _sign_in(browser, live_server, username)
        slugs = sorted(Partnership.objects.filter(
            parties__organization__memberships__user__username=username, parties__status="accepted",
        ).values_list("slug", flat=True).distinct())
        prefixes = tuple(f"/partnerships/{slug}/" for slug in slugs)
        covered.update(slugs)
        paths = ["/partnerships/", "/portfolio/", "/accounts/organization/", "/accounts/profile/", "/calendar/settings/"]
        paths += _pages_of(page, [prefix for prefix in prefixes], prefixes)
        for name, (width, height) in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            for path in paths:
                response = page.goto(path)
                assert response is not None and response.status == 200, f"{username} {path}: {response and response.status}"
                visited += 1
                shot = folder / f"{username}-{name}-{re.sub(r'[^a-z0-9]+', '-', path.lower()).strip('-')}.png"
                page.screenshot(path=str(shot), full_page=True)
                overflow = _overflow(page)
                if overflow > 0:
                    problems.append(f"{username} {name} {path}: {overflow} px too wide — {_widest(page)}")
        context.close()
    print(f"\n{visited} page views; screenshots in {folder}")
    assert visited > 60 and len(covered) >= 3, (visited, covered)
    assert not problems, "\n".join(problems)
