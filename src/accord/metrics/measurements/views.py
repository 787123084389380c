"""Pages of the measurements: the entry grid and the file upload."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from accord.core.errors import Conflict
from accord.core.views import add_service_errors
from accord.metrics.models import MeasurementSource
from accord.metrics.scorecards.calculations import number
from accord.partnerships.access import partnership_access

from . import selectors, services
from .forms import MeasurementImportForm
from .imports import measurements_import

ERRORS_SHOWN = 1000


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
    return render(request, "metrics/measurements.html", dict(access=access, partnership=access.partnership, rows=rows, errors=errors),
                  status=422 if errors else 200)


def _plain(value) -> str:
    return number(value)


def _same(value, text: str) -> bool:
    try:
        return Decimal(text) == value
    except InvalidOperation:
        return False


@login_required
def measurement_import(request, slug):
    access = partnership_access(request.user, slug=slug)
    form = MeasurementImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST":
        access = partnership_access(request.user, slug=slug, write=True)
        if form.is_valid():
            try:
                result = measurements_import(user=request.user, rows_or_file=form.cleaned_data["file"],
                                             source=MeasurementSource.FILE, access=access,
                                             dry_run=form.cleaned_data["dry_run"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            except Conflict as exc:
                form.add_error(None, exc.message)
    return render(request, "metrics/import.html", {
        "access": access, "partnership": access.partnership, "form": form, "result": result,
        "errors_shown": result.errors[:ERRORS_SHOWN] if result else [],
        "errors_hidden": max(0, len(result.errors) - ERRORS_SHOWN) if result else 0,
    }, status=400 if result is not None and not result.ok else 200)
