"""Pages of the measurements: the entry grid and the file upload."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accord.core.errors import Conflict
from accord.core.exports import requested_table_response
from accord.core.views import add_service_errors
from accord.metrics import tables
from accord.metrics.models import Indicator, MeasurementSource
from accord.partnerships.access import partnership_access, record_get

from . import selectors, services
from .forms import MeasurementImportForm
from .rows import IMPORT_LIMITS


@login_required
def measurement_grid(request, slug):
    """The entry grid of the last ``?periods=`` periods of each indicator (12 unless another range is chosen)."""
    access = partnership_access(request.user, slug=slug)
    count = selectors.grid_period_count(request.POST.get("periods") or request.GET.get("periods"))
    errors = {}
    if request.method == "POST":
        try:
            saved = services.measurement_grid_save(access=access, submitted=request.POST, count=count)
        except ValidationError as exc:
            errors = exc.message_dict
            messages.error(request, "Nothing was saved: correct the cells marked below.")
        else:
            messages.success(request, f"Saved {saved} value(s)." if saved else "No values changed.")
            return redirect(f"{reverse('metrics:measurements', args=[slug])}?periods={count}")
    rows = selectors.measurement_grid(access=access, submitted=request.POST if errors else None, count=count)
    for row in rows:
        for cell in row["cells"]:
            cell["errors"] = errors.get(cell["key"], [])
    return render(request, "metrics/measurements.html", {
        "access": access, "partnership": access.partnership, "rows": rows, "errors": errors, "count": count,
        "count_choices": selectors.GRID_PERIOD_CHOICES}, status=422 if errors else 200)


@login_required
def measurement_import(request, slug):
    access = partnership_access(request.user, slug=slug)
    form = MeasurementImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST":
        access = partnership_access(request.user, slug=slug, write=True)
        if form.is_valid():
            try:
                upload = form.cleaned_data["file"]
                result = services.measurements_import(user=request.user, rows_or_file=upload, access=access,
                                                      source=MeasurementSource.FILE, file_name=upload.name,
                                                      dry_run=form.cleaned_data["dry_run"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            except Conflict as exc:
                form.add_error(None, exc.message)
    return render(request, "metrics/import.html", {
        "access": access, "partnership": access.partnership, "form": form, "result": result, "limits": IMPORT_LIMITS,
    }, status=400 if result is not None and not result.ok else 200)


@login_required
def indicator_history(request, slug, indicator_id):
    """Every period of one indicator: its value now, who entered it from where, and every earlier value."""
    access = partnership_access(request.user, slug=slug)
    indicator = record_get(Indicator.objects.select_related("owner_party__organization"), access, indicator_id)
    return render(request, "metrics/history.html", {
        "access": access, "partnership": access.partnership, "indicator": indicator,
        "periods": selectors.indicator_history(access=access, indicator=indicator),
        "can_delete": access.can_write and indicator.may_be_entered_by(access.party),
    })


@login_required
@require_POST
def measurement_delete(request, slug, measurement_id):
    access = partnership_access(request.user, slug=slug, write=True)
    measurement = selectors.measurement_get(access=access, measurement_id=measurement_id)
    services.measurement_delete(access=access, measurement=measurement)
    messages.success(request, f"Deleted the value of {measurement.indicator.code} for {measurement.period:%Y-%m-%d}; "
                              "it stays in the history below.")
    return redirect("metrics:indicator_history", slug=slug, indicator_id=measurement.indicator_id)


@login_required
def batch_detail(request, slug, batch_id):
    """The values one write (an import, a grid save, one value) created or corrected."""
    access = partnership_access(request.user, slug=slug)
    batch = selectors.batch_get(access=access, batch_id=batch_id)
    return render(request, "metrics/batch.html", {
        "access": access, "partnership": access.partnership, "batch": batch,
        "values": selectors.batch_values(access=access, batch=batch),
    })


@login_required
def measurement_export(request, slug):
    """The measurements the caller sees (``?indicator=`` id or code narrows them), as CSV or XLSX."""
    access = partnership_access(request.user, slug=slug)
    measurements = selectors.measurement_list(access=access, indicator=request.GET.get("indicator", "").strip())
    return requested_table_response(request, tables.measurements_table(access=access, measurements=measurements))


@login_required
def indicator_history_export(request, slug, indicator_id):
    access = partnership_access(request.user, slug=slug)
    indicator = record_get(Indicator.objects.all(), access, indicator_id)
    history = selectors.indicator_history(access=access, indicator=indicator)
    return requested_table_response(request, tables.indicator_history_table(access=access, indicator=indicator,
                                                                            history=history))
