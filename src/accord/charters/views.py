from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accord.core.views import add_service_errors, service_on_form
from accord.partnerships.access import partnership_access

from . import selectors, services
from .calculations import charter_diff, values_to_text
from .forms import CharterVersionForm, NewDraftForm, ReviewCadenceForm
from .models import VersionStatus
from .pocket_card import card_fit_for, card_preview_fields, pocket_card_for, pocket_card_png
from .templates_library import FIELD_GUIDANCE


def _messages_from(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
def charter_home(request, slug):
    access = partnership_access(request.user, slug=slug)
    charter = selectors.charter_get(access=access)
    versions = list(selectors.charter_versions(access=access))
    in_force = next((v for v in versions if v.status == VersionStatus.IN_FORCE), None)
    proposed = next((v for v in versions if v.status == VersionStatus.PROPOSED), None)
    cadence = ReviewCadenceForm(initial={
        "purpose_values_review_months": charter.purpose_values_review_months if charter else 12,
        "mission_vision_review_months": charter.mission_vision_review_months if charter else 6,
    })
    return render(request, "charters/charter.html", {
        "access": access, "partnership": access.partnership, "charter": charter,
        "in_force": in_force, "proposed": proposed,
        "drafts": [v for v in versions if v.status == VersionStatus.DRAFT],
        "review": selectors.charter_review(access=access, charter=charter, in_force=in_force),
        "signatories": selectors.charter_signatories(access=access),
        "cadence_form": cadence,
    })


@login_required
def version_list(request, slug):
    access = partnership_access(request.user, slug=slug)
    return render(request, "charters/versions.html", {
        "access": access, "partnership": access.partnership,
        "versions": selectors.charter_versions(access=access),
    })


@login_required
def version_detail(request, slug, number):
    access = partnership_access(request.user, slug=slug)
    version = selectors.charter_version_get(access=access, number=number)
    in_force = selectors.charter_version_in_force(access.partnership)
    signed = {s.party_id for s in version.signatures.all()}
    return render(request, "charters/version.html", {
        "access": access, "partnership": access.partnership, "version": version, "in_force": in_force,
        "signatories": selectors.charter_signatories(access=access), "signed_party_ids": signed,
        "own_party_signed": access.party.pk in signed,
        "card_fit": card_fit_for(version),
    })


@login_required
def version_new(request, slug):
    access = partnership_access(request.user, slug=slug, write=True)
    form = NewDraftForm(request.POST or None, initial={"source": request.GET.get("source", "empty"),
                                                       "from_version": request.GET.get("from_version")},
                        partnerships=selectors.charter_copy_sources(access=access),
                        versions=selectors.charter_versions(access=access))
    if request.method == "POST" and form.is_valid():
        try:
            version = services.charter_version_create(access=access, **form.source_arguments())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Draft version {version.number} created. Edit it, then propose it for signature.")
            return redirect("charters:version_edit", slug=slug, number=version.number)
    return render(request, "charters/new.html", {"access": access, "partnership": access.partnership, "form": form})


@login_required
def version_edit(request, slug, number):
    access = partnership_access(request.user, slug=slug, write=True)
    version = selectors.charter_version_get(access=access, number=number)
    if not version.is_draft:
        messages.error(request, f"Version {version.number} is {version.get_status_display().lower()} and cannot be "
                                "edited. Start a new draft from it instead.")
        return redirect("charters:version", slug=slug, number=version.number)
    form = CharterVersionForm(request.POST or None, initial={
        "tagline": version.tagline, "purpose": version.purpose, "vision": version.vision,
        "vision_horizon": version.vision_horizon, "mission": version.mission,
        "values": values_to_text(version.values), "revision": version.revision,
        "card_purpose": version.card_purpose, "card_vision": version.card_vision,
        "card_mission": version.card_mission, "card_values": values_to_text(version.card_values),
    })
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "revision"}
        if service_on_form(form, services.charter_version_update, access=access, version=version,
                           revision=form.cleaned_data.get("revision"), **data):
            messages.success(request, f"Draft version {version.number} saved.")
            return redirect("charters:version", slug=slug, number=version.number)
    return render(request, "charters/edit.html", {"access": access, "partnership": access.partnership,
                                                  "version": version, "form": form, "guidance": FIELD_GUIDANCE,
                                                  "card_fit": card_fit_for(version)})


