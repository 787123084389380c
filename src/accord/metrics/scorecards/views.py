"""Pages of the scorecard: a month's scorecard with charts, and its thresholds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accord.core.views import add_service_errors
from accord.metrics.models import IndicatorKind
from accord.partnerships.access import partnership_access

from . import charts, exports, selectors, services
from .calculations import KINDS, parse_bands
from .forms import ScorecardCommentForm, ScorecardSettingsForm


@login_required
def scorecard(request, slug):
    access = partnership_access(request.user, slug=slug)
    period = request.GET.get("period", "").strip()
    try:
        page = selectors.scorecard_page(access=access, period=period or None)
    except ValidationError as exc:
        messages.error(request, exc.message_dict["period"][0])
        page = selectors.scorecard_page(access=access)
    card, thresholds, private = page["scorecard"], page["thresholds"], page["private"]
    market_card = None
    if market := request.GET.get("market", "").strip():
        try:
            market_card = selectors.market_scorecard_for_period(access, page["month"], market)
        except ValidationError as exc:
            messages.error(request, exc.message_dict["market"][0])
    return render(request, "metrics/scorecard.html", dict(
        markets=page["markets"], market_card=market_card,
        # A market's rows show its own numbers; the 12-month charts stay with the partnership's rows below.
        market_rows=[{**row, "chart": ""} for row in market_card["indicators"]] if market_card else [],
        access=access, partnership=access.partnership, card=card, rows=_rows(card, page["series"]),
        private=private, private_rows=_rows(private, page["series"]) if private else [], month=page["month"],
        months=_months(page), history=page["history"],
        kinds=[(kind, IndicatorKind(kind).label, card["by_kind"][kind]) for kind in KINDS if kind in card["by_kind"]],
        score_chart=charts.score_chart(history=page["history"], green_at=thresholds.green_at,
                                       amber_at=thresholds.amber_at),
        thresholds=thresholds, comments=selectors.scorecard_comments(access=access, period=page["month"]),
        comment_form=ScorecardCommentForm(),
    ))


def _rows(card: dict, series: dict) -> list[dict]:
    rows = []
    for result in card["indicators"]:
        points = [(month, actual) for month, actual, _ in series[result["id"]]]
        statuses = {month: status for month, _, status in series[result["id"]]}
        rows.append({**result, "chart": charts.indicator_chart(
            code=result["code"], points=points, target=result["target"], bands=parse_bands(result["bands"]),
            statuses=statuses)})
    return rows


def _months(page: dict) -> list:
    months = page["months"]
    if page["month"] not in months:
        months = sorted(set(months) | {page["month"]}, reverse=True)
    return months


@login_required
def scorecard_settings(request, slug):
    access = partnership_access(request.user, slug=slug, manage=True)
    current = selectors.scorecard_settings(access=access)
    form = ScorecardSettingsForm(request.POST or None, initial={"green_at": current.green_at, "amber_at": current.amber_at})
    if request.method == "POST" and form.is_valid():
        try:
            services.scorecard_settings_update(access=access, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Scorecard thresholds saved.")
            return redirect("metrics:scorecard", slug=slug)
    return render(request, "metrics/settings.html", dict(access=access, partnership=access.partnership, form=form))




def _scorecard_url(slug, period) -> str:
    return f"{reverse('metrics:scorecard', args=[slug])}?period={period}#commentary"


@login_required
def scorecard_export(request, slug):
    """The month's scorecard as ``?format=xlsx`` (default) or ``pdf``."""
    access = partnership_access(request.user, slug=slug)
    period = request.GET.get("period", "").strip() or None
    export_format = request.GET.get("format", "xlsx").strip().lower()
    try:
        if export_format == "pdf":
            return exports.scorecard_pdf_response(access=access, period=period)
        if export_format == "xlsx":
            return exports.scorecard_xlsx_response(access=access, period=period)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("metrics:scorecard", slug=slug)
    messages.error(request, "Choose a format: xlsx or pdf.")
    return redirect("metrics:scorecard", slug=slug)


@login_required
@require_POST
def scorecard_comment_create(request, slug, period):
    access = partnership_access(request.user, slug=slug, write=True)
    form = ScorecardCommentForm(request.POST)
    if form.is_valid():
        try:
            services.scorecard_comment_create(access=access, period=period, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Comment added.")
    else:
        messages.error(request, "Write a comment first.")
    return redirect(_scorecard_url(slug, period))


@login_required
@require_POST
def scorecard_comment_delete(request, slug, period, comment_id):
    access = partnership_access(request.user, slug=slug, write=True)
    try:
        comment = selectors.scorecard_comment_get(access=access, period=period, comment_id=comment_id)
    except ValidationError:
        raise Http404 from None
    services.scorecard_comment_delete(access=access, comment=comment)
    messages.success(request, "Comment deleted.")
    return redirect(_scorecard_url(slug, period))
