"""An audit's score feeding its template's indicator, through the one measurement writer.

When an audit is completed and its template version names an indicator, the indicator's value
for the audit's period becomes the combination (by the indicator's aggregation: sum, average or
last) of every completed audit of that indicator in that period — so a second audit, or a later
one, corrects the value the first wrote, and the correction keeps its history like any other.

Measurements carry no market yet. ``audits_in_scope`` and ``measurement_row`` are the only
places that know it: when measurements gain a market, they filter the audits by the audit's
market and put ``"market"`` in the row, and everything else stays as it is.
"""

from django.core.exceptions import ValidationError
from django.urls import reverse

from accord.metrics import periods
from accord.metrics.measurements.writing import measurements_save
from accord.metrics.models import Indicator, Measurement, MeasurementSource
from accord.partnerships.access import PartnershipAccess

from . import calculations
from .models import Audit, AuditStatus


def audits_in_scope(audit: Audit, indicator: Indicator, start, end):
    """The completed audits whose scores make up the value ``audit`` feeds: same indicator, same period.
    (At the merge with per-market measurements: also ``market=audit.market``.)"""
    return (Audit.objects.filter(partnership_id=audit.partnership_id, status=AuditStatus.COMPLETED,
                                 version__indicator=indicator, date__gte=start, date__lte=end)
            .prefetch_related("answers__item__section").order_by("date", "completed_at", "id"))


def measurement_row(audit: Audit, indicator: Indicator, period, value, comment: str) -> dict:
    """The writer's row. (At the merge with per-market measurements: ``"market": audit.market.code``.)"""
    return {"indicator": indicator.code, "period": period.isoformat(), "value": value, "comment": comment}


def measurement_lookup(audit: Audit, indicator: Indicator, period) -> dict:
    """How to find the value written. (At the merge: plus ``market=audit.market``.)"""
    return {"indicator": indicator, "period": period}


def feed_indicator(*, access: PartnershipAccess, audit: Audit) -> Measurement | None:
    """Write (or correct) the value of the indicator ``audit``'s template names; ``None`` if it names none.
    The measurement returned carries ``audit_ids``: the audits its value combines."""
    from .services import exact_score  # services calls this module: import at call time

    indicator = audit.version.indicator
    if indicator is None:
        return None
    period = periods.period_start(audit.date, indicator.frequency)
    audits = list(audits_in_scope(audit, indicator, period, periods.period_end(period, indicator.frequency)))
    value = calculations.combine([exact_score(one).overall.value for one in audits], indicator.aggregation)
    link = reverse("audits:audit", kwargs={"slug": audit.partnership.slug, "audit_id": audit.pk})
    numbers = ", ".join(f"#{one.pk}" for one in audits)
    comment = (f"From {len(audits)} audit(s) ({numbers}; {indicator.get_aggregation_display().lower()}); "
               f"latest: {link}")
    result = measurements_save(user=access.user, access=access, source=MeasurementSource.AUDIT, rows=[
        measurement_row(audit, indicator, period, calculations.to_decimal(value), comment)])
    if not result.ok:
        raise ValidationError({"indicator": [f"{indicator.code}: {error.message}" for error in result.errors]})
    Audit.objects.filter(pk__in=[one.pk for one in audits]).update(fed_period=period)
    measurement = Measurement.objects.select_related("indicator").get(**measurement_lookup(audit, indicator, period))
    measurement.audit_ids = [one.pk for one in audits]  # the audits behind the value, for the answer
    return measurement