@login_required
@require_POST
def card_preview(request, slug, number):
    """The draft editor's live verdict on the pocket card for the words being typed (nothing is saved)."""
    access = partnership_access(request.user, slug=slug, write=True)
    version = selectors.charter_version_get(access=access, number=number)
    form = CharterVersionForm(request.POST)
    form.is_valid()  # parse what can be parsed; the card is judged on that
    wording = {name: form.cleaned_data[name] for name in (*card_preview_fields(), "vision_horizon")
               if name in form.cleaned_data}
    fit = card_fit_for(selectors.version_with_wording(version, wording))
    return render(request, "charters/_card_fit.html", {"fit": fit, "partnership": access.partnership,
                                                        "version": version})


def _version_action(request, slug, number, service, done: str, **arguments):
    access = partnership_access(request.user, slug=slug, write=True)
    version = selectors.charter_version_get(access=access, number=number)
    try:
        version = service(access=access, version=version, **arguments)
    except ValidationError as exc:
        _messages_from(request, exc)
    else:
        messages.success(request, done.format(version=version))
    return redirect("charters:version", slug=slug, number=version.number)


@login_required
@require_POST
def version_propose(request, slug, number):
    return _version_action(request, slug, number, services.charter_version_propose,
                           "Version {version.number} proposed: each party's signatory can now sign it.")


@login_required
@require_POST
def version_withdraw(request, slug, number):
    return _version_action(request, slug, number, services.charter_version_withdraw,
                           "Version {version.number} is back to draft; its signatures were cleared and the other "
                           "party can see your reason.", reason=request.POST.get("reason", ""))


@login_required
@require_POST
def version_sign(request, slug, number):
    def sign(*, access, version):
        version = services.charter_version_sign(access=access, version=version)
        if version.is_in_force:
            messages.success(request, f"Every party has signed: version {version.number} is now in force.")
        return version

    return _version_action(request, slug, number, sign, "You signed version {version.number}.")


@login_required
def compare(request, slug):
    access = partnership_access(request.user, slug=slug)
    versions = list(selectors.charter_versions(access=access))
    by_number = {v.number: v for v in versions}
    numbers = sorted(by_number)

    def pick(name, default):
        try:
            return by_number.get(int(request.GET.get(name, "")), None) or default
        except ValueError:
            return default

    a = pick("a", by_number.get(numbers[-2]) if len(numbers) > 1 else None)
    b = pick("b", by_number.get(numbers[-1]) if numbers else None)
    changes = charter_diff(selectors.version_content(a), selectors.version_content(b)) if a and b else []
    return render(request, "charters/compare.html", {"access": access, "partnership": access.partnership,
                                                     "versions": versions, "a": a, "b": b, "changes": changes})


@login_required
@require_POST
def review_cadence(request, slug):
    access = partnership_access(request.user, slug=slug, write=True)
    form = ReviewCadenceForm(request.POST)
    if form.is_valid():
        try:
            services.charter_review_cadence_update(access=access, **form.cleaned_data)
        except ValidationError as exc:
            _messages_from(request, exc)
        else:
            messages.success(request, "Review cadence saved.")
    else:
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label}: {errors[0]}" if field in form.fields else errors[0])
    return redirect("charters:home", slug=slug)


def _card_refused(request, slug, version, exc: ValidationError):
    """A card that cannot fit is never cut: say what to shorten, on the version's page."""
    _messages_from(request, exc)
    return redirect("charters:version", slug=slug, number=version.number)


def _card_filename(version, extension):
    return f"{version.partnership.slug}-charter-v{version.number}-pocket-card.{extension}"


def _pocket_card_download(request, slug, extension: str, content_type: str, render_file):
    """The pocket card of the requested version as a file, or the page saying why it cannot be made."""
    access = partnership_access(request.user, slug=slug)
    version = selectors.pocket_card_version(access=access, number=request.GET.get("version"))
    try:
        pdf = pocket_card_for(version)
    except ValidationError as exc:
        return _card_refused(request, slug, version, exc)
    response = HttpResponse(render_file(pdf), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_card_filename(version, extension)}"'
    return response


@login_required
def pocket_card_pdf(request, slug):
    return _pocket_card_download(request, slug, "pdf", "application/pdf", lambda pdf: pdf)


@login_required
def pocket_card_image(request, slug):
    return _pocket_card_download(request, slug, "png", "image/png", pocket_card_png)
