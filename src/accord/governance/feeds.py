"""Relationship indicators fed by the governance records, when the partnership opted in (a setting on the
escalation targets page): "Problems answered within target" (``PROBT``) from the escalation ladder, and
"Actions done on time" per party (``ONTIME-<ROLE>``) from the action list.

The indicators come from the shipped library (``metrics.indicators.library``), created on demand as shared
indicators any party may enter (the other party accepts them as usual before they count in the scorecard).
Each value is a month's percentage, written through the one measurement writer (``measurements_save``,
source ``governance``) inside the transaction that changed the governance data, so the number and what it
is computed from never disagree. A month is rewritten only when its data changes: a due date passing on its
own does not write a value (the next change of that month does)."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.metrics.indicators import library
from accord.metrics.indicators.services import indicator_create
from accord.metrics.measurements.writing import measurements_save
from accord.metrics.models import Indicator, MeasurementSource
from accord.partnerships.access import PartnershipAccess, records_shared

from . import calculations
from .escalation_models import EscalationTargets
from .models import ActionItem, ActionStatus

ESCALATION_CODE = "PROBT"
ON_TIME_CODE = "ONTIME"
LIBRARY_FIELDS = ("name", "description", "kind", "unit", "direction", "target", "bands", "frequency",
                  "aggregation", "entry_by", "data_source", "method")


def opted_in(partnership) -> bool:
    return EscalationTargets.objects.filter(partnership=partnership, feed_indicators=True).exists()


def on_time_codes(partnership) -> dict[int, tuple[str, str]]:
    """party id → (indicator code, name) of its "actions done on time"; the role names the party, its id only
    when two parties share a role."""
    parties = list(partnership.accepted_parties().select_related("organization"))
    roles = [party.role for party in parties]
    return {party.pk: (f"{ON_TIME_CODE}-{party.role.upper()}" + (f"-{party.pk}" if roles.count(party.role) > 1 else ""),
                       f"Actions done on time: {party.organization.name}") for party in parties}


def _shared_codes(access: PartnershipAccess) -> set[str]:
    return {code.upper() for code in records_shared(Indicator.objects.all(), access).values_list("code", flat=True)}


def indicators_ensure(*, access: PartnershipAccess) -> list[Indicator]:
    """Create the fed indicators the partnership does not have yet (from the library's definitions)."""
    taken = _shared_codes(access)
    wanted = [(ESCALATION_CODE, library.BY_CODE[ESCALATION_CODE]["name"], ESCALATION_CODE)]
    wanted += [(code, name, ON_TIME_CODE) for code, name in on_time_codes(access.partnership).values()]
    created = []
    for code, name, entry in wanted:
        if code.upper() in taken:
            continue
        fields = {field: library.BY_CODE[entry][field] for field in LIBRARY_FIELDS if field in library.BY_CODE[entry]}
        created.append(indicator_create(access=access, **{**fields, "code": code, "name": name}))
    return created


def _months(days) -> list[datetime.date]:
    """The first days of the months of ``days`` that have started (a measurement is never for the future)."""
    today = timezone.localdate()
    days = [datetime.date.fromisoformat(day) if isinstance(day, str) else day for day in days]
    return sorted({day.replace(day=1) for day in days if day is not None and day.replace(day=1) <= today})


def _write(access: PartnershipAccess, rows: list[dict]) -> None:
    present = _shared_codes(access)
    rows = [row for row in rows if row["indicator"].upper() in present and row["value"] is not None]
    if not rows:
        return
    result = measurements_save(user=access.user, access=access, source=MeasurementSource.GOVERNANCE, rows=rows)
    if not result.ok:
        # The fed indicator was changed so that this value no longer fits (e.g. made inactive): say so
        # rather than letting the indicator silently stop following the governance data.
        raise ValidationError({"feed": [error.message for error in result.errors[:5]]})


def after_escalation_change(*, access: PartnershipAccess, days) -> None:
    """Rewrite "Problems answered within target" for the months of ``days`` (respond-by dates)."""
    if not opted_in(access.partnership):
        return
    from .selectors import escalation_response_events

    today = timezone.localdate()
    rows = []
    for month in _months(days):
        events = escalation_response_events(access.partnership, month, month + relativedelta(months=1))
        outcomes = [calculations.response_on_time(due=due, responded_on=responded and timezone.localtime(responded).date(),
                                                  today=today) for due, responded, _ in events]
        rows.append({"indicator": ESCALATION_CODE, "period": month.strftime("%Y-%m"),
                     "value": calculations.percent_on_time(outcomes),
                     "comment": f"{sum(o is not None for o in outcomes)} escalation levels due in the month"})
    _write(access, rows)


def after_action_change(*, access: PartnershipAccess, days) -> None:
    """Rewrite "Actions done on time" of every party for the months of ``days`` (due dates)."""
    if not opted_in(access.partnership):
        return
    today = timezone.localdate()
    codes = on_time_codes(access.partnership)
    rows = []
    for month in _months(days):
        actions = records_shared(ActionItem.objects.filter(
            due_date__gte=month, due_date__lt=month + relativedelta(months=1)).exclude(
            status=ActionStatus.CANCELLED), access).values_list("assignee_party_id", "status", "due_date", "completed_on")
        by_party: dict[int, list] = {party: [] for party in codes}
        for party, status, due_date, completed_on in actions:
            done = status == ActionStatus.DONE
            by_party.setdefault(party, []).append(
                calculations.response_on_time(due=due_date, responded_on=completed_on if done else None, today=today))
        for party, outcomes in by_party.items():
            if party in codes:
                rows.append({"indicator": codes[party][0], "period": month.strftime("%Y-%m"),
                             "value": calculations.percent_on_time(outcomes),
                             "comment": f"{sum(o is not None for o in outcomes)} actions due in the month"})
    _write(access, rows)
