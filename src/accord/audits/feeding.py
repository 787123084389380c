"""An audit's score feeding its template's indicator, through the one measurement writer.

When an audit is completed and its template version names an indicator, the indicator's value
for the audit's period becomes the combination (by the indicator's aggregation: sum, average or
last) of every completed audit of that indicator in that period — so a second audit, or a later
one, corrects the value the first wrote, and the correction keeps its history like any other.

Where the value lands follows the indicator's scope: a partnership-wide indicator gets one value
from every audit of the period; a per-market one a value for the audit's market from that market's
audits; a per-site one a value for the audit's site (a market-wide audit cannot feed it).
``_place`` is the one place that decides it.
"""

from django.core.exceptions import ValidationError
from django.urls import reverse

from accord.metrics import periods
from accord.metrics.measurements.writing import measurements_save
from accord.metrics.models import Indicator, Measurement, MeasurementSource, Scope
from accord.partnerships.access import PartnershipAccess

from . import calculations
from .models import Audit, AuditStatus


def _place(audit: Audit, indicator: Indicator) -> dict:
    """The market or site the fed value belongs to, as model fields (empty for a partnership-wide indicator)."""
    if indicator.scope == Scope.MARKET:
        return {"market": audit.market}
    if indicator.scope == Scope.SITE:
        if audit.site is None:
            raise ValidationError({"site": [f"{indicator.code} is measured per site: this audit of a whole market "
                                            "cannot give it a value. Audit a site instead."]})
        return {"market": audit.market, "site": audit.site}
    return {}


def audits_in_scope(audit: Audit, indicator: Indicator, start, end):
    """The completed audits whose scores make up the value ``audit`` feeds: same indicator, period and place."""
    return (Audit.objects.filter(partnership_id=audit.partnership_id, status=AuditStatus.COMPLETED,
                                 version__indicator=indicator, date__gte=start, date__lte=end,
                                 **_place(audit, indicator))
            .prefetch_related("answers__item__section").order_by("date", "completed_at", "id"))


def measurement_row(audit: Audit, indicator: Indicator, period, value, comment: str) -> dict:
    """The writer's row, naming the market and site by code as a file would."""
    row = {"indicator": indicator.code, "period": period.isoformat(), "value": value, "comment": comment}
    row.update({field: place.code for field, place in _place(audit, indicator).items()})
    return row


def measurement_lookup(audit: Audit, indicator: Indicator, period) -> dict:
    """How to find the value written: at the audit's place, or partnership-wide."""
    place = _place(audit, indicator)
    return {"indicator": indicator, "period": period, "market": place.get("market"), "site": place.get("site")}


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
