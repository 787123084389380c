"""Writes of surveys: template copies, rounds, answers, closing (results frozen), reminders.

Anonymity (docs/health.md): the audit trail records that someone of a party answered, never who nor what;
answers are stored without the person (``models.SurveyResponse``); the link that lets a person change their
answer is a keyed hash, dropped when the round closes.
"""

import datetime
import hashlib
import hmac
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accord.accounts.models import User
from accord.core.audit import AuditAction, record_event
from accord.metrics.portfolio.refresh import portfolio_refresh_from
from accord.partnerships.access import PartnershipAccess, records_visible_to
from accord.partnerships.models import Party

from . import catalog
from .models import MIN_THRESHOLD, RoundStatus, SurveyRespondent, SurveyResponse, SurveyRound, SurveyTemplate
from .results import results_compute, results_for_storage

CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
TEXT_MAX, COMMENT_MAX = 300, 2000


def respondent_key(round_id: int, user_id: int) -> str:
    """The one link from a person to their answer while a round is open: unreadable without the server's key."""
    message = f"survey-response:{round_id}:{user_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


# Templates ---------------------------------------------------------------------------------------------

def _custom_question(index: int, raw) -> dict:
    field = f"questions[{index}]"
    if not isinstance(raw, dict):
        raise ValidationError({"questions": f"{field}: give code, text, scale and anchors."})
    code, text, scale = raw.get("code"), raw.get("text"), raw.get("scale", catalog.SCALE_1_5)
    anchors = raw.get("anchors") or []
    if not isinstance(code, str) or not CODE.match(code):
        raise ValidationError({"questions": f"{field}: the code is lower-case letters, digits and _ (up to 40)."})
    if not isinstance(text, str) or not text.strip() or len(text) > TEXT_MAX:
        raise ValidationError({"questions": f"{field}: the question needs a text of up to {TEXT_MAX} characters."})
    if scale not in catalog.SCALES:
        raise ValidationError({"questions": f"{field}: the scale is 1-5 or 0-10."})
    if not isinstance(anchors, list) or not all(isinstance(a, str) and a.strip() and len(a) <= TEXT_MAX
                                                for a in anchors):
        raise ValidationError({"questions": f"{field}: anchors are texts of up to {TEXT_MAX} characters."})
    if scale == catalog.SCALE_1_5 and len(anchors) != 5:
        raise ValidationError({"questions": f"{field}: a 1–5 question needs an anchor for each of the 5 levels."})
    return {"code": code, "text": text.strip(), "scale": scale, "anchors": [a.strip() for a in anchors],
            "group": "custom"}


@transaction.atomic
def template_copy_create(*, access: PartnershipAccess, based_on: str, name: str = "",
                         questions: list | None = None) -> SurveyTemplate:
    """A partnership's copy of a shipped template with its own questions added after the shipped ones."""
    access.require_write()
    shipped = catalog.TEMPLATES.get(based_on)
    if shipped is None:
        raise ValidationError({"based_on": f"Choose one of: {', '.join(catalog.TEMPLATES)}."})
    added = [_custom_question(index, raw) for index, raw in enumerate(questions or [])]
    codes = [q["code"] for q in shipped["questions"]] + [q["code"] for q in added]
    if len(codes) != len(set(codes)):
        raise ValidationError({"questions": "Each question needs its own code."})
    number = SurveyTemplate.objects.filter(partnership=access.partnership).count() + 1
    template = SurveyTemplate(partnership=access.partnership, owner_party=access.party, created_by=access.user,
                              code=f"{based_on}-{number}", based_on=based_on,
                              name=(name or "").strip() or f"{shipped['name']} (our copy {number})",
                              questions=list(shipped["questions"]) + added)
    template.full_clean(exclude=["partnership", "owner_party"])
    template.save()
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.CREATE, record=template)
    return template


def template_resolve(*, access: PartnershipAccess, code) -> tuple[str, list[dict]]:
    """(name, questions) of a shipped template or of the partnership's copy named ``code``."""
    if isinstance(code, str) and code in catalog.TEMPLATES:
        return catalog.TEMPLATES[code]["name"], catalog.TEMPLATES[code]["questions"]
    copy = records_visible_to(SurveyTemplate.objects.all(), access).filter(code=code).first() \
        if isinstance(code, str) else None
    if copy is None:
        raise ValidationError({"template": "Choose a shipped template or one of the partnership's copies."})
    return copy.name, copy.questions


