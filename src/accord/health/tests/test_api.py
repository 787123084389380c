"""The health API: isolation, roles, anonymity through every way out, bad input."""

import json

import pytest
from django.urls import reverse

from accord.health.models import SurveyResponse

from .conftest import answer, start_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_with_answers(people):
    """Client: 4 answers (above 3); provider: 2 answers (below)."""
    survey = start_round(people)
    for user, value in ((people.alice, 5), (people.carla, 4), (people.chris, 4), (people.cora, 3)):
        answer(people, user, survey, value, nps=10, comments={"works": f"TEXT-OF-{user.username}"})
    for user in (people.bob, people.pia):
        answer(people, user, survey, 1, nps=0, comments={"change": f"TEXT-OF-{user.username}"})
    return survey


def _url(world, tail=""):
    return f"/api/v1/partnerships/{world.partnership.pk}{tail}"


def test_shipped_templates_have_anchors_per_level(api):
    response = api("charlie").get("/api/v1/survey-templates")
    assert response.status_code == 200
    templates = {t["code"]: t for t in response.json()["items"]}
    assert set(templates) == {"six-characteristics", "nine-practices", "nps"}
    assert len(templates["six-characteristics"]["questions"]) == 6
    assert len(templates["nine-practices"]["questions"]) == 9
    assert all(len(q["anchors"]) == 5 for q in templates["nine-practices"]["questions"])
    assert templates["nps"]["questions"][0]["scale"] == "0-10"


def test_create_a_round_and_read_it(people, api):
    response = api("alice").post(_url(people, "/surveys"), {
        "template": "nine-practices", "title": "Spring", "opens": "2030-01-01", "closes": "2030-01-31",
        "respondents": [people.alice.pk, people.bob.pk, people.maya.pk]})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["asked"] == 3 and body["answered"] == 0 and body["you_are_asked"] and len(body["questions"]) == 9
    listed = api("bob").get(_url(people, "/surveys")).json()
    assert listed["count"] == 1 and listed["items"][0]["title"] == "Spring"


def test_outsiders_get_404_everywhere(round_with_answers, people, api):
    for tail in ("/surveys", f"/surveys/{round_with_answers.pk}", f"/surveys/{round_with_answers.pk}/results",
                 "/phase", "/health", "/health/settings", "/survey-templates"):
        response = api("charlie").get(_url(people, tail))
        assert response.status_code == 404, tail
    assert api("charlie").post(_url(people, f"/surveys/{round_with_answers.pk}/responses"),
                               {"answers": {}}).status_code == 404


def test_results_show_a_party_only_from_the_threshold(round_with_answers, people, api):
    for name in ("alice", "bob"):  # the same for every party
        results = api(name).get(_url(people, f"/surveys/{round_with_answers.pk}/results")).json()
        client, provider = results["parties"]
        assert results["threshold"] == 3
        assert client["status"] == "ok" and client["responses"] == 4 and client["dimensions"][0]["mean"] == 4.0
        assert client["nps"] is None  # the six characteristics ask no 0–10 question
        assert sorted(client["comments"]) == ["TEXT-OF-alice", "TEXT-OF-carla", "TEXT-OF-chris", "TEXT-OF-cora"]
        assert provider == {"party": provider["party"], "name": "Meridian Facility Services",
                            "responses": 2, "status": "not_enough_responses", "dimensions": [], "nps": None,
                            "overall": None, "comments": []}
        assert results["gaps"] == []
        text = json.dumps(results)
        assert "TEXT-OF-bob" not in text and "TEXT-OF-pia" not in text


def test_no_filter_narrows_a_group(round_with_answers, people, api):
    """Query parameters that might narrow the group (a person, a party, a role, a date) change nothing."""
    url = _url(people, f"/surveys/{round_with_answers.pk}/results")
    plain = api("alice").get(url).content
    for params in ({"user": people.alice.pk}, {"respondent": people.carla.pk}, {"party": "1"},
                   {"organization": "Northwind Health"}, {"role": "admin"}, {"since": "2030-01-01"},
                   {"limit": 1}, {"answers": "trust"}):
        assert api("alice").get(url, params).content == plain, params


