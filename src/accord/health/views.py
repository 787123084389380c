"""Pages of relationship health: the index, surveys (list, a round, the answer form), phase, maturity."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accord.core.views import add_service_errors
from accord.partnerships.access import partnership_access

from . import catalog, phase, selectors, services, surveys
from .charts import index_chart, radar_chart
from .exports import results_table
from .forms import AnswerForm, HealthSettingsForm, PhaseMoveForm, RoundForm, SurveyActionForm, TemplateCopyForm
from .index import health_for_periods, scored_months

HISTORY = 12


def _page(request, template, access, context, status=200):
    return render(request, template, {"access": access, "partnership": access.partnership, **context}, status=status)


def _round(access, survey_id):
    survey = selectors.round_get(access=access, survey_id=survey_id)
    if survey.is_open and surveys.round_close_if_due(survey=survey).status != survey.status:
        survey = selectors.round_get(access=access, survey_id=survey_id)
    return survey


@login_required
def health_home(request, slug):
    """The health index of a month with its explanation, and the last twelve months."""
    access = partnership_access(request.user, slug=slug)
    try:
        current = selectors.health_for_period(access.partnership, request.GET.get("period") or None)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        current = selectors.health_for_period(access.partnership)
    history = health_for_periods(access.partnership, scored_months(access.partnership, count=HISTORY))
    settings = selectors.health_settings(access.partnership)
    return _page(request, "health/home.html", access, {
        "health": current, "history": list(reversed(history)), "settings": settings, "chart": index_chart(history),
        "settings_form": HealthSettingsForm(initial={f: getattr(settings, f) for f in services.SETTINGS_FIELDS}),
    })


@login_required
@require_POST
def health_settings_edit(request, slug):
    access = partnership_access(request.user, slug=slug, manage=True)
    form = HealthSettingsForm(request.POST)
    if form.is_valid():
        try:
            services.health_settings_update(access=access, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
    if form.errors:
        messages.error(request, "; ".join(f"{k.replace('_', ' ')}: {' '.join(v)}" for k, v in form.errors.items()))
    else:
        messages.success(request, "Weights and alert lines saved.")
    return redirect("health:home", slug=slug)


@login_required
def survey_list(request, slug):
    """The rounds (counts only: who has answered is never shown) and, for managers, a new round."""
    access = partnership_access(request.user, slug=slug)
    copies = list(selectors.template_copy_list(access=access))
    form = RoundForm(request.POST or None, copies=copies)
    if request.method == "POST":
        access.require_manage()
        if form.is_valid():
            try:
                survey = surveys.round_create(access=access, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Round started: everyone asked can answer from its opening day.")
                return redirect("health:survey", slug=slug, survey_id=survey.pk)
    return _page(request, "health/surveys.html", access, {
        "rounds": selectors.round_list(access=access), "form": form, "copies": copies,
        "templates": catalog.TEMPLATES}, status=422 if form.errors else 200)


@login_required
def template_copy(request, slug):
    """A copy of a shipped template with one question of the partnership's own."""
    access = partnership_access(request.user, slug=slug)
    form = TemplateCopyForm(request.POST or None)
    if request.method == "POST":
        access.require_write()
        if form.is_valid():
            data = form.cleaned_data
            question = {"code": data["code"], "text": data["text"], "scale": catalog.SCALE_1_5,
                        "anchors": [data[f"anchor_{level}"] for level in range(1, 6)]}
            try:
                surveys.template_copy_create(access=access, based_on=data["based_on"], name=data["name"],
                                             questions=[question])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Template copied with your question: choose it for a new round.")
                return redirect("health:surveys", slug=slug)
    return _page(request, "health/template_copy.html", access, {"form": form}, status=422 if form.errors else 200)


@login_required
def survey_detail(request, slug, survey_id):
    """A round: its state, and the results — per party, at or above the threshold only."""
    access = partnership_access(request.user, slug=slug)
    survey = _round(access, survey_id)
    results = selectors.results_view(access=access, survey=survey)
    shown = [row for row in results["parties"] if row["status"] == "ok"]
    return _page(request, "health/survey.html", access, {
        "survey": survey, "results": results, "mine": selectors.my_answer_state(access=access, survey=survey),
        "radar": radar_chart(labels={k: v for k, v in results["labels"].items()
                                     if any(q["code"] == k and q["scale"] == catalog.SCALE_1_5
                                            for q in survey.questions)}, parties=shown),
        "action_form": SurveyActionForm(people=selectors.people_of_parties(access=access)),
    })


