"""Reads: the indicators a party sees, and the partnerships it can copy indicators from."""

from django.db.models import Q, QuerySet

from accord.metrics.models import Indicator
from accord.partnerships.access import (
    PartnershipAccess,
    partnerships_for_user,
    records_own_private,
    records_shared,
    records_visible_to,
)


def indicator_list(*, access: PartnershipAccess, kind: str = "", search: str = "") -> QuerySet[Indicator]:
    indicators = records_visible_to(Indicator.objects.all(), access).select_related("owner_party__organization")
    if kind:
        indicators = indicators.filter(kind=kind)
    if search:
        indicators = indicators.filter(Q(code__icontains=search) | Q(name__icontains=search))
    return indicators


def partnerships_to_copy_from(*, access: PartnershipAccess) -> list[tuple[int, str]]:
    """The caller's other partnerships, as (id, name), to copy an indicator set from."""
    return list(partnerships_for_user(access.user).exclude(pk=access.partnership.pk).values_list("id", "name"))


def private_codes_clashing(*, access: PartnershipAccess) -> list[str]:
    """Codes of the caller's private indicators that a shared indicator now uses too (the other party could
    not know): the caller is asked to rename theirs."""
    shared = {code.upper() for code in records_shared(Indicator.objects.all(), access).values_list("code", flat=True)}
    return sorted(code for code in records_own_private(Indicator.objects.all(), access).values_list("code", flat=True)
                  if code.upper() in shared)
