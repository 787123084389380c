"""The visibility rule. Every page, API handler, export and count goes through here.

1. A user sees a partnership only while their organization is an accepted party to it.
   Otherwise the answer is ``Http404`` — the same as for a partnership that does not exist,
   so nobody learns that a partnership they are not part of exists.
2. Inside a partnership, a record is ``shared`` (every party sees it) or ``private`` to its
   owner party. Read records with ``records_visible_to(queryset, access)`` or fetch one with
   ``record_get(queryset, access, pk)``; never with a bare ``Model.objects.get(pk=...)``.
3. Writing needs an organization role other than viewer (``PermissionDenied`` otherwise);
   managing the partnership itself (its fields, its parties) needs manager or admin.
4. Reads across all of an organization's partnerships (portfolio, imports naming several
   partnerships) go through ``organization_parties`` and ``records_visible_to_organization``:
   the same rule, applied to every partnership the organization has accepted at once.

Nothing outside this module filters on ``visibility`` or ``owner_party`` (a test scans ``src/``).
"""

from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from accord.accounts.models import membership_of

from .models import Partnership, Party, PartyMember, PartyMemberRole, Visibility

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


def organization_parties(organization_id) -> QuerySet[Party]:
    """The organization's seats in every partnership it has accepted."""
    return Party.objects.accepted().filter(organization_id=organization_id)


def partnership_access(user, *, partnership_id=None, slug=None, write=False, manage=False) -> PartnershipAccess:
    """The caller's access to one partnership, or ``Http404`` whether it is missing or not theirs."""
    membership = membership_of(user)
    if membership is None:
        raise Http404(NOT_FOUND_MESSAGE)
    lookup = {"partnership_id": partnership_id} if partnership_id is not None else {"partnership__slug": slug}
    try:
        party = organization_parties(membership.organization_id).select_related("partnership", "organization").get(
            **lookup
        )
    except (Party.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404(NOT_FOUND_MESSAGE) from None
    access = PartnershipAccess(partnership=party.partnership, party=party, user=user, membership=membership)
    if write or manage:
        access.require_write()
    if manage:
        access.require_manage()
    return access


def partnership_accesses(user) -> list[PartnershipAccess]:
    """The caller's access to every partnership their organization has accepted (one query)."""
    membership = membership_of(user)
    if membership is None:
        return []
    parties = (organization_parties(membership.organization_id).select_related("partnership", "organization")
               .order_by("partnership__name", "partnership_id"))
    return [PartnershipAccess(partnership=party.partnership, party=party, user=user, membership=membership)
            for party in parties]


def partnerships_for_user(user) -> QuerySet[Partnership]:
    membership = membership_of(user)
    if membership is None:
        return Partnership.objects.none()
    return Partnership.objects.for_organization(membership.organization_id)


def records_visible_to(queryset: QuerySet, access: PartnershipAccess, *, visibility: str = "") -> QuerySet:
    """The records of ``queryset`` that the caller's party may see in this partnership
    (with ``visibility``, only the shared or only the private ones among them)."""
    records = queryset.visible_to(access.party)
    return records.filter(visibility=visibility) if visibility else records


def records_visible_to_organization(queryset: QuerySet, organization_id) -> QuerySet:
    """The records of ``queryset`` that the organization's parties may see, in every partnership the
    organization has accepted: shared records, plus the private records of its own parties."""
    return queryset.filter(partnership_id__in=organization_parties(organization_id).values("partnership_id")).filter(
        Q(visibility=Visibility.SHARED) | Q(owner_party__organization_id=organization_id)
    )


def records_shared_in_organization_partnerships(queryset: QuerySet, organization_id) -> QuerySet:
    """The shared records of every partnership the organization has accepted: what all parties see alike
    (the portfolio's shared numbers rest on these only)."""
    return queryset.filter(partnership_id__in=organization_parties(organization_id).values("partnership_id"),
                           visibility=Visibility.SHARED)


def records_shared_in_partnerships(queryset: QuerySet, partnership_ids) -> QuerySet:
    """The shared records of the given partnerships, read by no party in particular: for numbers that are
    the same for every party (the stored portfolio rows are computed from these only, then each reader
    sees the rows of the partnerships its organization has accepted)."""
    return queryset.filter(partnership_id__in=partnership_ids, visibility=Visibility.SHARED)


def records_shared(queryset: QuerySet, access: PartnershipAccess) -> QuerySet:
    """The shared records of the partnership: what every party sees alike (shared numbers rest on these only)."""
    return queryset.visible_to(access.party).filter(visibility=Visibility.SHARED)


def records_owned(queryset: QuerySet, access: PartnershipAccess) -> QuerySet:
    """The records the caller's party owns, shared or private: the ones it alone may change."""
    return queryset.visible_to(access.party).filter(owner_party=access.party)


def records_own_private(queryset: QuerySet, access: PartnershipAccess) -> QuerySet:
    """The caller's party's private records in this partnership."""
    return queryset.visible_to(access.party).filter(visibility=Visibility.PRIVATE, owner_party=access.party)


def record_get(queryset: QuerySet, access: PartnershipAccess, pk):
    """One record visible to the caller's party, or ``Http404`` (also for a bad id)."""
    try:
        return records_visible_to(queryset, access).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404(NOT_FOUND_MESSAGE) from None


def record_require_visible(access: PartnershipAccess, record) -> None:
    """``Http404`` unless ``record`` (already fetched) is one the caller's party may see."""
    if record.partnership_id != access.partnership.pk or (
        record.visibility != Visibility.SHARED and record.owner_party_id != access.party.pk
    ):
        raise Http404(NOT_FOUND_MESSAGE)
