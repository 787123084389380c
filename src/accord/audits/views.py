"""Audit pages: the list and a new audit, templates, the audit form (made for a phone), the report, the trend."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from accord.core.errors import Conflict
from accord.core.views import add_service_errors
from accord.metrics.scorecards.charts import score_chart
from accord.partnerships.access import partnership_access

from . import calculations, selectors, services, templates_service
from .forms import AuditStartForm, answers_from, findings_from, photos_from
from .models import TemplateItem

RECENT = 50


@login_required
def audit_home(request, slug):
    """Recent audits, and a new one (template, site, date)."""
    access = partnership_access(request.user, slug=slug)
    markets, sites = selectors.places(access=access)
    templates = list(selectors.template_list(access=access))
    form = AuditStartForm(request.POST or None, templates=templates, markets=markets, sites=sites)
    if request.method == "POST":
        access.require_write()
        if form.is_valid():
            try:
                audit = services.audit_create(access=access, template=form.cleaned_data["template"],
                                              date=form.cleaned_data["date"], **form.place())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("audits:audit", slug=slug, audit_id=audit.pk)
    return render(request, "audits/home.html", {
        "access": access, "partnership": access.partnership, "form": form, "templates": templates,
        "audits": selectors.audit_list(access=access)[:RECENT], "markets": markets, "sites": sites,
    }, status=422 if form.errors else 200)


@login_required
def template_list(request, slug):
    """The templates (latest version of each); writers add the shipped examples here."""
    access = partnership_access(request.user, slug=slug)
    if request.method == "POST":
        access.require_write()
        added = templates_service.templates_add_shipped(access=access)
        messages.success(request, f"Added {len(added)} template(s)." if added else "Every shipped template is here.")
        return redirect("audits:templates", slug=slug)
    templates = [(template, selectors.latest_version(template)) for template in selectors.template_list(access=access)]
    return render(request, "audits/templates.html", {"access": access, "partnership": access.partnership,
                                                      "templates": templates})


@login_required
def audit_detail(request, slug, audit_id):
    """A draft: the audit form (answers, comments, photos, a finding; save or complete). Completed: the report."""
    access = partnership_access(request.user, slug=slug)
    audit = selectors.audit_get(access=access, audit_id=audit_id)
    errors = []
    if request.method == "POST":
        access.require_write()
        items = list(TemplateItem.objects.filter(section__version=audit.version))
        try:
            _audit, result, _measurement = services.audit_submit(
                access=access, audit=audit, answers=answers_from(request.POST, items),
                findings=findings_from(request.POST), photos=photos_from(request.FILES, items),
                complete="complete" in request.POST)
        except ValidationError as exc:
            errors = [f"{field}: {message}" if field != "__all__" else message
                      for field, messages_ in exc.message_dict.items() for message in messages_]
        except Conflict as exc:
            errors = [exc.message]
        else:
            messages.success(request, f"Audit completed: score {calculations.display(result.overall.value)}."
                             if result else "Saved.")
            return redirect("audits:audit", slug=slug, audit_id=audit_id)
    return render(request, "audits/audit.html", {
        "access": access, "partnership": access.partnership, "audit": audit,
        "report": selectors.audit_report(audit=audit), "errors": errors, "people": selectors.people(access=access),
        "submitted": request.POST if errors else {},
    }, status=422 if errors else 200)


@login_required
def audit_pdf(request, slug, audit_id):
    """The audit report as a PDF (WeasyPrint), photos named, not embedded."""
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    access = partnership_access(request.user, slug=slug)
    audit = selectors.audit_get(access=access, audit_id=audit_id)
    html = render_to_string("audits/report_pdf.html", {"partnership": access.partnership, "audit": audit,
                                                        "report": selectors.audit_report(audit=audit)})
    # No base URL: the PDF loads nothing from the network.
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="audit-{audit.pk}.pdf"'
    return response


@login_required
def audit_trend(request, slug):
    """Completed audits' scores over time for a site or a market (or all)."""
    access = partnership_access(request.user, slug=slug)
    site, market = request.GET.get("site", ""), request.GET.get("market", "")
    history = selectors.trend(access=access, site=site, market=market)
    markets, sites = selectors.places(access=access)
    return render(request, "audits/trend.html", {
        "access": access, "partnership": access.partnership, "history": history, "site": site, "market": market,
        "markets": markets, "sites": sites,
        "chart": score_chart(history=history, green_at=selectors.GREEN_AT, amber_at=selectors.AMBER_AT),
    })

