"""The audit trail: services call ``record_event`` (a partnership's trail) or
``record_organization_event`` (an organization's trail) inside their transaction.

Both write the same ``AuditEvent``: a typed ``event_type`` (``AuditEventType``) with the
structured facts of the event in ``details``, and for changed records the field-by-field
``changes``.
"""

import datetime
import decimal
import difflib
import functools
from collections.abc import Callable, Iterable

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import date_format
from django.utils.text import capfirst

from .models import ACTION_SUFFIX, AuditAction, AuditEvent, AuditEventType

REDACTED = "(private)"


def _plain(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | decimal.Decimal):
        return value.isoformat() if not isinstance(value, decimal.Decimal) else str(value)
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict:
    """The named fields of ``instance`` as JSON-ready values, for a before/after comparison."""
    return {name: _plain(getattr(instance, name)) for name in fields}


def changes_between(before: dict, after: dict) -> list[dict]:
    names = list(after) or list(before)
    return [
        {"field": name, "before": before.get(name), "after": after.get(name)}
        for name in names
        if before.get(name) != after.get(name)
    ]


def event_type_for(record: models.Model, action: str) -> str:
    """The type of a generic event on ``record``: its kind and what was done, e.g. ``indicator.created``."""
    return f"{record._meta.model_name}.{ACTION_SUFFIX[AuditAction(action)]}"


def record_event(
    *,
    actor,
    acting_party,
    action: str,
    record: models.Model,
    partnership=None,
    changes: list[dict] | None = None,
    label: str | None = None,
    event_type: str | None = None,
    details: dict | None = None,
    organization=None,
) -> AuditEvent:
    """Write one event on a partnership's trail for ``record``.

    ``event_type`` defaults to the record's kind and the action (``event_type_for``). Pass
    ``organization`` when the event also belongs to that organization's trail (a party
    invitation sent or answered).

    A record with ``visibility``/``owner_party`` (a ``PartnershipRecord``) passes them on to the
    event. When a private record becomes shared, the "before" values of its other fields are
    redacted: they were private when written and stay so.
    """
    partnership = partnership or getattr(record, "partnership", None) or record
    visibility = getattr(record, "visibility", "shared")
    owner_party = getattr(record, "owner_party", None) if visibility != "shared" else None
    changes = list(changes or [])
    was_private = any(c["field"] == "visibility" and c["before"] == "private" for c in changes)
    if visibility == "shared" and was_private:
        changes = [
            c if c["field"] == "visibility" else {**c, "before": REDACTED} for c in changes
        ]
    return AuditEvent.objects.create(
        partnership=partnership,
        organization=organization,
        actor=actor,
        acting_party=acting_party,
        action=action,
        event_type=event_type or event_type_for(record, action),
        record_type=record._meta.label_lower,
        record_id=str(record.pk),
        record_label=(label or str(record))[:200],
        visibility=visibility,
        owner_party=owner_party,
        changes=changes,
        details=details or {},
    )


def record_organization_event(
    *,
    actor,
    organization,
    event_type: str,
    record: models.Model,
    action: str = AuditAction.UPDATE,
    label: str | None = None,
    details: dict | None = None,
    changes: list[dict] | None = None,
) -> AuditEvent:
    """Write one event on ``organization``'s own trail (people, roles, tokens, sign-in throttling).

    ``actor`` is None when nobody was signed in (a throttled sign-in, a password reset by link).
    """
    return AuditEvent.objects.create(
        organization=organization,
        actor=actor,
        action=action,
        event_type=AuditEventType(event_type),
        record_type=record._meta.label_lower,
        record_id=str(record.pk),
        record_label=(label or str(record))[:200],
        changes=list(changes or []),
        details=details or {},
    )


__all__ = [
    "AuditAction", "AuditEventType", "record_event", "record_organization_event", "snapshot",
    "changes_between", "event_type_for",
]


# --- Reading the trail: labels a person understands -------------------------------------------------------------

LONG_TEXT = 80  # characters: beyond this, a change of text is shown as a word-level diff, both sides whole


class Names:
    """Names for the ids a trail stores: party ids (as text) → organization names, usernames → people's names.

    Each is a mapping or a function that reads it, called on first use only: most pages of a feed need neither.
    """

    def __init__(self, parties: dict | Callable[[], dict] | None = None,
                 people: dict | Callable[[], dict] | None = None):
        self._loaders = {"parties": parties or {}, "people": people or {}}

    def _load(self, name: str) -> dict:
        loader = self._loaders[name]
        return loader() if callable(loader) else loader

    @functools.cached_property
    def parties(self) -> dict:
        return self._load("parties")

    @functools.cached_property
    def people(self) -> dict:
        return self._load("people")


