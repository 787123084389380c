"""Reads for people and organizations, scoped to the caller."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from accord.core.models import AuditEvent


def organization_events(*, acting_user) -> QuerySet[AuditEvent]:
    """The acting user's organization's audit trail, newest first; for its admins only."""
    membership = getattr(acting_user, "membership", None)
    if membership is None or not membership.is_admin:
        raise PermissionDenied("Only an admin of your organization can read its audit trail.")
    return AuditEvent.objects.for_organization(membership.organization).select_related("actor", "partnership")
