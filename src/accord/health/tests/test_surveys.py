"""Survey rounds, answers and anonymity, through the services."""

import datetime
import hashlib
import json

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accord.core.models import AuditEvent
from accord.health import surveys
from accord.health.models import SurveyRespondent, SurveyResponse, SurveyRound
from accord.health.results import round_results

from .conftest import answer, start_round

pytestmark = pytest.mark.django_db


def _party(results, name):
    return next(row for row in results["parties"] if row["name"] == name)


def test_everyone_of_both_parties_is_asked_by_default(people):
    survey = start_round(people)
    asked = set(SurveyRespondent.objects.filter(round=survey).values_list("user__username", flat=True))
    assert asked == {"alice", "victor", "carla", "chris", "cora", "bob", "maya", "pia", "pete", "paul"}
    assert "charlie" not in asked


def test_respondents_from_outside_the_parties_are_refused(people):
    with pytest.raises(ValidationError) as error:
        start_round(people, respondents=[people.alice.pk, people.charlie.pk])
    assert "respondents" in error.value.message_dict
    assert not SurveyRound.objects.exists()


def test_a_round_closes_after_it_opens(people):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        surveys.round_create(access=people.access(people.alice), template="nps", title="x",
                             opens=today + datetime.timedelta(days=5), closes=today + datetime.timedelta(days=1))
    assert "closes" in error.value.message_dict


def test_threshold_never_below_three(people):
    with pytest.raises(ValidationError) as error:
        start_round(people, threshold=2)
    assert "threshold" in error.value.message_dict


def test_only_managers_start_rounds(people):
    with pytest.raises(PermissionDenied):
        surveys.round_create(access=people.access(people.maya), template="nps", title="x",
                             opens=timezone.localdate(), closes=timezone.localdate())


def test_below_at_and_above_the_threshold(people):
    survey = start_round(people)
    answer(people, people.alice, survey, 5, comments={"works": "Weekly huddles"})
    answer(people, people.carla, survey, 3)
    client = _party(round_results(survey), "Northwind Health")
    assert client == {**client, "status": "not_enough_responses", "responses": 2, "dimensions": [], "comments": []}
    answer(people, people.chris, survey, 4)
    client = _party(round_results(survey), "Northwind Health")
    assert client["status"] == "ok" and client["dimensions"][0]["mean"] == 4
    assert client["comments"] == []  # free text only above the threshold
    answer(people, people.cora, survey, 4)
    assert _party(round_results(survey), "Northwind Health")["comments"] == ["Weekly huddles"]


def test_a_second_answer_replaces_the_first(people):
    survey = start_round(people)
    for user in (people.alice, people.carla, people.chris):
        answer(people, user, survey, 2)
    answer(people, people.alice, survey, 5)
    client = _party(round_results(survey), "Northwind Health")
    assert client["responses"] == 3 and str(client["dimensions"][0]["mean"]) == "3.00"
    assert SurveyResponse.objects.filter(round=survey).count() == 3


def test_bad_answers_are_refused_naming_the_field(people):
    survey = start_round(people)
    good = {q["code"]: 3 for q in survey.questions}
    for answers, message in [({**good, "trust": 6}, "trust: choose a whole number from 1 to 5"),
                             ({**good, "trust": 0}, "from 1 to 5"), ({**good, "trust": "4"}, "from 1 to 5"),
                             ({**good, "trust": True}, "from 1 to 5"), ({**good, "trust": 3.5}, "from 1 to 5"),
                             ({**good, "made_up": 3}, "Unknown question code: made_up"),
                             ({k: v for k, v in good.items() if k != "trust"}, "trust: an answer is needed")]:
        with pytest.raises(ValidationError) as error:
            surveys.response_submit(access=people.access(people.alice), survey=survey, answers=answers)
        assert message in error.value.message_dict["answers"][0]
    with pytest.raises(ValidationError) as error:
        surveys.response_submit(access=people.access(people.alice), survey=survey, answers=good,
                                comments={"secret": "x"})
    assert "comments" in error.value.message_dict
    assert not SurveyResponse.objects.exists() and not AuditEvent.objects.filter(event_type="survey.answered").exists()


def test_a_non_respondent_cannot_answer(people):
    survey = start_round(people, respondents=[people.alice.pk, people.bob.pk])
    with pytest.raises(PermissionDenied):
        answer(people, people.carla, survey)
    assert not SurveyResponse.objects.exists()


def test_nobody_answers_after_close(people):
    survey = start_round(people)
    surveys.round_close(access=people.access(people.alice), survey=survey)
    with pytest.raises(ValidationError) as error:
        answer(people, people.alice, survey)
    assert "closed" in error.value.message_dict["survey"][0]


