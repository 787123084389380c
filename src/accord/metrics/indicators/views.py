"""Pages of the indicators: the list, the form, adding from the library, copying from another partnership."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accord.core.errors import Conflict
from accord.core.exports import requested_table_response
from accord.core.views import add_service_errors
from accord.metrics import tables
from accord.metrics.models import ChangeStatus, Indicator, IndicatorKind, IndicatorStatus
from accord.metrics.scorecards.calculations import KINDS
from accord.partnerships.access import partnership_access, record_get
from accord.partnerships.selectors import party_list

from . import definitions, library, selectors, services
from .forms import CopyForm, DeclineForm, IndicatorForm, LibraryForm


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


@login_required
def indicator_export(request, slug):
    """The indicators of the list page (``?kind=`` narrows them), as CSV or XLSX."""
    access = partnership_access(request.user, slug=slug)
    kind = request.GET.get("kind", "")
    indicators = selectors.indicator_list(access=access, kind=kind if kind in KINDS else "")
    return requested_table_response(request, tables.indicators_table(access=access, indicators=indicators))


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
            messages.success(request, f"Indicator {indicator.code} added." if indicator.status == IndicatorStatus.AGREED
                             else f"Indicator {indicator.code} proposed: it counts once the other party accepts it.")
            return redirect("metrics:indicator", slug=slug, indicator_id=indicator.pk)
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
            indicator, change = services.indicator_update(
                access=access, indicator=indicator, revision=form.cleaned_data.get("revision"),
                **form.service_fields(), **form.change_fields())
        except ValidationError as exc:
            _indicator_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, exc.message)
        else:
            if change is not None and change.status == ChangeStatus.PROPOSED:
                messages.success(request, f"Change to {indicator.code} proposed: it applies once the other party accepts.")
            else:
                messages.success(request, f"Indicator {indicator.code} saved.")
            return redirect("metrics:indicator", slug=slug, indicator_id=indicator.pk)
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
        proposed = [i.code for i in added if i.status == IndicatorStatus.PROPOSED]
        messages.success(request, f"Added {len(added)} indicator(s): {', '.join(i.code for i in added)}." + (
            f" Shared ones ({', '.join(proposed)}) count once the other party accepts them." if proposed else ""))
    if skipped:
        messages.warning(request, f"Skipped {', '.join(skipped)}: the code is already used in this partnership.")
    if not added and not skipped:
        messages.info(request, "Nothing to copy.")




@login_required
def indicator_detail(request, slug, indicator_id):
    """The indicator: its current definition, pending changes (accept / decline / withdraw) and history."""
    access = partnership_access(request.user, slug=slug)
    indicator = selectors.indicator_get(access=access, indicator_id=indicator_id)
    return render(request, "metrics/indicator.html", dict(
        access=access, partnership=access.partnership, indicator=indicator,
        current=[(name, name.replace("_", " "), value) for name, value in definitions.definition_values(indicator).items()],
        pending=selectors.pending_changes_for(access=access, indicator=indicator),
        history=[(d, definitions.definition_values(d)) for d in reversed(indicator.timeline)],
        decline_form=DeclineForm(),
    ))


def _change_action(request, slug, indicator_id, change_id, act, done: str):
    access = partnership_access(request.user, slug=slug, write=True)
    try:
        act(access)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except (Conflict, PermissionDenied) as exc:
        messages.error(request, getattr(exc, "message", None) or str(exc))
    else:
        messages.success(request, done)
    return redirect("metrics:indicator", slug=slug, indicator_id=indicator_id)


@login_required
@require_POST
def indicator_change_accept(request, slug, indicator_id, change_id):
    return _change_action(request, slug, indicator_id, change_id, lambda access: definitions.indicator_change_accept(
        access=access, change_id=change_id, indicator_id=indicator_id), "Change accepted.")


@login_required
@require_POST
def indicator_change_decline(request, slug, indicator_id, change_id):
    return _change_action(request, slug, indicator_id, change_id, lambda access: definitions.indicator_change_decline(
        access=access, change_id=change_id, indicator_id=indicator_id, reason=request.POST.get("reason", "")),
        "Change declined.")


@login_required
@require_POST
def indicator_change_withdraw(request, slug, indicator_id, change_id):
    return _change_action(request, slug, indicator_id, change_id, lambda access: definitions.indicator_change_withdraw(
        access=access, change_id=change_id, indicator_id=indicator_id), "Proposal withdrawn.")
