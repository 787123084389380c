"""Scheduled and background work of surveys (django-tasks; see settings ``TASKS``)."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

from .models import RoundStatus, SurveyRespondent, SurveyRound


@task()
def survey_reminders_send(round_id: int) -> int:
    """E-mail the people of an open round who have not answered yet; how many were written to."""
    survey = SurveyRound.objects.filter(pk=round_id, status=RoundStatus.OPEN).select_related("partnership").first()
    if survey is None:
        return 0
    waiting = SurveyRespondent.objects.filter(round=survey, answered=False).select_related("user")
    url = reverse("health:answer", kwargs={"slug": survey.partnership.slug, "survey_id": survey.pk})
    sent = 0
    for respondent in waiting:
        if not respondent.user.email:
            continue
        send_mail(f"Reminder: {survey.title}",
                  f"Your view of {survey.partnership.name} counts: the survey \"{survey.title}\" closes on "
                  f"{survey.closes:%d %b %Y}.\n\nAnswer here (a few minutes, anonymous): {url}\n",
                  settings.DEFAULT_FROM_EMAIL, [respondent.user.email])
        sent += 1
    return sent


@task()
def survey_rounds_close_due() -> int:
    """Close every round past its closing day, freezing its results (run daily)."""
    from .surveys import rounds_close_due

    return rounds_close_due()
