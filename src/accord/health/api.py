"""The relationship-health API: survey templates and rounds, results, phase, the health index."""

from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from accord.core.pagination import Pagination
from accord.partnerships.access import partnership_access

from . import catalog, phase, selectors, services, surveys
from .schemas import (
    HealthIndexOut,
    HealthSettingsIn,
    HealthSettingsOut,
    PhaseMoveIn,
    PhaseOut,
    SurveyActionIn,
    SurveyActionOut,
    SurveyAnswerIn,
    SurveyAnswerOut,
    SurveyResultsOut,
    SurveyRoundDetailOut,
    SurveyRoundIn,
    SurveyRoundOut,
    SurveyTemplateCopyIn,
    SurveyTemplateOut,
)

router = Router(tags=["health"])
PARTNERSHIP = "/partnerships/{int:partnership_id}"
SURVEYS = PARTNERSHIP + "/surveys"
SURVEY = SURVEYS + "/{int:survey_id}"


def _round(access, survey_id):
    """The round, closed first if its closing day has passed (its results then frozen)."""
    survey = selectors.round_get(access=access, survey_id=survey_id)
    if survey.is_open and surveys.round_close_if_due(survey=survey).status != survey.status:
        survey = selectors.round_get(access=access, survey_id=survey_id)
    return survey


def _template_out(code, template) -> dict:
    return {"code": code, "name": template["name"], "description": template.get("description", ""),
            "based_on": template.get("based_on", ""), "questions": template["questions"],
            "free_text": catalog.FREE_TEXT}


@router.get("/survey-templates", response=list[SurveyTemplateOut])
@paginate(Pagination)
def survey_template_list(request):
    """The shipped templates: six characteristics, nine practices, NPS; each 1–5 question with its anchors."""
    return [_template_out(code, template) for code, template in catalog.TEMPLATES.items()]


@router.get(PARTNERSHIP + "/survey-templates", response=list[SurveyTemplateOut])
@paginate(Pagination)
def survey_template_copy_list(request, partnership_id: int):
    access = partnership_access(request.user, partnership_id=partnership_id)
    return [_template_out(copy.code, {"name": copy.name, "based_on": copy.based_on, "questions": copy.questions})
            for copy in selectors.template_copy_list(access=access)]


@router.post(PARTNERSHIP + "/survey-templates", response={201: SurveyTemplateOut})
def survey_template_copy_create(request, partnership_id: int, payload: SurveyTemplateCopyIn):
    """A copy of a shipped template with the partnership's own questions added."""
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    fields = payload.dict()
    copy = surveys.template_copy_create(access=access, **fields)
    return Status(201, _template_out(copy.code, {"name": copy.name, "based_on": copy.based_on,
                                                 "questions": copy.questions}))


@router.get(SURVEYS, response=list[SurveyRoundOut])
@paginate(Pagination)
def survey_list(request, partnership_id: int):
    access = partnership_access(request.user, partnership_id=partnership_id)
    return selectors.round_list(access=access)


@router.post(SURVEYS, response={201: SurveyRoundDetailOut})
def survey_create(request, partnership_id: int, payload: SurveyRoundIn):
    """Start a round (managers): respondents default to every person of the parties' organizations."""
    access = partnership_access(request.user, partnership_id=partnership_id, manage=True)
    survey = surveys.round_create(access=access, **payload.dict())
    return Status(201, survey_detail(request, partnership_id, survey.pk))


@router.get(SURVEY, response=SurveyRoundDetailOut)
def survey_detail(request, partnership_id: int, survey_id: int):
    access = partnership_access(request.user, partnership_id=partnership_id)
    survey = _round(access, survey_id)
    mine = selectors.my_answer_state(access=access, survey=survey)
    return {**{field: getattr(survey, field) for field in SurveyRoundOut.model_fields},
            "questions": survey.questions, "free_text": catalog.FREE_TEXT,
            "you_are_asked": mine["asked"], "you_have_answered": mine["answered"]}