# Rounds ------------------------------------------------------------------------------------------------

def _respondents(partnership, user_ids) -> list[tuple[User, Party]]:
    """The people asked: users of the parties' organizations (by default all of them)."""
    parties = {party.organization_id: party for party in partnership.accepted_parties()}
    users = User.objects.filter(membership__organization_id__in=parties, is_active=True).select_related("membership")
    if user_ids is not None:
        if not isinstance(user_ids, list | tuple) or not all(isinstance(i, int) and not isinstance(i, bool)
                                                              for i in user_ids):
            raise ValidationError({"respondents": "Give a list of user ids."})
        users = users.filter(pk__in=user_ids)
        if users.count() != len(set(user_ids)):
            raise ValidationError({"respondents": "Each respondent must be a person of one of the parties."})
    chosen = [(user, parties[user.membership.organization_id]) for user in users.order_by("pk")]
    if not chosen:
        raise ValidationError({"respondents": "Choose at least one person."})
    return chosen


@transaction.atomic
def round_create(*, access: PartnershipAccess, template: str, title: str, opens: datetime.date,
                 closes: datetime.date, period: datetime.date | None = None, respondents: list | None = None,
                 threshold: int = MIN_THRESHOLD) -> SurveyRound:
    """Start a round: its questions are copied from the template; its people are asked from ``opens``."""
    access.require_manage()
    name, questions = template_resolve(access=access, code=template)
    if not isinstance(threshold, int) or isinstance(threshold, bool) or threshold < MIN_THRESHOLD:
        raise ValidationError({"threshold": f"The threshold is at least {MIN_THRESHOLD} respondents per party."})
    if isinstance(closes, datetime.date) and closes < timezone.localdate():
        raise ValidationError({"closes": "A round closes today or later."})
    if isinstance(closes, datetime.date) and isinstance(opens, datetime.date) and closes < opens:
        raise ValidationError({"closes": "A round closes on or after the day it opens."})
    survey = SurveyRound(partnership=access.partnership, owner_party=access.party, created_by=access.user,
                         template=template, template_name=name, questions=list(questions),
                         title=(title or "").strip(), opens=opens, closes=closes, threshold=threshold,
                         period=(period or opens or timezone.localdate()).replace(day=1))
    survey.full_clean(exclude=["partnership", "owner_party"])
    chosen = _respondents(access.partnership, respondents)
    survey.save()
    SurveyRespondent.objects.bulk_create(
        [SurveyRespondent(round=survey, user=user, party=party) for user, party in chosen])
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.CREATE, record=survey,
                 details={"respondents": len(chosen), "threshold": threshold})
    return survey


def _answers(questions: list[dict], answers, comments) -> tuple[dict, dict]:
    if not isinstance(answers, dict):
        raise ValidationError({"answers": "Give an answer per question code."})
    known = {question["code"]: question for question in questions}
    unknown = sorted(str(code) for code in answers if code not in known)
    if unknown:
        raise ValidationError({"answers": f"Unknown question code: {', '.join(unknown)}."})
    clean = {}
    for code, question in known.items():
        low, high = catalog.SCALES[question["scale"]]
        value = answers.get(code)
        if value is None:
            raise ValidationError({"answers": f"{code}: an answer is needed."})
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValidationError({"answers": f"{code}: choose a whole number from {low} to {high}."})
        clean[code] = value
    comments = comments or {}
    if not isinstance(comments, dict) or any(key not in catalog.FREE_TEXT for key in comments):
        raise ValidationError({"comments": f"Comments are {' and '.join(catalog.FREE_TEXT)}."})
    if any(not isinstance(text, str) or len(text) > COMMENT_MAX for text in comments.values()):
        raise ValidationError({"comments": f"Each comment is a text of up to {COMMENT_MAX} characters."})
    return clean, {key: text.strip() for key, text in comments.items() if text.strip()}


