"""The API of every kind of note, written once: ``note_routes`` adds list, create, detail, change and
delete under a router's path for one ``NoteKind`` (``partnerships.notes``)."""

from dataclasses import dataclass

from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from accord.core.pagination import Pagination

from . import notes
from .access import partnership_access


@dataclass(frozen=True)
class NoteSchemas:
    """The kind's own schemas (ninja names OpenAPI components by class, so each kind has its own)."""

    out: type[Schema]
    create: type[Schema]
    patch: type[Schema]
    filters: type[Schema]


def note_routes(router: Router, path: str, *, kind: notes.NoteKind, schemas: NoteSchemas, name: str) -> None:
    """Add the five note operations at ``path`` (e.g. ``/{int:partnership_id}/notes``); ``name`` prefixes
    their operation ids."""

    @router.get(path, response=list[schemas.out], operation_id=f"{name}_list")
    @paginate(Pagination)
    def note_list(request, partnership_id: int, filters: Query[schemas.filters]):
        """Your party's notes plus any the other party chose to share."""
        access = partnership_access(request.user, partnership_id=partnership_id)
        return notes.note_list(access=access, kind=kind, **filters.dict())

    @router.post(path, response={201: schemas.out}, operation_id=f"{name}_create")
    def note_create(request, partnership_id: int, payload: schemas.create):
        access = partnership_access(request.user, partnership_id=partnership_id, write=True)
        note = notes.note_create(access=access, kind=kind, **payload.dict())
        return Status(201, notes.note_get(access=access, kind=kind, note_id=note.pk))

    @router.get(f"{path}/{{int:note_id}}", response=schemas.out, operation_id=f"{name}_detail")
    def note_detail(request, partnership_id: int, note_id: int):
        access = partnership_access(request.user, partnership_id=partnership_id)
        return notes.note_get(access=access, kind=kind, note_id=note_id)

    @router.patch(f"{path}/{{int:note_id}}", response=schemas.out, operation_id=f"{name}_update")
    def note_update(request, partnership_id: int, note_id: int, payload: schemas.patch):
        access = partnership_access(request.user, partnership_id=partnership_id, write=True)
        note = notes.note_get(access=access, kind=kind, note_id=note_id, own=True)
        notes.note_update(access=access, note=note, **payload.dict(exclude_unset=True))
        return notes.note_get(access=access, kind=kind, note_id=note_id)

    @router.delete(f"{path}/{{int:note_id}}", response={204: None}, operation_id=f"{name}_delete")
    def note_delete(request, partnership_id: int, note_id: int):
        access = partnership_access(request.user, partnership_id=partnership_id, write=True)
        notes.note_delete(access=access, note=notes.note_get(access=access, kind=kind, note_id=note_id, own=True))
        return Status(204, None)
