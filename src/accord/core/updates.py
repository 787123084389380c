"""One way to change a record in a service: ``model_update``.

Every service that edits fields of an existing record goes through here, so that every record
answers an unknown field, a bad value and a stale revision the same way, and writes exactly one
audit event listing what changed (none when nothing did):

    unknown fields? → revision still the one the caller read? → set the fields (normalized)
    → full_clean + the record's own rules → field-by-field changes → bump revision → save → audit

The caller locks the row first (``select_for_update``) and checks its own preconditions (a draft,
the caller's own note); the helper is the part that was the same in every service.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from .audit import AuditAction, changes_between, record_event, snapshot
from .errors import Conflict

UNKNOWN_FIELD = "This field cannot be changed."


def reject_unknown_fields(fields: Iterable[str], allowed: Iterable[str]) -> None:
    """``ValidationError`` naming every field that is not one of ``allowed`` (one wording everywhere)."""
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise ValidationError({name: UNKNOWN_FIELD for name in unknown})


def check_revision(record: models.Model, revision: int | None) -> None:
    """Optimistic locking: a caller that sends the revision it read cannot overwrite a newer one."""
    if revision is not None and int(revision) != record.revision:
        raise Conflict()


def strip_text(name: str, value: Any) -> Any:
    """The default normalization: surrounding blanks never count as a change."""
    return value.strip() if isinstance(value, str) else value


def _error_dict(exc: ValidationError, field: str) -> dict:
    return dict(exc.message_dict) if hasattr(exc, "error_dict") else {field: exc.messages}


def apply_fields(instance: models.Model, fields: dict, *, normalize: Callable[[str, Any], Any] = strip_text,
                 validate: Callable[[models.Model], dict] | None = None, clean_exclude: Iterable[str] = (),
                 validate_unique: bool = True, validate_constraints: bool = True) -> None:
    """Set ``fields`` on ``instance`` and check it; raise one ``ValidationError`` with every problem.

    ``normalize(name, value)`` turns input into the stored value and may raise ``ValidationError``
    for that field; ``validate(instance)`` returns the record's own rules as ``{field: message}``,
    run once the fields are individually valid. Used by ``model_update``, and by creates that share
    its rules with the update.
    """
    errors: dict = {}
    for name, value in fields.items():
        try:
            setattr(instance, name, normalize(name, value))
        except ValidationError as exc:
            errors.update(_error_dict(exc, name))
    try:
        instance.full_clean(exclude=[*clean_exclude, *errors], validate_unique=validate_unique,
                            validate_constraints=validate_constraints)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, messages)
    if not errors and validate is not None:
        errors.update(validate(instance))
    if errors:
        raise ValidationError(errors)


def model_update(*, access, instance: models.Model, fields: dict, allowed: Iterable[str],
                 revision: int | None = None, normalize: Callable[[str, Any], Any] = strip_text,
                 validate: Callable[[models.Model], dict] | None = None,
                 extra_changes: Callable[[], list[dict]] | None = None, label: str | None = None,
                 clean_exclude: Iterable[str] = (), validate_unique: bool = True,
                 validate_constraints: bool = True, partnership=None) -> list[dict]:
    """Change the ``allowed`` fields of a locked ``instance`` and record one audit event.

    Returns the changes (``[{"field", "before", "after"}]``); when there are none nothing is saved
    and no event is written. ``extra_changes()`` runs after validation, before the save: it writes
    what belongs to the record but is not one of its fields (rows of a child table) and returns
    those changes. On any ``ValidationError`` or ``Conflict`` nothing has been written.
    """
    allowed = tuple(allowed)
    reject_unknown_fields(fields, allowed)
    check_revision(instance, revision)
    before = snapshot(instance, allowed)
    apply_fields(instance, fields, normalize=normalize, validate=validate, clean_exclude=clean_exclude,
                 validate_unique=validate_unique, validate_constraints=validate_constraints)
    changes = changes_between(before, snapshot(instance, allowed))
    if extra_changes is not None:
        changes += extra_changes()
    if not changes:
        return []
    if hasattr(instance, "revision"):
        instance.revision += 1
    instance.save()
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=instance,
                 partnership=partnership, label=label, changes=changes)
    return changes
