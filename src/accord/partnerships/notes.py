"""Notes: one mechanism for every record type that a party annotates.

A note belongs to the party that wrote it and starts private to that party; it may be shared.
Party notes (on the partnership, this app) and term notes (on the agreement's terms, the
``agreements`` app) are two tables, because they hang off different things and a data migration
bought nothing, but one ``NoteKind`` each: the services, the selector, the pages, the form and the
API handling below are written once and take the kind.

Only the author's party edits or deletes a note: for the other party a private note does not
exist (``Http404`` from ``record_get``), and a shared one is refused (``PermissionDenied``).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import BooleanField, Case, QuerySet, Value, When

from accord.core.audit import AuditAction, changes_between, record_event, snapshot
from accord.core.updates import apply_fields, model_update, reject_unknown_fields

from .access import PartnershipAccess, record_get, records_owned, records_visible_to
from .models import PartnershipRecord, PartyNote, Visibility

NOTE_FIELDS = ("text", "visibility")


class NoteForm(forms.Form):
    """A note as typed; a kind with more fields (a term) subclasses it."""

    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Note")
    visibility = forms.ChoiceField(choices=Visibility.choices, initial=Visibility.PRIVATE, widget=forms.RadioSelect)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


@dataclass(frozen=True)
class NoteKind:
    """What differs between two kinds of note: the table, its extra fields, and where its pages are."""

    model: type[PartnershipRecord]
    list_url: str  # the page a saved or deleted note returns to
    edit_url: str
    delete_url: str
    create_url: str
    form: type[NoteForm] = NoteForm
    extra_fields: tuple[str, ...] = ()  # set by the author besides text and visibility (e.g. "term")
    audit_label: Callable[[PartnershipRecord], str] | None = None  # None: the note's ``str``
    fields: tuple[str, ...] = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "fields", (*self.extra_fields, *NOTE_FIELDS))
        _KINDS[self.model] = self

    def label(self, note) -> str | None:
        return self.audit_label(note) if self.audit_label else None


_KINDS: dict[type, NoteKind] = {}


def kind_of(note) -> NoteKind:
    return _KINDS[type(note)]


PARTY_NOTES = NoteKind(
    model=PartyNote, list_url="partnerships:detail", edit_url="partnerships:note_edit",
    delete_url="partnerships:note_delete", create_url="partnerships:note_create",
    audit_label=lambda note: "a note",
)


# Reads -------------------------------------------------------------------------------------

def note_list(*, access: PartnershipAccess, kind: NoteKind, search: str = "", visibility: str = "",
              **filters) -> QuerySet:
    """The notes of ``kind`` the caller's party may see, each with ``editable``: the caller may change it."""
    notes = records_visible_to(kind.model.objects.all(), access, visibility=visibility).select_related(
        "owner_party__organization", "created_by")
    notes = notes.annotate(editable=Case(When(owner_party=access.party, then=Value(access.can_write)),
                                         default=Value(False), output_field=BooleanField()))
    if search:
        notes = notes.filter(text__icontains=search)
    return notes.filter(**{name: value for name, value in filters.items() if name in kind.extra_fields and value})


def note_get(*, access: PartnershipAccess, kind: NoteKind, note_id, own: bool = False):
    """One note the caller may see, or ``Http404``; ``own``: only one of the caller's party's own notes,
    so that the pages and API that change a note answer the other party's notes as not there."""
    notes = note_list(access=access, kind=kind)
    return record_get(records_owned(notes, access) if own else notes, access, note_id)


# Writes ------------------------------------------------------------------------------------

def _require_own(access: PartnershipAccess, note) -> None:
    access.require_write()
    if note.owner_party_id != access.party.pk:
        raise PermissionDenied("Only the party that wrote a note can change it.")


@transaction.atomic
def note_create(*, access: PartnershipAccess, kind: NoteKind, text: str, visibility: str = Visibility.PRIVATE,
                **fields):
    """A new note of ``kind`` by the caller's party, private unless ``visibility`` says shared."""
    access.require_write()
    reject_unknown_fields(fields, kind.extra_fields)
    note = kind.model(partnership=access.partnership, owner_party=access.party, created_by=access.user)
    apply_fields(note, {**fields, "text": text or "", "visibility": visibility or Visibility.PRIVATE})
    note.save()
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.CREATE, record=note,
                 label=kind.label(note), changes=changes_between({}, snapshot(note, kind.fields)))
    return note


@transaction.atomic
def note_update(*, access: PartnershipAccess, note, revision: int | None = None, **fields):
    """Change the caller's party's own note; a stale ``revision`` is a ``Conflict``."""
    kind = kind_of(note)
    _require_own(access, note)
    note = kind.model.objects.select_for_update().get(pk=note.pk)
    model_update(access=access, instance=note, fields=fields, allowed=kind.fields, revision=revision,
                 label=kind.label(note))
    return note


@transaction.atomic
def note_delete(*, access: PartnershipAccess, note) -> None:
    kind = kind_of(note)
    _require_own(access, note)
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.DELETE, record=note,
                 label=kind.label(note), changes=changes_between(snapshot(note, kind.fields), {}))
    note.delete()
