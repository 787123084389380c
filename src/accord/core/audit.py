"""The audit trail: services call ``record_event`` (a partnership's trail) or
``record_organization_event`` (an organization's trail) inside their transaction.

Both write the same ``AuditEvent``: a typed ``event_type`` (``AuditEventType``) with the
structured facts of the event in ``details``, and for changed records the field-by-field
``changes``.
"""

import datetime
import decimal
from collections.abc import Iterable

from django.db import models

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
