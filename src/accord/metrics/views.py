import csv
import re
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accord.core.errors import Conflict
from accord.core.views import add_service_errors
from accord.partnerships.access import partnership_access, record_get
from accord.partnerships.selectors import party_list

from . import charts, library, selectors, services
from .calculations import KINDS, number, parse_bands
from .forms import CopyForm, IndicatorForm, LibraryForm, ScorecardSettingsForm
from .models import Indicator, IndicatorKind

PORTFOLIO_PAGE_SIZE = 25


def _context(access, **extra):
    return {"access": access, "partnership": access.partnership, **extra}


# Scorecard -----------------------------------------------------------------------------------

@login_required
def scorecard(request, slug):
    access = partnership_access(request.user, slug=slug)
    period = request.GET.get("period", "").strip()
    try:
        page = selectors.scorecard_page(access=access, period=period or None)
    except ValidationError as exc:
        messages.error(request, exc.message_dict["period"][0])
        page = selectors.scorecard_page(access=access)
    card, thresholds = page["scorecard"], page["thresholds"]
    rows = []
    for result in card["indicators"]:
        points = [(month, actual) for month, actual, _ in page["series"][result["id"]]]
        statuses = {month: status for month, _, status in page["series"][result["id"]]}
        rows.append({**result, "chart": charts.indicator_chart(
            code=result["code"], points=points, target=result["target"], bands=parse_bands(result["bands"]),
            statuses=statuses)})
    months = page["months"]
    if page["month"] not in months:
        months = sorted(set(months) | {page["month"]}, reverse=True)
    return render(request, "metrics/scorecard.html", _context(
        access, card=card, rows=rows, month=page["month"], months=months, history=page["history"],
        kinds=[(kind, IndicatorKind(kind).label, card["by_kind"][kind]) for kind in KINDS if kind in card["by_kind"]],
        score_chart=charts.score_chart(history=page["history"], green_at=thresholds.green_at,
                                       amber_at=thresholds.amber_at),
        thresholds=thresholds,
    ))


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
    return render(request, "metrics/settings.html", _context(access, form=form))


# Indicators ------------------------------------------------------------------------------------

@login_required
def indicator_list(request, slug):
    access = partnership_access(request.user, slug=slug)
    kind = request.GET.get("kind", "")
    indicators = selectors.indicator_list(access=access, kind=kind if kind in KINDS else "")
    return render(request, "metrics/indicators.html", _context(
        access, indicators=indicators, kind=kind, kinds=IndicatorKind.choices,
        library_form=LibraryForm(), copy_form=CopyForm(partnerships=selectors.partnerships_to_copy_from(access=access)),
        library=library.LIBRARY,
    ))


_ROW = re.compile(r"^Row (\d+):")


def _indicator_errors(form, exc: ValidationError) -> None:
    """Service errors onto the form; a band error goes beside the band row it names."""
    if hasattr(exc, "error_dict") and "bands" in exc.message_dict:
        filled = form.bands()
        for message in exc.message_dict["bands"]:
            match = _ROW.match(message)
            if match and int(match[1]) <= len(filled):
                row = filled[int(match[1]) - 1]["row"]
                form.add_error(f"band_{row}_status", _ROW.sub(f"Band row {row}:", message))
            else:
                form.add_error(None, message)
        exc = ValidationError({k: v for k, v in exc.message_dict.items() if k != "bands"})
        if not exc.error_dict:
            return
    add_service_errors(form, exc)


def _indicator_form_page(request, access, form, indicator=None, status=200):
    return render(request, "metrics/indicator_form.html", _context(access, form=form, indicator=indicator),
                  status=status)


@login_required
def indicator_create(request, slug):
    access = partnership_access(request.user, slug=slug, write=True)
    form = IndicatorForm(request.POST or None, parties=party_list(access=access).filter(status="accepted"),
                         initial={"owner_party": access.party.pk})
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.indicator_create(access=access, **form.service_fields())
        except ValidationError as exc:
            _indicator_errors(form, exc)
        else:
            messages.success(request, f"Indicator {indicator.code} added.")
            return redirect("metrics:indicators", slug=slug)
    return _indicator_form_page(request, access, form, status=422 if form.errors else 200)


@login_required
def indicator_edit(request, slug, indicator_id):
    access = partnership_access(request.user, slug=slug, write=True)
    indicator = record_get(Indicator.objects.all(), access, indicator_id)
    form = IndicatorForm(request.POST or None, instance=indicator,
                         parties=party_list(access=access).filter(status="accepted"),
                         initial={"revision": indicator.revision})
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_update(access=access, indicator=indicator, revision=form.cleaned_data.get("revision"),
                                      **form.service_fields())
        except ValidationError as exc:
            _indicator_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Indicator {indicator.code} saved.")
            return redirect("metrics:indicators", slug=slug)
    return _indicator_form_page(request, access, form, indicator, status=422 if form.errors else 200)


