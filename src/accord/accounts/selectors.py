"""Reads for people and organizations, scoped to the caller."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from accord.core.models import AuditEvent

from .models import membership_of


def organization_events(*, acting_user) -> QuerySet[AuditEvent]:
    """The acting user's organization's audit trail, newest first; for its admins only."""
    membership = membership_of(acting_user)
    if membership is None or not membership.is_admin:
        raise PermissionDenied("Only an admin of your organization can read its audit trail.")
    return AuditEvent.objects.for_organization(membership.organization).select_related("actor", "partnership")
