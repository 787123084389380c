"""A survey round from invitation to results, in a real browser; the answer form on a phone."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accord.accounts.models import Role
from accord.core.testing import build_world, make_user

from .conftest import confirm

PHONE = {"width": 390, "height": 844}


def _answer_on_a_phone(page_for, username, level, survey_title):
    page = page_for(username)
    page.set_viewport_size(PHONE)
    page.goto("/")  # "waiting on you" lists the survey with its link
    page.get_by_role("link", name=f"Answer the survey “{survey_title}”").click()
    for question in ("Trust", "Transparency", "Collaboration", "Commitment to innovation",
                     "Vested in the other's win", "Adaptability"):
        page.get_by_role("group", name=question).get_by_label(f"{level} —", exact=False).check()
    page.get_by_label("What works well in this partnership?").fill(f"Note from {username}")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("Thank you: your answer is recorded.")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_a_round_from_invitation_to_results(page_for):
    world = build_world()
    for name, organization in (("carla", world.client_org), ("chris", world.client_org),
                               ("pia", world.provider_org)):
        make_user(name, organization, Role.CONTRIBUTOR)

    alice = page_for("alice")
    alice.get_by_role("link", name=world.partnership.name).click()
    alice.get_by_role("navigation", name="Partnership sections").get_by_role("link", name="Health").click()
    alice.get_by_role("navigation", name="Health").get_by_role("link", name="Surveys").click()
    alice.get_by_label("Template").select_option("six-characteristics")
    alice.get_by_label("Title").fill("Spring pulse")
    today = timezone.localdate()
    alice.get_by_label("Opens").fill(today.isoformat())
    alice.get_by_label("Closes").fill((today + datetime.timedelta(days=14)).isoformat())
    alice.get_by_role("button", name="Start the round").click()
    expect(alice.get_by_text("Round started")).to_be_visible()
    survey_url = alice.url

    # Reminders go out by e-mail to everyone who has not answered (the immediate task backend runs them).
    alice.get_by_role("button", name="E-mail a reminder to those who have not answered").click()
    expect(alice.get_by_text("Reminder sent to 7 people.")).to_be_visible()
    assert any("Spring pulse" in message.subject for message in mail.outbox)

    for username, level in (("alice", 5), ("carla", 4), ("chris", 4)):
        _answer_on_a_phone(page_for, username, level, "Spring pulse")
    _answer_on_a_phone(page_for, "bob", 2, "Spring pulse")

    alice.goto(survey_url)
    results = alice.get_by_role("region", name="Results")
    expect(results).to_contain_text("Northwind Health · 3 answers")
    expect(results).to_contain_text("4.33")
    expect(results).to_contain_text("Not enough responses")  # the provider: one answer
    expect(results).not_to_contain_text("Note from")  # free text only above the threshold

    alice.get_by_role("button", name="Close the round").click()
    confirm(alice, "Close the round")
    expect(alice.get_by_text("Round closed: its results are frozen.")).to_be_visible()
    expect(alice.get_by_role("link", name="Answer the survey")).to_have_count(0)

    bob = page_for("bob")
    bob.set_viewport_size(PHONE)
    bob.goto(survey_url)
    expect(bob.get_by_role("region", name="Results")).to_contain_text("4.33")
    for path in ("", "surveys/", "phase/", "maturity/"):
        bob.goto(f"/partnerships/{world.partnership.slug}/health/{path}")
        assert bob.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, path


@pytest.mark.django_db(transaction=True)
def test_the_demo_health_pages_fit_a_phone(browser, live_server, tmp_path):
    """The responsive sweep stops after its first pages; the health pages with the demo's data, here."""
    import os

    from accord.core.demo import DEMO_PASSWORD, build_demo
    from accord.health.models import SurveyRound

    world = build_demo()
    hospital = world.partnerships["northwind-meridian"]
    folder = os.environ.get("ACCORD_SCREENSHOTS") or str(tmp_path)
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("bob")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/partnerships/")
    base = f"/partnerships/{hospital.slug}/health/"
    paths = ["", "surveys/", "phase/", "maturity/", "surveys/templates/"] + [
        f"surveys/{survey.pk}/{tail}" for survey in SurveyRound.objects.filter(partnership=hospital)
        for tail in ("", "answer/")]
    for path in paths:
        response = page.goto(base + path)
        assert response.status == 200, path
        page.screenshot(path=f"{folder}/health-{path.replace('/', '-') or 'home'}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, path
    context.close()