def test_the_export_holds_aggregates_only(round_with_answers, people, web):
    url = reverse("health:export", kwargs={"slug": people.partnership.slug, "survey_id": round_with_answers.pk})
    response = web("alice").get(url + "?format=csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "Meridian Facility Services,2,not enough responses" in text
    assert "TEXT-OF" not in text and "alice" not in text
    assert web("charlie").get(url).status_code == 404


def test_the_audit_feed_says_someone_answered_not_who_nor_what(round_with_answers, people, api):
    feed = api("alice").get(_url(people, "/activity")).json()
    answered = [event for event in feed["items"] if "answered" in json.dumps(event)]
    assert len(answered) == 6
    text = json.dumps(answered)
    for name in ("alice", "carla", "bob", "pia", "TEXT-OF"):
        assert name not in text, name
    # Filtering the feed by a person finds no answer of theirs: answers carry no person.
    page = api("alice").get(_url(people, "/activity"), {"person": people.carla.pk})
    assert page.status_code == 200 and "answered" not in page.content.decode()


def test_answers_through_the_api(round_with_answers, people, api):
    url = _url(people, f"/surveys/{round_with_answers.pk}/responses")
    good = {q["code"]: 3 for q in round_with_answers.questions}
    assert api("maya").post(url, {"answers": good}).status_code == 200
    bad = api("maya").post(url, {"answers": {**good, "trust": 7}})
    assert bad.status_code == 400 and "answers" in bad.json()["errors"]
    unknown = api("maya").post(url, {"answers": {**good, "bogus": 3}})
    assert unknown.status_code == 400 and "bogus" in unknown.json()["errors"]["answers"][0]
    assert api("charlie").post(url, {"answers": good}).status_code == 404
    assert api("victor").post(url, {"answers": good}).status_code == 200  # viewers are asked too (by default)


def test_non_respondents_and_closed_rounds(people, api):
    survey = start_round(people, respondents=[people.alice.pk, people.bob.pk, people.maya.pk])
    url = _url(people, f"/surveys/{survey.pk}/responses")
    good = {q["code"]: 3 for q in survey.questions}
    assert api("victor").post(url, {"answers": good}).status_code == 403
    assert api("maya").post(_url(people, f"/surveys/{survey.pk}/close")).status_code == 403  # a contributor
    assert api("bob").post(_url(people, f"/surveys/{survey.pk}/close")).status_code == 200
    closed = api("alice").post(url, {"answers": good})
    assert closed.status_code == 400 and "closed" in closed.json()["errors"]["survey"][0]
    assert not SurveyResponse.objects.exists()


def test_a_gap_becomes_an_action(people, api):
    survey = start_round(people)
    for user in (people.alice, people.carla, people.chris):
        answer(people, user, survey, 5)
    for user in (people.bob, people.pia, people.pete):
        answer(people, user, survey, 3)
    results = api("bob").get(_url(people, f"/surveys/{survey.pk}/results")).json()
    trust = next(g for g in results["gaps"] if g["code"] == "trust")
    assert trust["gap"] == 2.0 and trust["higher_name"] == "Northwind Health"
    response = api("bob").post(_url(people, f"/surveys/{survey.pk}/actions"), {
        "code": "trust", "kind": "gap", "owner": people.bob.pk, "owner_party": people.access(people.bob).party.pk,
        "due_date": "2030-01-01"})
    assert response.status_code == 201, response.content
    assert response.json()["source"] == "survey" and "perception gap +2.00" in response.json()["title"]
    actions = api("alice").get(_url(people, "/actions")).json()["items"]
    assert [a["source"] for a in actions] == ["survey"]
    not_flagged = api("bob").post(_url(people, f"/surveys/{survey.pk}/actions"), {
        "code": "trust", "kind": "low_score", "owner": people.bob.pk,
        "owner_party": people.access(people.bob).party.pk, "due_date": "2030-01-01"})
    assert not_flagged.status_code == 400 and "code" in not_flagged.json()["errors"]


def test_health_settings_roles_and_limits(people, api):
    assert api("maya").patch(_url(people, "/health/settings"), {"operational_weight": 10}).status_code == 403
    response = api("alice").patch(_url(people, "/health/settings"), {"operational_weight": 60, "gap_alert": 0.5})
    assert response.status_code == 200 and response.json()["operational_weight"] == 60.0
    zero = api("alice").patch(_url(people, "/health/settings"), {
        "operational_weight": 0, "relationship_weight": 0, "behavioural_weight": 0})
    assert zero.status_code == 400 and "operational_weight" in zero.json()["errors"]
    high = api("alice").patch(_url(people, "/health/settings"), {"relationship_weight": 101})
    assert high.status_code == 400 and "relationship_weight" in high.json()["errors"]
    assert api("bob").get(_url(people, "/health/settings")).json()["operational_weight"] == 60.0
