"""A survey the person was asked to answer and has not answered yet."""

from django.urls import reverse
from django.utils import timezone

from accord.core.waiting import WaitingItem, waiting_provider

from .models import RoundStatus, SurveyRespondent


@waiting_provider
def surveys_to_answer(user, accesses):
    partnerships = {access.partnership.pk: access.partnership for access in accesses}
    if not partnerships:
        return []
    today = timezone.localdate()
    waiting = SurveyRespondent.objects.filter(
        user=user, answered=False, round__status=RoundStatus.OPEN, round__partnership_id__in=partnerships,
        round__opens__lte=today, round__closes__gte=today).select_related("round")
    return [WaitingItem(kind="survey", title=f"Answer the survey “{row.round.title}”",
                        url=reverse("health:answer", kwargs={"slug": partnerships[row.round.partnership_id].slug,
                                                             "survey_id": row.round_id}),
                        partnership=partnerships[row.round.partnership_id], due=row.round.closes,
                        detail="Anonymous; a few minutes.")
            for row in waiting]
