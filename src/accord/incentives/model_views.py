"""Financial model pages: a version with its terms in words, the form that drafts and edits it, propose and
sign. The same services as the API (``services.model_*``), so both obey the same rules: managers draft, edit
and propose; each party's named signatory signs for that party."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accord.core.errors import Conflict
from accord.partnerships.access import partnership_access
from accord.partnerships.signing import VersionStatus, signed_message

from . import selectors, services
from .forms import FinancialModelForm


def _may_sign(access, version) -> bool:
    return (version.status == VersionStatus.PROPOSED and access.can_sign_for_party
            and all(signature.party_id != access.party.pk for signature in version.signatures.all()))


@login_required
def model_version(request, slug, number):
    """One version: status, signatures and every term, with the actions the caller may take on it."""
    access = partnership_access(request.user, slug=slug)
    version = selectors.version_get(access=access, number=number)
    return render(request, "incentives/model_version.html", {
        "access": access, "partnership": access.partnership, "version": version,
        "may_edit": access.can_manage and version.status == VersionStatus.DRAFT,
        "may_sign": _may_sign(access, version),
        "may_rework": access.can_manage and version.status in (VersionStatus.PROPOSED, VersionStatus.IN_FORCE)
        and selectors.version_open(access=access) in (None, version),
    })


@login_required
@require_POST
def model_create(request, slug):
    """Start a draft (a copy of the proposed or in-force version); reworking a proposal needs a reason."""
    access = partnership_access(request.user, slug=slug, manage=True)
    try:
        version = services.model_draft_create(access=access, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("incentives:home", slug=slug)
    messages.success(request, f"Version {version.number} started as a draft.")
    return redirect("incentives:model_edit", slug=slug, number=version.number)


@login_required
def model_edit(request, slug, number):
    """Every section of a draft model in one form; on a mistake, each message beside its field, nothing saved."""
    access = partnership_access(request.user, slug=slug, manage=True)
    version = selectors.version_get(access=access, number=number)
    if version.status != VersionStatus.DRAFT:
        messages.error(request, "Only a draft can be changed. Start a new draft from this version to rework it.")
        return redirect("incentives:model_version", slug=slug, number=version.number)
    indicators = selectors.shared_indicator_kinds(selectors.figures_for(access=access))
    rows = FinancialModelForm.rows_for(version.terms or {}, request.POST if request.method == "POST" else None)
    form = FinancialModelForm(request.POST or None, indicators=indicators, **rows,
                              initial=FinancialModelForm.initial_from(version))
    if request.method == "POST" and form.is_valid():
        try:
            services.model_update(access=access, version=version, terms=form.terms(),
                                  revision=form.cleaned_data["revision"])
        except ValidationError as exc:
            form.add_model_errors(exc)
        except Conflict as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Version {version.number} saved.")
            return redirect("incentives:model_version", slug=slug, number=version.number)
    return render(request, "incentives/model_form.html", {
        "access": access, "partnership": access.partnership, "version": version, "form": form,
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def model_propose(request, slug, number):
    access = partnership_access(request.user, slug=slug, manage=True)
    version = selectors.version_get(access=access, number=number)
    try:
        services.model_propose(access=access, version=version)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Version {version.number} proposed. Each party's signatory can now sign it.")
    return redirect("incentives:model_version", slug=slug, number=version.number)


@login_required
@require_POST
def model_sign(request, slug, number):
    access = partnership_access(request.user, slug=slug, write=True)
    version = selectors.version_get(access=access, number=number)
    try:
        services.model_sign(access=access, version=version)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        version.refresh_from_db()
        messages.success(request, signed_message(access, version))
    return redirect("incentives:model_version", slug=slug, number=version.number)
