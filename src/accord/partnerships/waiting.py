""""Waiting on you" items of partnerships: invitations the person's organization must answer."""

from django.urls import reverse

from accord.accounts.models import membership_of
from accord.core.waiting import WaitingItem, waiting_provider

from .models import Party, PartyStatus


@waiting_provider
def party_invitations(user, accesses):
    """An invitation to join a partnership is answered by an admin of the invited organization."""
    membership = membership_of(user)
    if membership is None or not membership.is_admin:
        return []
    invited = (Party.objects.filter(organization_id=membership.organization_id, status=PartyStatus.INVITED)
               .select_related("partnership"))
    return [WaitingItem(kind="invitation", title=f"Answer the invitation to {party.partnership.name}",
                        url=reverse("partnerships:list"), detail=f"as {party.get_role_display().lower()}")
            for party in invited]


def signatory_party_ids(user, accesses) -> set[int]:
    """The parties, among ``accesses``, for which ``user`` is a named signatory (one query)."""
    from .models import PartyMember, PartyMemberRole

    if not accesses:
        return set()
    return set(PartyMember.objects.filter(user=user, role=PartyMemberRole.SIGNATORY,
                                          party_id__in=[a.party.pk for a in accesses])
               .values_list("party_id", flat=True))


def version_items(versions, user, accesses, *, document: str, url_name: str) -> list[WaitingItem]:
    """Signatures and draft reviews of a versioned document (charter, agreement) for ``user``.

    ``versions`` are the visible proposed and draft versions of the partnerships of ``accesses``, with their
    signatures prefetched: a proposed version waits for this person when they sign for their party and their
    party has not signed; a draft of their party waits for its review by anyone of that party who may write.
    """
    by_partnership = {a.partnership.pk: a for a in accesses}
    signs_for = signatory_party_ids(user, accesses)
    items = []
    for version in versions:
        access = by_partnership.get(version.partnership_id)
        if access is None:
            continue
        url = reverse(url_name, args=[access.partnership.slug, version.number])
        if version.status == "proposed":
            signed = {signature.party_id for signature in version.signatures.all()}
            if access.party.pk in signs_for and access.party.pk not in signed:
                items.append(WaitingItem(
                    kind="signature", title=f"Sign {document} version {version.number}", url=url,
                    partnership=access.partnership,
                    detail=f"proposed; {access.party.organization.name} has not signed yet"))
        elif version.status == "draft" and access.can_write and version.owner_party_id == access.party.pk:
            items.append(WaitingItem(kind="draft", title=f"Review the draft of {document} version {version.number}",
                                     url=url, partnership=access.partnership, detail="a draft of your party"))
    return items