@transaction.atomic
def response_submit(*, access: PartnershipAccess, survey: SurveyRound, answers, comments=None) -> None:
    """Record the caller's answer, replacing their earlier one: while the round is open, by its people only.

    Viewers answer too: answering changes nothing of the partnership, and their view counts."""
    survey = SurveyRound.objects.select_for_update().get(pk=survey.pk)
    respondent = SurveyRespondent.objects.filter(round=survey, user=access.user).first()
    if respondent is None:
        raise PermissionDenied("You are not one of the people asked in this round.")
    today = timezone.localdate()
    if survey.status != RoundStatus.OPEN or today > survey.closes:
        raise ValidationError({"survey": "This round is closed: answers can no longer be given or changed."})
    if today < survey.opens:
        raise ValidationError({"survey": f"This round opens on {survey.opens:%d %b %Y}."})
    clean, texts = _answers(survey.questions, answers, comments)
    SurveyResponse.objects.update_or_create(
        round=survey, respondent_key=respondent_key(survey.pk, access.user.pk),
        defaults={"party": respondent.party, "answers": clean, "comments": texts})
    if not respondent.answered:
        respondent.answered = True
        respondent.save(update_fields=["answered"])
    # That someone of this party answered, not who (no actor) and not what (no details).
    record_event(actor=None, acting_party=respondent.party, action=AuditAction.UPDATE, record=survey,
                 event_type="survey.answered", label=survey.title)


def _close(survey: SurveyRound, *, actor, acting_party, closed_on: datetime.date) -> SurveyRound:
    survey.results = results_for_storage(results_compute(survey))
    survey.status, survey.closed_on, survey.closed_by = RoundStatus.CLOSED, closed_on, actor
    survey.save(update_fields=["results", "status", "closed_on", "closed_by", "updated_at"])
    # Nobody may change an answer any more: the last link from a person to an answer goes.
    SurveyResponse.objects.filter(round=survey).update(respondent_key=None)
    record_event(actor=actor, acting_party=acting_party, action=AuditAction.UPDATE, record=survey,
                 changes=[{"field": "status", "before": RoundStatus.OPEN, "after": RoundStatus.CLOSED}])
    portfolio_refresh_from(survey.partnership_id, closed_on)  # the relationship component from this month on
    return survey


@transaction.atomic
def round_close(*, access: PartnershipAccess, survey: SurveyRound) -> SurveyRound:
    """A manager closes a round early: results are frozen as they stand."""
    access.require_manage()
    survey = SurveyRound.objects.select_for_update().get(pk=survey.pk)
    if survey.status != RoundStatus.OPEN:
        raise ValidationError({"survey": "This round is already closed."})
    return _close(survey, actor=access.user, acting_party=access.party,
                  closed_on=min(timezone.localdate(), survey.closes))


@transaction.atomic
def round_close_if_due(*, survey: SurveyRound, today: datetime.date | None = None) -> SurveyRound:
    """Close a round whose closing day has passed (nobody acts: the calendar does). Idempotent."""
    today = today or timezone.localdate()
    if survey.status != RoundStatus.OPEN or today <= survey.closes:
        return survey
    survey = SurveyRound.objects.select_for_update().get(pk=survey.pk)
    if survey.status != RoundStatus.OPEN:
        return survey
    return _close(survey, actor=None, acting_party=None, closed_on=survey.closes)


def rounds_close_due(*, today: datetime.date | None = None) -> int:
    """Close every round past its closing day (the scheduled task); how many were closed."""
    today = today or timezone.localdate()
    due = SurveyRound.objects.filter(status=RoundStatus.OPEN, closes__lt=today)
    return sum(1 for survey in due if round_close_if_due(survey=survey, today=today).status == RoundStatus.CLOSED)


@transaction.atomic
def round_remind(*, access: PartnershipAccess, survey: SurveyRound) -> int:
    """E-mail a reminder (by task, after commit) to the people who have not answered; how many."""
    from .tasks import survey_reminders_send

    access.require_manage()
    if survey.status != RoundStatus.OPEN:
        raise ValidationError({"survey": "This round is closed."})
    waiting = SurveyRespondent.objects.filter(round=survey, answered=False).count()
    if waiting:
        before = survey.reminded_at
        survey.reminded_at = timezone.now()
        survey.save(update_fields=["reminded_at"])
        record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=survey,
                     changes=[{"field": "reminded_at", "before": before and before.isoformat(),
                               "after": survey.reminded_at.isoformat()}])
        transaction.on_commit(lambda: survey_reminders_send.enqueue(survey.pk))
    return waiting
