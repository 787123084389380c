""""Waiting on you" items of metrics: indicator proposals to answer, measurements due, early warnings."""

import datetime

from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import membership_of
from accord.core.waiting import WaitingItem, waiting_provider
from accord.partnerships.access import records_visible_to_organization

from . import periods
from .models import ChangeStatus, Indicator, IndicatorChange, IndicatorStatus, Measurement
from .scorecards.selectors import warnings_for


def _indicators(user):
    membership = membership_of(user)
    if membership is None:
        return Indicator.objects.none()
    return records_visible_to_organization(Indicator.objects.all(), membership.organization_id)


@waiting_provider
def indicator_proposals(user, accesses):
    """Shared indicators and indicator changes the other party proposed, waiting for a manager of this party."""
    managed = {a.partnership.pk: a for a in accesses if a.can_manage}
    if not managed:
        return []
    changes = (IndicatorChange.objects.filter(status=ChangeStatus.PROPOSED, indicator__in=_indicators(user),
                                              indicator__partnership_id__in=managed)
               .select_related("indicator", "party__organization"))
    items = []
    for change in changes:
        access = managed[change.indicator.partnership_id]
        answered = {acceptance.get("party") for acceptance in change.acceptances}
        if change.party_id == access.party.pk or access.party.pk in answered:
            continue
        what = "the new shared indicator" if change.is_creation else "a change of"
        items.append(WaitingItem(
            kind="indicator_change", title=f"Accept or decline {what} {change.indicator.code}",
            url=reverse("metrics:indicator", args=[access.partnership.slug, change.indicator_id]),
            partnership=access.partnership, detail=f"proposed by {change.party.organization.name}"))
    return items


@waiting_provider
def measurements_due(user, accesses):
    """Per indicator this person's party enters: the last full period of its frequency, when it has no value yet."""
    writers = {a.partnership.pk: a for a in accesses if a.can_write}
    if not writers:
        return []
    today = timezone.localdate()
    indicators = [
        indicator for indicator in _indicators(user).filter(partnership_id__in=writers, status=IndicatorStatus.AGREED)
        if indicator.may_be_entered_by(writers[indicator.partnership_id].party)]
    due_periods = {indicator.pk: periods.shift(periods.period_start(today, indicator.frequency), indicator.frequency, -1)
                   for indicator in indicators}
    indicators = [indicator for indicator in indicators if periods.is_active(
        due_periods[indicator.pk], indicator.frequency, indicator.active_from, indicator.active_to)]
    entered = set(Measurement.objects.filter(indicator__in=indicators, period__in=set(due_periods.values()))
                  .values_list("indicator_id", "period")) if indicators else set()
    items = []
    for indicator in indicators:
        period = due_periods[indicator.pk]
        if (indicator.pk, period) in entered:
            continue
        access = writers[indicator.partnership_id]
        items.append(WaitingItem(
            kind="measurement_due", title=f"Enter {indicator.code} for {periods.label(period, indicator.frequency)}",
            url=reverse("metrics:measurements", args=[access.partnership.slug]), partnership=access.partnership,
            due=periods.period_end(period, indicator.frequency) + datetime.timedelta(days=1), detail=indicator.name))
    return items


@waiting_provider
def early_warnings(user, accesses):
    """The early warnings of each partnership's latest scored month (of the shared scorecard)."""
    items = []
    for access in accesses:
        warnings = warnings_for(access)
        url = reverse("metrics:scorecard", args=[access.partnership.slug]) + f"?period={warnings['period'][:7]}"
        items += [WaitingItem(kind="warning", title=f"Early warning: {warning['name']}", url=url,
                              partnership=access.partnership, detail=warning["message"])
                  for warning in warnings["items"]]
    return items
