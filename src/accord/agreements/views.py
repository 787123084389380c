import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accord.core.views import add_service_errors, service_on_form
from accord.partnerships import notes
from accord.partnerships.access import NOT_FOUND_MESSAGE, partnership_access
from accord.partnerships.notes_views import note_create_from_post
from accord.partnerships.signing import signed_message

from . import documents, selectors, services
from .forms import AreaFormSet, CommunicationsForm, TermNoteForm, TermsForm, section_form
from .notes import TERM_NOTES

# URL segment -> section key of services.SECTIONS, and how the page names it.
SECTION_PATHS = {
    "deliverables": ("deliverables", "Deliverables"),
    "milestones": ("milestones", "Milestones and timeline"),
    "legal-items": ("legal_items", "Legal and compliance"),
    "shared-costs": ("shared_costs", "Shared costs"),
    "exit-clauses": ("exit_clauses", "Exit and termination clauses"),
}


def _version_page(request, access, version):
    parties = selectors.parties(access=access)
    view = selectors.agreement_view(version=version, parties=parties) if version else None
    open_version = selectors.version_open(access=access)
    return render(request, "agreements/version.html", {
        "access": access, "partnership": access.partnership, "agreement": view,
        "open_version": open_version if open_version and (not version or open_version.pk != version.pk) else None,
        "own_signed": bool(version) and any(s.party_id == access.party.pk for s in version.signatures.all()),
        "notes": notes.note_list(access=access, kind=TERM_NOTES)[:10],
    })


@login_required
def overview(request, slug):
    """The agreement in force, or the latest version while none is in force yet."""
    access = partnership_access(request.user, slug=slug)
    return _version_page(request, access, selectors.version_current(access=access))


@login_required
def version_detail(request, slug, number):
    access = partnership_access(request.user, slug=slug)
    return _version_page(request, access, selectors.version_get(access=access, number=number))


@login_required
def version_list(request, slug):
    access = partnership_access(request.user, slug=slug)
    return render(request, "agreements/versions.html", {
        "access": access, "partnership": access.partnership, "versions": selectors.versions(access=access),
    })


@login_required
@require_POST
def version_create(request, slug):
    access = partnership_access(request.user, slug=slug, write=True)
    try:
        version = services.agreement_draft_create(access=access, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("agreements:overview", slug=slug)
    messages.success(request, f"Version {version.number} started as a draft.")
    return redirect("agreements:version", slug=slug, number=version.number)


def _draft(request, slug, number):
    """The caller's write access and the version (a service refuses it if it is not a draft)."""
    access = partnership_access(request.user, slug=slug, write=True)
    return access, selectors.version_get(access=access, number=number)


def draft_page(view):
    """A page that edits a draft: the view gets the caller's write ``access`` and the ``version``; a
    version that is no longer a draft sends the caller back to its page, saying why."""

    @login_required
    @functools.wraps(view)
    def page(request, slug, number, **kwargs):
        access, version = _draft(request, slug, number)
        if not version.is_draft:
            messages.error(request, services.ONLY_DRAFTS)
            return redirect("agreements:version", slug=slug, number=version.number)
        return view(request, slug, number, access=access, version=version, **kwargs)

    return page


@draft_page
def terms_edit(request, slug, number, *, access, version):
    parties = selectors.parties(access=access)
    form = TermsForm(request.POST or None, instance=version, parties=parties, initial={"revision": version.revision},
                     shares={s.party_id: s.share_percent for s in version.revenue_shares.all()})
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.COMMERCIAL_FIELDS}
        if service_on_form(form, services.agreement_terms_update, access=access, version=version,
                           revision=form.cleaned_data["revision"], revenue_shares=form.revenue_shares(), **data):
            messages.success(request, "Commercial terms saved.")
            return redirect("agreements:version", slug=slug, number=version.number)
    return render(request, "agreements/terms_form.html", {"form": form, "partnership": access.partnership,
                                                          "version": version})


