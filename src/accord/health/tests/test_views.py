"""The health pages: every party reads them alike, outsiders get 404, the forms go through the services."""

import pytest
from django.urls import reverse

from accord.health.models import SurveyResponse, SurveyRound

from .conftest import answer, start_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(people):
    survey = start_round(people)
    for user in (people.alice, people.carla, people.chris):
        answer(people, user, survey, 5)
    for user in (people.bob, people.pia, people.pete):
        answer(people, user, survey, 2)
    return survey


def _pages(world, survey):
    slug = world.partnership.slug
    return [reverse(f"health:{name}", kwargs={"slug": slug}) for name in
            ("home", "phase", "maturity", "surveys", "template_copy")] + [
        reverse(f"health:{name}", kwargs={"slug": slug, "survey_id": survey.pk}) for name in ("survey", "answer")]


def test_every_page_for_each_party_and_404_for_outsiders(people, survey, web):
    for url in _pages(people, survey):
        for name in ("alice", "bob", "victor"):
            assert web(name).get(url).status_code == 200, (url, name)
        assert web("charlie").get(url).status_code == 404, url


def test_the_round_page_shows_results_radar_gaps_and_alerts(people, survey, web):
    page = web("bob").get(reverse("health:survey", kwargs={"slug": people.partnership.slug,
                                                           "survey_id": survey.pk})).content.decode()
    assert 'class="chart radar"' in page and "Perception gaps" in page and "+3.00" in page
    assert "Make it an action" in page and "Close the round" in page
    assert "pia" not in page and "carla" not in page  # nobody's name next to an answer


def test_the_home_page_charts_the_index_over_the_months(people, web):
    from decimal import Decimal

    from accord.health.charts import index_chart

    assert index_chart([{"period": "2026-01", "period_label": "January 2026", "index": None}]) == ""
    svg = index_chart([{"period": "2026-01", "period_label": "January 2026", "index": Decimal("80.0")},
                       {"period": "2026-02", "period_label": "February 2026", "index": None},
                       {"period": "2026-03", "period_label": "March 2026", "index": Decimal("60.0")}])
    assert "January 2026: 80.0; February 2026: no data; March 2026: 60.0" in svg
    assert svg.count("<polyline") == 2  # a month without an index is a gap, not a zero


def test_the_answer_form_records_and_replaces(people, web):
    survey = start_round(people)
    url = reverse("health:answer", kwargs={"slug": people.partnership.slug, "survey_id": survey.pk})
    data = {f"q_{q['code']}": "3" for q in survey.questions}
    assert web("maya").post(url, {**data, "c_works": "Fast fixes"}).status_code == 302
    assert web("maya").post(url, {**data, "q_trust": "5"}).status_code == 302
    assert SurveyResponse.objects.get().answers["trust"] == 5
    # Coming back shows your own answer (and only to you), to change it.
    mine = web("maya").get(url).content.decode()
    checked = '<input type="radio" name="q_trust" value="5" required id="id_q_trust_4" checked>'
    assert checked in mine
    assert "Fast fixes" not in mine  # the second answer had no comment
    assert checked not in web("bob").get(url).content.decode()
    bad = web("maya").post(url, {**data, "q_trust": "9"})
    assert bad.status_code == 422 and SurveyResponse.objects.get().answers["trust"] == 5


def test_managers_start_and_close_rounds_from_the_pages(people, web):
    slug = people.partnership.slug
    response = web("alice").post(reverse("health:surveys", kwargs={"slug": slug}), {
        "template": "nine-practices", "title": "Practices 2030", "opens": "2030-01-01", "closes": "2030-01-31",
        "threshold": "3"})
    survey = SurveyRound.objects.get()
    assert response.status_code == 302 and survey.questions[0]["code"] == "business_objective"
    assert web("maya").post(reverse("health:close", kwargs={"slug": slug, "survey_id": survey.pk})).status_code == 403
    web("bob").post(reverse("health:close", kwargs={"slug": slug, "survey_id": survey.pk}))
    survey.refresh_from_db()
    assert survey.status == "closed"
    low = web("alice").post(reverse("health:surveys", kwargs={"slug": slug}), {
        "template": "nps", "title": "x", "opens": "2030-01-01", "closes": "2030-01-31", "threshold": "2"})
    assert low.status_code == 422 and "at least 3" in low.content.decode()


def test_a_result_becomes_an_action_from_the_page(people, survey, web):
    from accord.governance.models import ActionItem

    slug = people.partnership.slug
    bob_party = people.access(people.bob).party.pk
    web("alice").post(reverse("health:action", kwargs={"slug": slug, "survey_id": survey.pk}), {
        "code": "trust", "kind": "gap", "owner": f"{bob_party}:{people.bob.pk}", "due_date": "2030-01-01"})
    action = ActionItem.objects.get()
    assert action.source == "survey" and action.assignee == people.bob


def test_the_round_page_reads_in_a_fixed_number_of_queries(people, survey, web, django_assert_max_num_queries):
    client = web("alice")
    url = reverse("health:survey", kwargs={"slug": people.partnership.slug, "survey_id": survey.pk})
    client.get(url)
    with django_assert_max_num_queries(25):
        client.get(url)