@login_required
@require_POST
def indicators_from_library(request, slug):
    access = partnership_access(request.user, slug=slug, write=True)
    form = LibraryForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose at least one indicator from the library.")
        return redirect("metrics:indicators", slug=slug)
    added, skipped = services.indicators_add_from_library(access=access, codes=form.cleaned_data["codes"])
    _report_added(request, added, skipped)
    return redirect("metrics:indicators", slug=slug)


@login_required
@require_POST
def indicators_copy(request, slug):
    access = partnership_access(request.user, slug=slug, write=True)
    form = CopyForm(request.POST, partnerships=selectors.partnerships_to_copy_from(access=access))
    if not form.is_valid():
        messages.error(request, "Choose one of your other partnerships to copy from.")
        return redirect("metrics:indicators", slug=slug)
    source = partnership_access(request.user, partnership_id=form.cleaned_data["source"])
    added, skipped = services.indicators_copy_from(access=access, source_access=source)
    _report_added(request, added, skipped)
    return redirect("metrics:indicators", slug=slug)


def _report_added(request, added, skipped):
    if added:
        messages.success(request, f"Added {len(added)} indicator(s): {', '.join(i.code for i in added)}.")
    if skipped:
        messages.warning(request, f"Skipped {', '.join(skipped)}: the code is already used in this partnership.")
    if not added and not skipped:
        messages.info(request, "Nothing to copy.")


# Measurements ----------------------------------------------------------------------------------

@login_required
def measurement_grid(request, slug):
    access = partnership_access(request.user, slug=slug)
    rows = selectors.measurement_grid(access=access)
    errors, submitted = {}, {}
    if request.method == "POST":
        access.require_write()
        entries = []
        for row in rows:
            if not row["editable"]:
                continue
            for cell in row["cells"]:
                text = request.POST.get(cell["key"], "").strip()
                submitted[cell["key"]] = text
                if not cell["active"]:
                    continue
                current = cell["measurement"]
                if text == "":
                    continue  # an empty cell records nothing (values are corrected, not erased)
                if current is not None and _same(current.value, text):
                    continue
                entries.append({"key": cell["key"], "indicator": row["indicator"], "period": cell["period"],
                                "value": text})
        try:
            recorded = services.measurements_record_many(access=access, entries=entries)
        except ValidationError as exc:
            errors = exc.message_dict
            messages.error(request, "Nothing was saved: correct the cells marked below.")
        else:
            messages.success(request, f"Saved {len(recorded)} value(s)." if recorded else "No values changed.")
            return redirect("metrics:measurements", slug=slug)
    for row in rows:
        for cell in row["cells"]:
            cell["errors"] = errors.get(cell["key"], [])
            if cell["key"] in submitted:
                cell["text"] = submitted[cell["key"]]
            elif cell["measurement"] is not None:
                cell["text"] = _plain(cell["measurement"].value)
            else:
                cell["text"] = ""
    return render(request, "metrics/measurements.html", _context(access, rows=rows, errors=errors),
                  status=422 if errors else 200)


def _plain(value) -> str:
    return number(value)


def _same(value, text: str) -> bool:
    try:
        return Decimal(text) == value
    except InvalidOperation:
        return False


# Portfolio --------------------------------------------------------------------------------------

@login_required
def portfolio(request):
    sort = request.GET.get("sort", "name")
    rows = selectors.portfolio_sorted(selectors.portfolio_latest_scorecards_cached(request.user), sort)
    page = Paginator(rows, PORTFOLIO_PAGE_SIZE).get_page(request.GET.get("page"))
    counts = {status: sum(1 for row in rows if row["status"] == status)
              for status in ("green", "amber", "red", "critical_breach", "no_data")}
    return render(request, "metrics/portfolio.html", {"page": page, "sort": sort, "counts": counts,
                                                      "total": len(rows)})


@login_required
def portfolio_export(request):
    rows = selectors.portfolio_sorted(selectors.portfolio_latest_scorecards_cached(request.user),
                                      request.GET.get("sort", "name"))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="portfolio-scorecards.csv"'
    writer = csv.writer(response)
    writer.writerow(["partnership", "slug", "latest_period", "score", "status", "cpi_breaches", "warnings"])
    for row in rows:
        writer.writerow([_cell(row["name"]), row["slug"], row["period"] or "", "" if row["score"] is None else row["score"],
                         row["status"], row["cpi_breaches"], row["warnings"]])
    return response


def _cell(text: str) -> str:
    """A spreadsheet cannot take a partnership's name for a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