@router.post(SURVEY + "/responses", response={200: SurveyAnswerOut})
def survey_answer(request, partnership_id: int, survey_id: int, payload: SurveyAnswerIn):
    """Your answer (a second one replaces the first until the round closes). Anonymous: the results show
    per-party aggregates only."""
    access = partnership_access(request.user, partnership_id=partnership_id)
    survey = _round(access, survey_id)
    surveys.response_submit(access=access, survey=survey, answers=payload.answers, comments=payload.comments)
    return {"detail": "Thank you: your answer is recorded. You may change it until the round closes."}


@router.post(SURVEY + "/close", response=SurveyRoundOut)
def survey_close(request, partnership_id: int, survey_id: int):
    access = partnership_access(request.user, partnership_id=partnership_id, manage=True)
    surveys.round_close(access=access, survey=_round(access, survey_id))
    return selectors.round_get(access=access, survey_id=survey_id)


@router.post(SURVEY + "/reminders", response=SurveyAnswerOut)
def survey_remind(request, partnership_id: int, survey_id: int):
    """E-mail a reminder to the people who have not answered (they are never listed)."""
    access = partnership_access(request.user, partnership_id=partnership_id, manage=True)
    count = surveys.round_remind(access=access, survey=_round(access, survey_id))
    return {"detail": f"Reminders sent to {count} people." if count else "Everyone asked has answered."}


@router.get(SURVEY + "/results", response=SurveyResultsOut)
def survey_results(request, partnership_id: int, survey_id: int):
    """Per party: responses, and — at or above the threshold only — the means, NPS and (above it) comments;
    the perception gaps. No filter narrows a group: there are no filters."""
    access = partnership_access(request.user, partnership_id=partnership_id)
    survey = _round(access, survey_id)
    return {**selectors.results_view(access=access, survey=survey), "status": survey.status}


@router.post(SURVEY + "/actions", response={201: SurveyActionOut})
def survey_action(request, partnership_id: int, survey_id: int, payload: SurveyActionIn):
    """A low score or a wide gap of the round becomes an action on the partnership's action list."""
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    action = services.survey_action_create(access=access, survey=_round(access, survey_id), **payload.dict())
    return Status(201, action)


@router.get(PARTNERSHIP + "/phase", response=PhaseOut)
def phase_detail(request, partnership_id: int):
    access = partnership_access(request.user, partnership_id=partnership_id)
    return phase.phase_view(access=access)


@router.post(PARTNERSHIP + "/phase", response=PhaseOut)
def phase_change(request, partnership_id: int, payload: PhaseMoveIn):
    """Managers move the phase; past unmet criteria only with a reason (recorded on the trail)."""
    access = partnership_access(request.user, partnership_id=partnership_id, manage=True)
    phase.phase_move(access=access, **payload.dict())
    return phase.phase_view(access=partnership_access(request.user, partnership_id=partnership_id))


class HealthPeriodQuery(Schema):
    period: str = ""


@router.get(PARTNERSHIP + "/health", response=HealthIndexOut)
def health_detail(request, partnership_id: int, filters: Query[HealthPeriodQuery]):
    """The health index of a month (``YYYY-MM``; default the latest scored), each component with its inputs
    and the formula with its numbers."""
    access = partnership_access(request.user, partnership_id=partnership_id)
    return selectors.health_for_period(access.partnership, filters.period or None)


@router.get(PARTNERSHIP + "/health/settings", response=HealthSettingsOut)
def health_settings_detail(request, partnership_id: int):
    access = partnership_access(request.user, partnership_id=partnership_id)
    return selectors.health_settings(access.partnership)


@router.patch(PARTNERSHIP + "/health/settings", response=HealthSettingsOut)
def health_settings_update(request, partnership_id: int, payload: HealthSettingsIn):
    access = partnership_access(request.user, partnership_id=partnership_id, manage=True)
    return services.health_settings_update(access=access, **payload.dict(exclude_unset=True, exclude_none=True))

