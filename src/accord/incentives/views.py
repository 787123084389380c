"""Incentive pages: the model, a period's statement with every formula, approval, notes and the what-if."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from accord.core import exports
from accord.core.errors import ExplainedNotFound
from accord.metrics import periods
from accord.metrics.scorecards.selectors import last_full_month
from accord.partnerships.access import partnership_access

from . import charts, selectors, services, statements
from . import exports as statement_exports

RECENT_PERIODS = 12


@login_required
def home(request, slug):
    """The model in force, its versions, and the statements of the last twelve months with their chart."""
    access = partnership_access(request.user, slug=slug)
    latest = last_full_month()
    months = [periods.shift(latest, periods.MONTHLY, -k) for k in range(RECENT_PERIODS - 1, -1, -1)]
    runs = statements.statements_for_months(access=access, months=months)
    rows = [{"period": run.period, "run": run, "status": statements.statement_as_dict(run.built)["status"]
             if run.built else "", **(statements.figures_by_kind(run.built.result) if run.built else {})}
            for run in runs]
    currency = next((run.built.result.currency for run in reversed(runs) if run.built), "")
    return render(request, "incentives/home.html", {
        "access": access, "partnership": access.partnership, "in_force": selectors.version_in_force(access=access),
        "versions": selectors.versions(access=access), "recent": list(reversed(rows)), "currency": currency,
        "open_version": selectors.version_open(access=access),
        "chart": charts.money_chart(rows=rows, currency=currency) if currency else "",
        "years": sorted({month.year for month in months}, reverse=True),
    })


@login_required
def statements_year_export(request, slug, year):
    """Every statement of ``year`` as one XLSX workbook: a summary sheet, then a sheet per month."""
    access = partnership_access(request.user, slug=slug)
    try:
        year = statement_exports.parse_year(year)
    except ValidationError as exc:
        return HttpResponseBadRequest(" ".join(exc.messages), content_type="text/plain")
    return exports.workbook_response(statement_exports.year_tables(access=access, year=year),
                                     f"statements-{year}-{access.partnership.slug}")


def _statement_context(access, period, built=None, problem=""):
    stored = built.stored if built else selectors.statement_stored(access=access, period=period)
    approved_parties = {a.party_id for a in stored.approvals.all()} if stored else set()
    locked = bool(stored and stored.status == "approved")
    innovation = (built.version.terms or {}).get("innovation") if built and built.version else None
    return {
        "access": access, "partnership": access.partnership, "period": period, "built": built,
        "statement": statements.statement_as_dict(built) if built else None, "problem": problem,
        "indicators": sorted(_facts(access, period), key=lambda fact: fact.code) if built else [],
        "facts": built.facts if built else None,
        "approved_values": sorted((built.history_json or {}).get("values", {}).items()) if built else [],
        "may_approve": access.can_sign_for_party and access.party.pk not in approved_parties and not locked,
        "notes": selectors.statement_notes(access=access, period=period),
        "innovations": selectors.innovations(access=access, period=period),
        "innovation_percent": innovation.get("percent") if innovation else None,
        "may_add_innovation": bool(access.can_write and innovation and not locked),
        "innovation_errors": {}, "innovation_form": {},
    }


def _facts(access, period):
    return list(selectors.period_facts(selectors.figures_for(access=access), period).indicators.values())


def _statement_page(request, access, month, status=200, **extra):
    try:
        built = statements.statement_build(access=access, period=month)
    except (ExplainedNotFound, ValidationError) as exc:
        context = _statement_context(
            access, month, problem=str(exc) if isinstance(exc, ExplainedNotFound) else " ".join(exc.messages))
    else:
        context = _statement_context(access, month, built)
    return render(request, "incentives/statement.html", context | extra, status=status)


@login_required
def statement(request, slug, period):
    """Every line of the period with its formula, so it can be recomputed by hand."""
    access = partnership_access(request.user, slug=slug)
    return _statement_page(request, access, selectors.parse_period(period))


@login_required
@require_POST
def statement_innovation_add(request, slug, period):
    """An innovation entered on the draft statement; on a mistake the page again, each field's message beside it
    and nothing saved."""
    access = partnership_access(request.user, slug=slug, write=True)
    month = selectors.parse_period(period)
    try:
        services.statement_innovation_add(access=access, period=month, title=request.POST.get("title", ""),
                                          validated_value=request.POST.get("validated_value", ""),
                                          validated_by=request.POST.get("validated_by", ""))
    except ValidationError as exc:
        return _statement_page(request, access, month, status=400, innovation_errors=exc.message_dict,
                               innovation_form=request.POST)
    messages.success(request, "Innovation added: its line is on the statement below.")
    return redirect("incentives:statement", slug=slug, period=period)


@login_required
@require_POST
def statement_approve(request, slug, period):
    access = partnership_access(request.user, slug=slug, write=True)
    try:
        approved = services.statement_approve(access=access, period=period)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Approved by every party: the statement is locked." if approved.status == "approved"
                         else f"Approved for {access.party.organization.name}. Waiting for the other party.")
    return redirect("incentives:statement", slug=slug, period=period)


@login_required
@require_POST
def statement_note_create(request, slug, period):
    access = partnership_access(request.user, slug=slug, write=True)
    try:
        services.statement_note_create(access=access, period=period, text=request.POST.get("text", ""),
                                       visibility=request.POST.get("visibility", "private"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("incentives:statement", slug=slug, period=period)


@login_required
@require_POST
def statement_simulate(request, slug, period):
    """The what-if: the statement with the values typed in the panel; nothing is saved (htmx partial)."""
    access = partnership_access(request.user, slug=slug, write=True)
    month = selectors.parse_period(period)
    values, problems = {}, []
    for key, raw in request.POST.items():
        if not key.startswith("value-") or not raw.strip():
            continue
        try:
            values[key.removeprefix("value-")] = Decimal(raw.strip())
        except InvalidOperation:
            problems.append(f"{key.removeprefix('value-')}: {raw!r} is not a number.")
    known = {fact.code for fact in _facts(access, month)}
    problems += [f"{code}: not a shared agreed indicator." for code in values if code not in known]
    built, problem = None, " ".join(problems)
    if not problems:
        try:
            built = statements.statement_build(access=access, period=month, values=values)
        except ExplainedNotFound as exc:
            problem = str(exc)
    return render(request, "incentives/_simulation.html", {
        "partnership": access.partnership, "statement": statements.statement_as_dict(built) if built else None,
        "problem": problem, "simulated": True})


@login_required
def statement_export(request, slug, period):
    """The statement's lines with their formulas as text (``?format=xlsx`` or ``csv``), for finance."""
    access = partnership_access(request.user, slug=slug)
    try:
        export_format = exports.parse_format(request.GET.get("format"), default="xlsx")
    except ValidationError as exc:
        return HttpResponseBadRequest(" ".join(exc.messages))
    built = statements.statement_build(access=access, period=selectors.parse_period(period))
    table = statement_exports.statement_table(statements.statement_as_dict(built),
                                              f"statement-{built.period:%Y-%m}-{access.partnership.slug}")
    return exports.table_response(table, export_format)


@login_required
def statement_pdf(request, slug, period):
    """The statement for finance: every line with its formula, as a PDF (WeasyPrint)."""
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    access = partnership_access(request.user, slug=slug)
    built = statements.statement_build(access=access, period=selectors.parse_period(period))
    html = render_to_string("incentives/statement_pdf.html", {
        "partnership": access.partnership, "period": built.period, "statement": statements.statement_as_dict(built)})
    # No base URL: the PDF loads nothing from the network.
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="statement-{built.period:%Y-%m}.pdf"'
    return response
