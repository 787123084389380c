"""Writes of measurements entered by hand (the grid, the form, the single-value API)."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accord.core.audit import AuditAction, record_event
from accord.metrics import periods
from accord.metrics.models import Indicator, Measurement, MeasurementRevision, MeasurementSource
from accord.metrics.scorecards.calculations import number
from accord.partnerships.access import PartnershipAccess, record_require_visible


def _period(indicator: Indicator, period) -> datetime.date:
    if isinstance(period, datetime.datetime):
        period = period.date()
    if isinstance(period, datetime.date):
        if not periods.is_aligned(period, indicator.frequency):
            start = periods.period_start(period, indicator.frequency)
            raise ValidationError({"period": f"{period.isoformat()} does not start a {indicator.frequency} period; "
                                             f"the period containing it starts {start.isoformat()}."})
        day = period
    else:
        try:
            day = periods.parse_period(str(period or ""), indicator.frequency)
        except periods.PeriodError as exc:
            raise ValidationError({"period": str(exc)}) from None
    if day > timezone.localdate():
        raise ValidationError({"period": f"{day.isoformat()} is in the future; record a period once it has started."})
    period_end = periods.shift(day, indicator.frequency, 1) - datetime.timedelta(days=1)
    if (indicator.active_from and period_end < indicator.active_from) or (
        indicator.active_to and day > indicator.active_to
    ):
        raise ValidationError({"period": f"{indicator.code} is not active in the period starting {day.isoformat()}."})
    return day


def decimal_value(value) -> Decimal:
    """``value`` (a number or its text) as a finite Decimal, or ``ValidationError`` on ``value``."""
    if isinstance(value, float):
        value = repr(value)
    try:
        result = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({"value": f"{value!r} is not a number."}) from None
    if not result.is_finite():
        raise ValidationError({"value": f"{value!r} is not a number."})
    return result


@transaction.atomic
def measurement_record(*, access: PartnershipAccess, indicator: Indicator, period, value, comment: str = "",
                       source: str = MeasurementSource.MANUAL) -> Measurement:
    """Record (or correct) the value of ``indicator`` for ``period``.

    Only a party allowed by the indicator's ``entry_by`` may; the period must start a period of the
    indicator's frequency. A correction keeps the earlier value in ``MeasurementRevision``.
    """
    access.require_write()
    record_require_visible(access, indicator)
    if not indicator.may_be_entered_by(access.party):
        raise PermissionDenied(f"Only the owner party enters values of {indicator.code}.")
    day = _period(indicator, period)
    amount = decimal_value(value)
    comment = (comment or "").strip()
    existing = Measurement.objects.select_for_update().filter(indicator=indicator, period=day).first()
    label = f"{indicator.code} for {periods.label(day, indicator.frequency)}"
    if existing is None:
        measurement = Measurement(partnership_id=indicator.partnership_id, indicator=indicator, period=day,
                                  value=amount, comment=comment, source=source, entered_by=access.user)
        measurement.full_clean(validate_unique=False, validate_constraints=False)
        measurement.save()
        record_event(actor=access.user, acting_party=access.party, action=AuditAction.CREATE, record=indicator,
                     label=label, changes=[{"field": f"value {day.isoformat()}", "before": None,
                                            "after": number(measurement.value)}])
        return measurement
    if existing.value == amount and existing.comment == comment:
        return existing
    before = existing.value
    MeasurementRevision.objects.create(measurement=existing, value=existing.value, comment=existing.comment,
                                       source=existing.source, entered_by=existing.entered_by,
                                       entered_at=existing.entered_at)
    existing.value, existing.comment, existing.source = amount, comment, source
    existing.entered_by, existing.entered_at = access.user, timezone.now()
    existing.full_clean(validate_unique=False, validate_constraints=False)
    existing.save()
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=indicator,
                 label=label, changes=[{"field": f"value {day.isoformat()}", "before": number(before),
                                        "after": number(existing.value)}])
    return existing


@transaction.atomic
def measurements_record_many(*, access: PartnershipAccess, entries: list[dict],
                             source: str = MeasurementSource.MANUAL) -> list[Measurement]:
    """Record several values at once: all or nothing.

    Each entry is ``{"key", "indicator", "period", "value", "comment"}``; a failure raises one
    ``ValidationError`` keyed by each failing entry's ``key``, its message naming the cell.
    """
    access.require_write()
    errors, recorded = {}, []
    for entry in entries:
        indicator = entry["indicator"]
        try:
            with transaction.atomic():
                recorded.append(measurement_record(access=access, indicator=indicator, period=entry["period"],
                                                   value=entry["value"], comment=entry.get("comment", ""),
                                                   source=source))
        except ValidationError as exc:
            messages = [m for ms in exc.message_dict.values() for m in ms] if hasattr(exc, "error_dict") else exc.messages
            where = entry["period"] if isinstance(entry["period"], str) else periods.label(entry["period"], indicator.frequency)
            errors[entry["key"]] = [f"{indicator.code}, {where}: {message}" for message in messages]
    if errors:
        raise ValidationError(errors)
    return recorded
