"""P3 pages: the parity of a month (bars, formula, history), entry and import, the tolerance, the portfolio."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accord.accounts.models import membership_of
from accord.core.views import service_on_form
from accord.partnerships.access import partnership_access

from . import selectors, services
from .charts import parity_chart
from .forms import PriceImportForm, PricePointForm, PricingSettingsForm, ServiceLineForm


def _period(request, choices):
    """The month asked for (``?period=YYYY-MM``), else the newest priced one, else this month."""
    try:
        return services.parse_month(request.GET["period"])
    except (KeyError, ValueError):
        return choices[0] if choices else timezone.localdate().replace(day=1)


@login_required
def pricing_home(request, slug):
    access = partnership_access(request.user, slug=slug)
    line_form = ServiceLineForm(request.POST if request.POST.get("form") == "line" else None, prefix="line")
    point_form = PricePointForm(request.POST if request.POST.get("form") == "point" else None, prefix="point")
    if request.method == "POST":
        access.require_write()
        form, service = ((line_form, services.service_line_create) if request.POST.get("form") == "line"
                         else (point_form, services.price_point_save))
        if form.is_valid() and service_on_form(form, service, access=access, **form.cleaned_data):
            messages.success(request, "Saved.")
            return redirect("pricing:home", slug=slug)
    choices = selectors.periods_priced(access=access)
    period = _period(request, choices)
    parity = selectors.parity_for_period(access=access, period=period)
    for service in parity["services"]:
        service["chart"] = parity_chart(service=service["service"], markets=service["markets"],
                                        tolerance=parity["tolerance_percent"])
    return render(request, "pricing/home.html", {
        "access": access, "partnership": access.partnership, "parity": parity, "period": period,
        "choices": choices, "history": selectors.history(access=access),
        "lines": selectors.service_line_list(access=access), "line_form": line_form, "point_form": point_form,
        "settings_form": PricingSettingsForm(initial={"tolerance_percent": parity["tolerance_percent"]}),
    }, status=422 if line_form.errors or point_form.errors else 200)


@login_required
def pricing_import(request, slug):
    """A CSV of price points, all or nothing; every bad row named."""
    access = partnership_access(request.user, slug=slug)
    form = PriceImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST":
        access.require_write()
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = services.price_points_import(access=access, data=upload.read(services.MAX_IMPORT_BYTES + 1),
                                                      file_name=upload.name)
            except ValidationError as exc:
                for message in exc.message_dict.get("file", exc.messages):
                    form.add_error("file", message)
            else:
                messages.success(request, f"Imported {result['rows']} row(s): {result['created']} new, "
                                          f"{result['changed']} changed.")
                return redirect("pricing:home", slug=slug)
    return render(request, "pricing/import.html", {
        "access": access, "partnership": access.partnership, "form": form, "columns": services.IMPORT_COLUMNS,
    }, status=422 if form.errors else 200)


@login_required
@require_POST
def pricing_settings(request, slug):
    access = partnership_access(request.user, slug=slug, manage=True)
    form = PricingSettingsForm(request.POST)
    if form.is_valid() and service_on_form(form, services.pricing_settings_update, access=access,
                                           **form.cleaned_data):
        messages.success(request, "Tolerance saved.")
    else:
        messages.error(request, "; ".join(message for errors in form.errors.values() for message in errors))
    return redirect(reverse("pricing:home", args=[slug]))


@login_required
def pricing_portfolio(request):
    """The same service line across the organization's partnerships, side by side, for a month."""
    membership = membership_of(request.user)
    organization_id = membership.organization_id if membership else None
    period = _period(request, [])
    services_rows = selectors.portfolio(organization_id=organization_id, period=period) if organization_id else []
    return render(request, "pricing/portfolio.html", {"services": services_rows, "period": period})