@draft_page
def responsibilities_edit(request, slug, number, *, access, version):
    parties = selectors.parties(access=access)
    initial = []
    for area in version.areas.all():
        row = {"name": area.name, "decision_authority": area.decision_authority,
               "reporting_line": area.reporting_line, "negotiability": area.negotiability}
        row.update({f"role_{cell.party_id}": cell.role for cell in area.assignments.all()})
        initial.append(row)
    formset = AreaFormSet(request.POST or None, initial=initial, form_kwargs={"parties": parties}, prefix="areas")
    service_error = None
    if request.method == "POST" and formset.is_valid():
        # Untouched blank rows come back with no data; rows ticked for deletion are left out.
        areas = [form.as_area() for form in formset.forms
                 if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        try:
            services.responsibilities_replace(access=access, version=version, areas=areas)
        except ValidationError as exc:
            service_error = exc.message_dict.get("areas", exc.messages)
        else:
            messages.success(request, "Roles and responsibilities saved.")
            return redirect("agreements:version", slug=slug, number=version.number)
    return render(request, "agreements/responsibilities_form.html", {
        "formset": formset, "parties": parties, "partnership": access.partnership, "version": version,
        "service_error": service_error}, status=422 if service_error else 200)


@draft_page
def communications_edit(request, slug, number, *, access, version):
    parties = selectors.parties(access=access)
    initial = {"revision": version.revision}
    for channel in version.channels.all():
        initial.update({f"{channel.purpose}_channel": channel.channel, f"{channel.purpose}_cadence": channel.cadence,
                        f"{channel.purpose}_negotiability": channel.negotiability})
    initial.update({f"liaison_{li.party_id}": li.user_id for li in version.liaisons.all()})
    form = CommunicationsForm(request.POST or None, parties=parties, initial=initial)
    if request.method == "POST" and form.is_valid():
        if service_on_form(form, services.communications_replace, access=access, version=version,
                           channels=form.channels(), liaisons=form.liaisons(), revision=form.cleaned_data["revision"]):
            messages.success(request, "Communication protocol saved.")
            return redirect("agreements:version", slug=slug, number=version.number)
    return render(request, "agreements/communications_form.html", {
        "form": form, "partnership": access.partnership, "version": version})


def _section(section_path):
    if section_path not in SECTION_PATHS:
        raise Http404(NOT_FOUND_MESSAGE)
    return SECTION_PATHS[section_path]


@draft_page
def section_items(request, slug, number, section_path, *, access, version):
    """A list section of a draft: its rows, and a form to add one."""
    section, title = _section(section_path)
    form = section_form(section, request.POST or None, parties=access.partnership.accepted_parties())
    if request.method == "POST" and form.is_valid():
        try:
            services.section_item_create(access=access, version=version, section=section, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{title}: row added.")
            return redirect("agreements:section", slug=slug, number=version.number, section_path=section_path)
    view = selectors.agreement_view(version=version, parties=selectors.parties(access=access))
    return render(request, "agreements/section.html", {
        "form": form, "partnership": access.partnership, "version": version, "agreement": view,
        "section": section, "section_path": section_path, "title": title,
    }, status=422 if form.errors else 200)


@draft_page
def section_item_edit(request, slug, number, section_path, item_id, *, access, version):
    section, title = _section(section_path)
    item = selectors.section_item(version=version, model=services.SECTIONS[section][0], item_id=item_id)
    form = section_form(section, request.POST or None, instance=item,
                        parties=access.partnership.accepted_parties())
    if request.method == "POST" and form.is_valid():
        try:
            services.section_item_update(access=access, version=version, section=section, item_id=item.pk,
                                         **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{title}: row saved.")
            return redirect("agreements:section", slug=slug, number=version.number, section_path=section_path)
    return render(request, "agreements/item_form.html", {
        "form": form, "partnership": access.partnership, "version": version, "item": item, "title": title,
        "section_path": section_path})


@login_required
@require_POST
def section_item_delete(request, slug, number, section_path, item_id):
    section, title = _section(section_path)
    access, version = _draft(request, slug, number)
    try:
        services.section_item_delete(access=access, version=version, section=section, item_id=item_id)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("agreements:version", slug=slug, number=version.number)
    messages.success(request, f"{title}: row removed.")
    return redirect("agreements:section", slug=slug, number=version.number, section_path=section_path)


@login_required
@require_POST
def version_propose(request, slug, number):
    access, version = _draft(request, slug, number)
    try:
        services.agreement_propose(access=access, version=version)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Version {version.number} proposed. Each party's signatory can now sign it.")
    return redirect("agreements:version", slug=slug, number=version.number)


@login_required
@require_POST
def version_sign(request, slug, number):
    access = partnership_access(request.user, slug=slug, write=True)
    version = selectors.version_get(access=access, number=number)
    try:
        services.agreement_sign(access=access, version=version)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        version.refresh_from_db()
        messages.success(request, signed_message(access, version))
    return redirect("agreements:version", slug=slug, number=version.number)


@login_required
def note_list(request, slug):
    """Term notes: your party's own (private by default) and any the other party shared."""
    access = partnership_access(request.user, slug=slug)
    form = TermNoteForm(initial={"term": request.GET.get("term", "")})
    if request.method == "POST":
        form, created = note_create_from_post(request, access, TERM_NOTES)
        if created:
            messages.success(request, "Note added.")
            return redirect("agreements:notes", slug=slug)
    found = notes.note_list(access=access, kind=TERM_NOTES, term=request.GET.get("term", ""))
    page = Paginator(found, 25).get_page(request.GET.get("page"))
    return render(request, "agreements/notes.html", {"access": access, "partnership": access.partnership,
                                                     "kind": TERM_NOTES, "page": page, "form": form},
                  status=422 if form.errors else 200)


@login_required
def document(request, slug):
    """The charter and the agreement together, laid out for printing."""
    access = partnership_access(request.user, slug=slug)
    return render(request, "agreements/document.html", documents.document_context(access=access))


@login_required
def document_pdf(request, slug):
    access = partnership_access(request.user, slug=slug)
    response = HttpResponse(documents.agreement_pdf(access=access), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{documents.filename(access)}"'
    return response
