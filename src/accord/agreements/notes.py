"""Term notes: the shared notes mechanism (``partnerships.notes``) on the agreement's terms.

A term note follows the agreement across versions (it names a term, not a version's row)."""

from accord.partnerships.notes import NoteKind

from .forms import TermNoteForm
from .models import TermNote

TERM_NOTES = NoteKind(
    model=TermNote, list_url="agreements:notes", edit_url="agreements:note_edit",
    delete_url="agreements:note_delete", create_url="agreements:notes", form=TermNoteForm, extra_fields=("term",),
)
