"""Reads, always scoped to the caller through ``access``."""

from django.db.models import Prefetch, Q, QuerySet

from accord.accounts.models import PartnershipInvitation, User, membership_of
from accord.core.models import AuditEvent

from .access import PartnershipAccess, partnerships_for_user
from .models import Partnership, Party, PartyMember, PartyStatus


def _with_parties(queryset: QuerySet[Partnership]) -> QuerySet[Partnership]:
    # Accepted parties only: a pending invitation by name would tell the inviter that the name exists.
    return queryset.prefetch_related(
        Prefetch("parties", queryset=Party.objects.accepted().select_related("organization"))
    )


def partnership_list(*, user, search: str = "", status: str = "") -> QuerySet[Partnership]:
    partnerships = partnerships_for_user(user)
    if search:
        partnerships = partnerships.filter(Q(name__icontains=search) | Q(description__icontains=search))
    if status:
        partnerships = partnerships.filter(status=status)
    return _with_parties(partnerships).order_by("name")


def partnership_with_parties(*, access: PartnershipAccess) -> Partnership:
    return _with_parties(Partnership.objects.filter(pk=access.partnership.pk)).get()


def party_list(*, access: PartnershipAccess) -> QuerySet[Party]:
    """Accepted parties with their named people. Pending invitations are listed as sent
    (``invitations_sent``), never as the organization they reached."""
    return (
        access.partnership.accepted_parties()
        .prefetch_related(Prefetch("members", queryset=PartyMember.objects.select_related("user")))
    )


def party_member_candidates(*, access: PartnershipAccess) -> QuerySet[User]:
    return User.objects.filter(membership__organization_id=access.party.organization_id, is_active=True)


def invitations_sent(*, access: PartnershipAccess) -> QuerySet[PartnershipInvitation]:
    """The party invitations sent for this partnership, as typed: what each resolved to is not shown."""
    return access.partnership.sent_invitations.select_related("invited_by")


def invitations_pending_for(*, user) -> QuerySet[Party]:
    membership = membership_of(user)
    if membership is None:
        return Party.objects.none()
    return Party.objects.filter(organization_id=membership.organization_id, status=PartyStatus.INVITED).select_related(
        "partnership", "invited_by"
    ).prefetch_related(Prefetch("partnership__parties", queryset=Party.objects.accepted().select_related("organization")))


def activity_feed(*, access: PartnershipAccess) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.visible_to(access.party).select_related("actor", "acting_party__organization")