@login_required
def survey_answer(request, slug, survey_id):
    """The answer form (one question per block, big touch targets: made for a phone)."""
    access = partnership_access(request.user, slug=slug)
    survey = _round(access, survey_id)
    earlier = selectors.my_answer(access=access, survey=survey)
    initial = {**{f"q_{code}": value for code, value in earlier.get("answers", {}).items()},
               **{f"c_{key}": text for key, text in earlier.get("comments", {}).items()}}
    form = AnswerForm(request.POST or None, questions=survey.questions, initial=initial)
    mine = selectors.my_answer_state(access=access, survey=survey)
    if request.method == "POST" and not mine["asked"]:
        raise PermissionDenied("You are not one of the people asked in this round.")
    if request.method == "POST" and form.is_valid():
        try:
            surveys.response_submit(access=access, survey=survey, answers=form.answers(), comments=form.comments())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Thank you: your answer is recorded. You may change it until the round closes.")
            return redirect("health:survey", slug=slug, survey_id=survey.pk)
    return _page(request, "health/answer.html", access, {"survey": survey, "form": form, "mine": mine},
                 status=422 if form.errors else 200)


@login_required
@require_POST
def survey_close(request, slug, survey_id):
    access = partnership_access(request.user, slug=slug, manage=True)
    try:
        surveys.round_close(access=access, survey=_round(access, survey_id))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Round closed: its results are frozen.")
    return redirect("health:survey", slug=slug, survey_id=survey_id)


@login_required
@require_POST
def survey_remind(request, slug, survey_id):
    access = partnership_access(request.user, slug=slug, manage=True)
    try:
        count = surveys.round_remind(access=access, survey=_round(access, survey_id))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Reminder sent to {count} people." if count else "Everyone asked has answered.")
    return redirect("health:survey", slug=slug, survey_id=survey_id)


@login_required
@require_POST
def survey_action(request, slug, survey_id):
    """A flagged result becomes an action on the partnership's action list."""
    access = partnership_access(request.user, slug=slug, write=True)
    survey = _round(access, survey_id)
    form = SurveyActionForm(request.POST, people=selectors.people_of_parties(access=access))
    if form.is_valid():
        party_id, user_id = (int(part) for part in form.cleaned_data["owner"].split(":"))
        try:
            services.survey_action_create(access=access, survey=survey, code=form.cleaned_data["code"],
                                          kind=form.cleaned_data["kind"], owner=user_id, owner_party=party_id,
                                          due_date=form.cleaned_data["due_date"])
        except ValidationError as exc:
            add_service_errors(form, exc)
    if form.errors:
        messages.error(request, "; ".join(" ".join(v) for v in form.errors.values()))
    else:
        messages.success(request, "Action added to the partnership's action list.")
    return redirect("health:survey", slug=slug, survey_id=survey_id)


@login_required
def results_export(request, slug, survey_id):
    """The results as CSV/XLSX: the same aggregates as the page, no person's answer."""
    from accord.core.exports import requested_table_response

    access = partnership_access(request.user, slug=slug)
    survey = _round(access, survey_id)
    return requested_table_response(request, results_table(survey, selectors.results_view(access=access,
                                                                                           survey=survey)))


@login_required
def phase_page(request, slug):
    """The phase, the criteria for moving on with their evidence; managers move it."""
    access = partnership_access(request.user, slug=slug)
    form = PhaseMoveForm(request.POST or None, initial={"phase": access.partnership.phase})
    if request.method == "POST":
        access.require_manage()
        if form.is_valid():
            try:
                phase.phase_move(access=access, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Phase moved.")
                return redirect("health:phase", slug=slug)
    return _page(request, "health/phase.html", access, {"view": phase.phase_view(access=access), "form": form},
                 status=422 if form.errors else 200)


@login_required
def maturity_page(request, slug):
    """Maturity per best practice as the partnering pyramid."""
    access = partnership_access(request.user, slug=slug)
    return _page(request, "health/maturity.html", access, {"maturity": selectors.maturity(access=access)})
