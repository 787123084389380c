"""The pages of every kind of note, written once. Each app's URL table passes its ``NoteKind``
(``path(..., notes_views.note_edit, {"kind": TERM_NOTES}, name=...)``); its list page calls
``note_create_from_post`` for the form it shows beside the notes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accord.core.views import service_on_form

from . import notes
from .access import PartnershipAccess, partnership_access


def _kind_fields(form, kind: notes.NoteKind) -> dict:
    return {name: form.cleaned_data[name] for name in kind.fields}


def note_create_from_post(request, access: PartnershipAccess, kind: notes.NoteKind):
    """The posted note form, and whether the note was added (errors are on the form otherwise)."""
    access.require_write()
    form = kind.form(request.POST)
    return form, form.is_valid() and service_on_form(form, notes.note_create, access=access, kind=kind,
                                                     **_kind_fields(form, kind))


def note_form_page(request, access: PartnershipAccess, kind: notes.NoteKind, form, note=None, status=200):
    return render(request, "partnerships/note_form.html", {
        "form": form, "partnership": access.partnership, "note": note, "kind": kind}, status=status)


@login_required
def note_edit(request, slug, note_id, kind: notes.NoteKind):
    access = partnership_access(request.user, slug=slug, write=True)
    note = notes.note_get(access=access, kind=kind, note_id=note_id, own=True)
    form = kind.form(request.POST or None,
                     initial={**{name: getattr(note, name) for name in kind.fields}, "revision": note.revision})
    if request.method == "POST" and form.is_valid():
        if service_on_form(form, notes.note_update, access=access, note=note,
                           revision=form.cleaned_data.get("revision"), **_kind_fields(form, kind)):
            messages.success(request, "Note saved.")
            return redirect(kind.list_url, slug=slug)
    return note_form_page(request, access, kind, form, note)


@login_required
@require_POST
def note_delete(request, slug, note_id, kind: notes.NoteKind):
    access = partnership_access(request.user, slug=slug, write=True)
    notes.note_delete(access=access, note=notes.note_get(access=access, kind=kind, note_id=note_id, own=True))
    messages.success(request, "Note deleted.")
    return redirect(kind.list_url, slug=slug)
