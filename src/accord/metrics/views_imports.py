"""The measurement upload page of a partnership."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render

from accord.core.errors import Conflict
from accord.core.views import add_service_errors
from accord.partnerships.access import partnership_access

from .imports import measurements_import
from .models import MeasurementSource

ERRORS_SHOWN = 1000


class MeasurementImportForm(forms.Form):
    file = forms.FileField(label="CSV or XLSX file",
                           help_text="Columns: indicator, period, value, and optionally comment and partnership.")
    dry_run = forms.BooleanField(label="Only check the file (import nothing)", required=False)


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
