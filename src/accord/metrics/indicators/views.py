"""Pages of the indicators: the list, the form, adding from the library, copying from another partnership."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accord.core.errors import Conflict
from accord.core.views import add_service_errors
from accord.metrics.models import Indicator, IndicatorKind
from accord.metrics.scorecards.calculations import KINDS
from accord.partnerships.access import partnership_access, record_get
from accord.partnerships.selectors import party_list

from . import library, selectors, services
from .forms import CopyForm, IndicatorForm, LibraryForm


@login_required
def indicator_list(request, slug):
    access = partnership_access(request.user, slug=slug)
    kind = request.GET.get("kind", "")
    indicators = selectors.indicator_list(access=access, kind=kind if kind in KINDS else "")
    return render(request, "metrics/indicators.html", dict(
        access=access, partnership=access.partnership, indicators=indicators, kind=kind, kinds=IndicatorKind.choices,
        library_form=LibraryForm(), copy_form=CopyForm(partnerships=selectors.partnerships_to_copy_from(access=access)),
        library=library.LIBRARY, clashing_codes=selectors.private_codes_clashing(access=access),
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
    return render(request, "metrics/indicator_form.html", dict(access=access, partnership=access.partnership, form=form, indicator=indicator),
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


