""""Waiting on you" for incentives: a proposed financial model your party has not signed, and statements
another party approved that await your party's approval — for your party's named signatories only."""

from django.urls import reverse

from accord.core.waiting import WaitingItem, waiting_provider
from accord.partnerships.signing import VersionStatus

from . import selectors
from .models import StatementStatus


@waiting_provider
def incentives_waiting(user, accesses):
    for access in accesses:
        if not access.can_sign_for_party:
            continue
        url = reverse("incentives:home", kwargs={"slug": access.partnership.slug})
        for version in selectors.versions(access=access).filter(status=VersionStatus.PROPOSED):
            if all(signature.party_id != access.party.pk for signature in version.signatures.all()):
                yield WaitingItem(kind="signature", title=f"Sign financial model version {version.number}",
                                  url=url, partnership=access.partnership)
        for statement in selectors.statements(access=access).filter(status=StatementStatus.DRAFT):
            if all(approval.party_id != access.party.pk for approval in statement.approvals.all()):
                yield WaitingItem(
                    kind="approval", title=f"Approve the incentive statement of {statement.period:%B %Y}",
                    url=reverse("incentives:statement", kwargs={"slug": access.partnership.slug,
                                                                "period": f"{statement.period:%Y-%m}"}),
                    partnership=access.partnership, detail=f"Net payable {statement.currency} "
                                                          f"{statement.net_payable_in_currency}")
