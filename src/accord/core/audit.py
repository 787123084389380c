"""The audit trail: services call ``record_event`` inside their transaction."""

import datetime
import decimal
from collections.abc import Iterable

from django.db import models

from .models import AuditAction, AuditEvent

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


def record_event(
    *,
    actor,
    acting_party,
    action: str,
    record: models.Model,
    partnership=None,
    changes: list[dict] | None = None,
    label: str | None = None,
) -> AuditEvent:
    """Write one audit event for ``record``.

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
        actor=actor,
        acting_party=acting_party,
        action=action,
        record_type=record._meta.label_lower,
        record_id=str(record.pk),
        record_label=(label or str(record))[:200],
        visibility=visibility,
        owner_party=owner_party,
        changes=changes,
    )


__all__ = ["AuditAction", "record_event", "snapshot", "changes_between"]