def _model_field(record_type: str, name: str):
    try:
        model_field = apps.get_model(record_type)._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None
    # Reverse relations ("signatures", "areas") are summaries the service wrote, not the model's columns.
    return model_field if model_field.concrete else None


def field_label(record_type: str, name: str) -> str:
    """A changed field's name as the model calls it (its ``verbose_name``), else the name in words."""
    model_field = _model_field(record_type, name)
    label = getattr(model_field, "verbose_name", None) or name.replace("_", " ")
    return capfirst(str(label))


def _words(value: str) -> str:
    return capfirst(value.replace("_", " "))


def _date_text(value: str, with_time: bool) -> str:
    try:
        moment = datetime.datetime.fromisoformat(value) if with_time else datetime.date.fromisoformat(value[:10])
    except ValueError:
        return value
    return date_format(moment, "j M Y H:i" if with_time else "j M Y")


def _number_text(value) -> str:
    try:
        return f"{decimal.Decimal(str(value)):,}"
    except (decimal.InvalidOperation, ValueError):
        return str(value)


def _item_text(item, names: Names) -> str:
    if isinstance(item, dict):
        return str(item.get("name") or item.get("title") or ", ".join(f"{k}: {v}" for k, v in item.items()))
    return names.people.get(item, str(item)) if isinstance(item, str) else str(item)


def _mapping_text(name: str, value: dict, names: Names) -> str:
    parts = []
    for key, item in value.items():
        key_text = names.parties.get(str(key)) or _words(str(key))
        if name == "revenue_shares":
            item_text = f"{_number_text(item)}%"
        elif isinstance(item, str):
            item_text = names.people.get(item, item)
        else:
            item_text = value_text("", name, item, names=names)
        parts.append(f"{key_text}: {item_text}")
    return "; ".join(parts)


def value_text(record_type: str, name: str, value, *, names: Names | None = None) -> str:
    """One side of a change as a person reads it: choices by their label, dates and amounts formatted, party and
    people ids by their names, lists and mappings spelled out."""
    names = names or Names()
    if value is None:
        return "—"
    if value == REDACTED:
        return value
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict):
        return _mapping_text(name, value, names) or "none"
    if isinstance(value, list):
        return ", ".join(_item_text(item, names) for item in value) or "none"
    model_field = _model_field(record_type, name) if record_type else None
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, _words(str(value))))
    if isinstance(model_field, models.DateTimeField) and isinstance(value, str):
        return _date_text(value, with_time=True)
    if isinstance(model_field, models.DateField) and isinstance(value, str):
        return _date_text(value, with_time=False)
    if isinstance(model_field, models.DecimalField) or isinstance(value, decimal.Decimal):
        return _number_text(value)
    if isinstance(value, int):
        return f"{value:,}"
    if value == "":
        return "(empty)"
    if name in ("status", "phase", "kind", "direction") and isinstance(value, str):
        return _words(value)  # a state no longer among the model's choices still reads as words
    return str(value)


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """``before`` → ``after`` word by word: ``("same"|"removed"|"added", words)`` runs, in reading order."""
    old, new = before.split(), after.split()
    runs = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append(("same", " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("removed", " ".join(old[i1:i2])))
        if j2 > j1:
            runs.append(("added", " ".join(new[j1:j2])))
    return runs


def change_rows(event: AuditEvent, *, names: Names | None = None) -> list[dict]:
    """The event's changes as ``{"label", "before", "after", "diff"}`` rows; ``diff`` (word runs) for long texts
    changed on both sides, so that two long versions never look identical."""
    names = names or Names()
    rows = []
    for change in event.changes:
        name, before, after = change.get("field", ""), change.get("before"), change.get("after")
        long_text = (isinstance(before, str) and isinstance(after, str) and REDACTED not in (before, after)
                     and max(len(before), len(after)) > LONG_TEXT)
        rows.append({
            "label": field_label(event.record_type, name),
            "before": value_text(event.record_type, name, before, names=names),
            "after": value_text(event.record_type, name, after, names=names),
            "diff": word_diff(before, after) if long_text else None,
        })
    return rows