def test_nobody_answers_after_the_closing_day_even_before_the_task_ran(people):
    survey = start_round(people, days=1)
    SurveyRound.objects.filter(pk=survey.pk).update(closes=timezone.localdate() - datetime.timedelta(days=1),
                                                    opens=timezone.localdate() - datetime.timedelta(days=5))
    survey.refresh_from_db()
    with pytest.raises(ValidationError):
        answer(people, people.alice, survey)


def test_close_freezes_results_and_cuts_the_link_to_people(people):
    survey = start_round(people)
    for user in (people.alice, people.carla, people.chris):
        answer(people, user, survey, 4)
    surveys.round_close(access=people.access(people.alice), survey=survey)
    survey.refresh_from_db()
    assert survey.status == "closed" and survey.results["parties"][0]["status"] == "ok"
    assert set(SurveyResponse.objects.values_list("respondent_key", flat=True)) == {None}
    # Frozen: an answer slipped into the table afterwards changes nothing of the results.
    SurveyResponse.objects.create(round=survey, party=people.access(people.alice).party, answers={
        q["code"]: 1 for q in survey.questions})
    assert str(_party(round_results(survey), "Northwind Health")["dimensions"][0]["mean"]) == "4.00"


def test_rounds_close_by_themselves_after_their_closing_day(people):
    survey = start_round(people, days=0)
    assert surveys.rounds_close_due(today=timezone.localdate()) == 0
    assert surveys.rounds_close_due(today=timezone.localdate() + datetime.timedelta(days=1)) == 1
    survey.refresh_from_db()
    assert survey.status == "closed" and survey.closed_on == survey.closes and survey.results


def test_the_answers_table_names_nobody(people):
    survey = start_round(people)
    answer(people, people.alice, survey, 5)
    row = SurveyResponse.objects.values().get()
    assert set(row) == {"id", "round_id", "party_id", "respondent_key", "answers", "comments"}
    # A keyed hash: not computable from the ids alone (without the server's secret key).
    plain = hashlib.sha256(f"survey-response:{survey.pk}:{people.alice.pk}".encode()).hexdigest()
    assert len(row["respondent_key"]) == 64 and row["respondent_key"] != plain


def test_the_audit_trail_records_that_someone_answered_not_who_nor_what(people):
    survey = start_round(people)
    answer(people, people.alice, survey, 5, nps=3, comments={"works": "MARKER-FREE-TEXT"})
    event = AuditEvent.objects.get(event_type="survey.answered")
    assert event.actor is None and event.changes == [] and event.details == {}
    dumped = json.dumps(list(AuditEvent.objects.values()), default=str)
    assert "MARKER-FREE-TEXT" not in dumped and '"trust"' not in dumped and "alice" not in event.record_label


def test_reminders_go_to_those_who_have_not_answered(people, django_capture_on_commit_callbacks):
    survey = start_round(people)
    answer(people, people.alice, survey)
    with django_capture_on_commit_callbacks(execute=True):
        assert surveys.round_remind(access=people.access(people.alice), survey=survey) == 9
    recipients = {address for message in mail.outbox for address in message.to}
    assert "alice@example.com" not in recipients and "bob@example.com" in recipients and len(recipients) == 9


def test_a_template_copy_with_a_custom_question(people):
    copy = surveys.template_copy_create(access=people.access(people.maya), based_on="nps", questions=[
        {"code": "site_visits", "text": "Site visits are useful.", "scale": "1-5", "anchors": list("abcde")}])
    assert [q["code"] for q in copy.questions] == ["nps", "site_visits"]
    survey = start_round(people, template=copy.code)
    assert [q["code"] for q in survey.questions] == ["nps", "site_visits"]
    with pytest.raises(ValidationError) as error:
        surveys.template_copy_create(access=people.access(people.maya), based_on="nps", questions=[
            {"code": "x", "text": "Too few anchors", "scale": "1-5", "anchors": ["a"]}])
    assert "5 levels" in error.value.message_dict["questions"][0]
    with pytest.raises(ValidationError):
        surveys.template_copy_create(access=people.access(people.maya), based_on="nps", questions=[
            {"code": "nps", "text": "Duplicate", "scale": "0-10"}])


def test_the_answered_event_reads_someone_on_the_overview_and_activity_pages(people):
    """The event has no author: the pages that list events say "Someone" answered (they used to fail)."""
    from django.test import Client

    survey = start_round(people)
    answer(people, people.alice, survey, 4)
    client = Client()
    client.force_login(people.bob)
    for path in (f"/partnerships/{people.partnership.slug}/", f"/partnerships/{people.partnership.slug}/activity/"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert "<strong>Someone</strong>" in page.content.decode()
