"""Reads: the indicators a party sees, and the partnerships it can copy indicators from."""

from django.db.models import F, Prefetch, Q, QuerySet

from accord.metrics.indicators.definitions import definition_values
from accord.metrics.models import ChangeStatus, Indicator, IndicatorChange, IndicatorDefinition
from accord.partnerships.access import (
    PartnershipAccess,
    partnerships_for_user,
    record_get,
    records_own_private,
    records_shared,
    records_visible_to,
)


def _with_timeline(indicators: QuerySet) -> QuerySet:
    """Each indicator with its pending changes (``pending``) and its definitions (``timeline``): three queries."""
    pending = (IndicatorChange.objects.filter(status=ChangeStatus.PROPOSED)
               .select_related("proposed_by", "decided_by", "party__organization").order_by("proposed_at", "id"))
    timeline = IndicatorDefinition.objects.order_by(F("effective_from").asc(nulls_first=True))
    return indicators.select_related("owner_party__organization").prefetch_related(
        Prefetch("changes", queryset=pending, to_attr="pending"), Prefetch("definitions", queryset=timeline,
                                                                           to_attr="timeline"))


def indicator_get(*, access: PartnershipAccess, indicator_id) -> Indicator:
    """One indicator the caller sees, with its pending changes and definitions (``Http404`` otherwise)."""
    return record_get(_with_timeline(Indicator.objects.all()), access, indicator_id)


def indicator_changes(*, access: PartnershipAccess, indicator: Indicator) -> QuerySet[IndicatorChange]:
    """Every change of an indicator the caller sees, newest first."""
    record_get(Indicator.objects.all(), access, indicator.pk)
    return indicator.changes.select_related("proposed_by", "decided_by", "party__organization")


def indicator_list(*, access: PartnershipAccess, kind: str = "", search: str = "") -> QuerySet[Indicator]:
    indicators = _with_timeline(records_visible_to(Indicator.objects.all(), access))
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


def pending_changes_for(*, access: PartnershipAccess, indicator: Indicator) -> list[dict]:
    """The indicator's pending changes, each with what the caller may do with it (as booleans for the page)."""
    current = definition_values(indicator)
    return [{"change": change, "fields": [(name, name.replace("_", " "), value, current.get(name))
                                          for name, value in change.fields.items()],
             "can_decide": access.can_manage and change.party_id != access.party.pk,
             "can_withdraw": access.can_write and change.party_id == access.party.pk}
            for change in indicator.pending]
