"""The visibility rule. Every page, API handler, export and count goes through here.

1. A user sees a partnership only while their organization is an accepted party to it.
   Otherwise the answer is ``Http404`` — the same as for a partnership that does not exist,
   so nobody learns that a partnership they are not part of exists.
2. Inside a partnership, a record is ``shared`` (every party sees it) or ``private`` to its
   owner party. Read records with ``records_visible_to(queryset, access)`` or fetch one with
   ``record_get(queryset, access, pk)``; never with a bare ``Model.objects.get(pk=...)``.
3. Writing needs an organization role other than viewer (``PermissionDenied`` otherwise);
   managing the partnership itself (its fields, its parties) needs manager or admin.
"""

from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from accord.accounts.models import membership_of

from .models import Partnership, Party, PartyMember, PartyMemberRole, PartyStatus

NOT_FOUND_MESSAGE = "Not found."


@dataclass(frozen=True)
class PartnershipAccess:
    """A user's standing in one partnership: which party they act for, and what they may do."""

    partnership: Partnership
    party: Party
    user: object
    membership: object

    @property
    def can_write(self) -> bool:
        return self.membership.can_write

    @property
    def can_manage(self) -> bool:
        return self.membership.can_manage

    @cached_property
    def is_signatory(self) -> bool:
        """Whether the caller is a named signatory of their own party (``PartyMember`` role signatory)."""
        return PartyMember.objects.filter(party=self.party, user=self.user, role=PartyMemberRole.SIGNATORY).exists()

    @property
    def can_sign_for_party(self) -> bool:
        """Whether the caller may sign a proposed charter or agreement for their party."""
        return self.can_write and self.is_signatory

    def require_write(self) -> None:
        if not self.can_write:
            raise PermissionDenied("Viewers cannot make changes.")

    def require_manage(self) -> None:
        if not self.can_manage:
            raise PermissionDenied("Only a manager or an admin of your organization can do this.")


def partnership_access(user, *, partnership_id=None, slug=None, write=False, manage=False) -> PartnershipAccess:
    """The caller's access to one partnership, or ``Http404`` whether it is missing or not theirs."""
    membership = membership_of(user)
    if membership is None:
        raise Http404(NOT_FOUND_MESSAGE)
    lookup = {"partnership_id": partnership_id} if partnership_id is not None else {"partnership__slug": slug}
    try:
        party = Party.objects.select_related("partnership", "organization").get(
            organization_id=membership.organization_id, status=PartyStatus.ACCEPTED, **lookup
        )
    except (Party.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND_MESSAGE) from None
    access = PartnershipAccess(partnership=party.partnership, party=party, user=user, membership=membership)
    if write or manage:
        access.require_write()
    if manage:
        access.require_manage()
    return access


def partnerships_for_user(user) -> QuerySet[Partnership]:
    membership = membership_of(user)
    if membership is None:
        return Partnership.objects.none()
    return Partnership.objects.for_organization(membership.organization_id)


def records_visible_to(queryset: QuerySet, access: PartnershipAccess) -> QuerySet:
    """The records of ``queryset`` that the caller's party may see in this partnership."""
    return queryset.visible_to(access.party)


def record_get(queryset: QuerySet, access: PartnershipAccess, pk):
    """One record visible to the caller's party, or ``Http404`` (also for a bad id)."""
    try:
        return records_visible_to(queryset, access).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND_MESSAGE) from None

