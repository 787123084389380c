"""One tab set on every partnership page; the Notes tab adds notes."""

import re

import pytest

TABS = ["Overview", "Charter", "Agreement", "Metrics", "Incentives", "Markets", "Governance", "Health",
        "Audits &amp; pricing", "Review pack", "Notes", "Activity", "People"]
SUBTABS = ["Scorecard", "Indicators", "Measurements", "Import", "Thresholds"]


def _tabs(html: str) -> list[str]:
    nav = re.search(r'<nav class="tabs" aria-label="Partnership sections">(.*?)</nav>', html, re.S)
    assert nav, "no partnership tab bar"
    return [re.sub(r"<[^>]+>", "", link).strip() for link in re.findall(r"<a [^>]*>.*?</a>", nav.group(1), re.S)]


@pytest.mark.parametrize("suffix", ["", "edit/", "people/", "parties/invite/", "notes/", "activity/", "charter/",
                                    "agreement/", "scorecard/", "indicators/", "measurements/",
                                    "measurements/import/", "scorecard/settings/", "incentives/", "governance/",
                                    "governance/actions/", "markets/", "markets/heat-map/", "audits/",
                                    "audits/templates/", "audits/trend/", "pricing/", "pricing/import/",
                                    "review-pack/", "calendar/", "health/", "health/surveys/", "health/phase/",
                                    "health/maturity/"])
def test_every_partnership_page_has_the_same_tabs(world, web, suffix):
    response = web("alice").get(f"/partnerships/{world.partnership.slug}/{suffix}")
    assert response.status_code == 200, suffix
    assert _tabs(response.content.decode()) == TABS


@pytest.mark.parametrize("suffix", ["scorecard/", "indicators/", "measurements/", "measurements/import/"])
def test_metrics_pages_have_the_metrics_sub_tabs(world, web, suffix):
    html = web("alice").get(f"/partnerships/{world.partnership.slug}/{suffix}").content.decode()
    nav = re.search(r'<nav class="subnav" aria-label="Metrics">(.*?)</nav>', html, re.S).group(1)
    assert [re.sub(r"<[^>]+>", "", a).strip() for a in re.findall(r"<a [^>]*>.*?</a>", nav, re.S)] == SUBTABS
    assert 'aria-current="page">Metrics</a>' in html


def test_the_notes_tab_adds_a_note_and_stays_on_the_tab(world, web):
    url = f"/partnerships/{world.partnership.slug}/notes/"
    html = web("alice").get(url).content.decode()
    assert "Add a note" in html and 'name="from" value="notes"' in html
    response = web("alice").post(f"/partnerships/{world.partnership.slug}/notes/new/",
                                 {"text": "Ask about the Q3 audit.", "visibility": "private", "from": "notes"})
    assert response.status_code == 302 and response["Location"] == url
    assert "Ask about the Q3 audit." in web("alice").get(url).content.decode()


def test_viewers_see_no_add_note_form(world, web):
    assert "Add a note" not in web("victor").get(f"/partnerships/{world.partnership.slug}/notes/").content.decode()


def test_remove_person_asks_for_confirmation(world, web):
    from accord.partnerships.services import party_member_add

    party_member_add(access=world.access(world.alice), user_id=world.alice.pk, role="signatory")
    html = web("alice").get(f"/partnerships/{world.partnership.slug}/people/").content.decode()
    assert 'data-confirm-title="Remove Alice?"' in html and "data-confirm-danger" in html
