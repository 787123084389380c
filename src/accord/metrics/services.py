"""Writes: indicators, measurements and scorecard settings. Each change validates, writes and audits."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from accord.core.audit import AuditAction, changes_between, record_event, snapshot
from accord.core.errors import Conflict
from accord.partnerships.access import NOT_FOUND_MESSAGE, PartnershipAccess
from accord.partnerships.models import Party, PartyStatus, Visibility

from . import library, periods
from .calculations import BandError, number, parse_bands
from .models import (
    Indicator,
    Measurement,
    MeasurementRevision,
    MeasurementSource,
    ScorecardSettings,
)

INDICATOR_FIELDS = (
    "code", "name", "description", "kind", "unit", "direction", "target", "baseline", "stretch", "bands",
    "frequency", "aggregation", "weight", "entry_by", "data_source", "method", "active_from", "active_to",
    "visibility", "owner_party",
)
CODE_TAKEN = "An indicator with this code already exists in this partnership."


def clean_bands(bands) -> list[dict]:
    """Bands as stored: checked (2–5, non-overlapping), lowest first, bounds as exact decimal text."""
    try:
        parsed = parse_bands(list(bands or []))
    except BandError as exc:
        raise ValidationError({"bands": str(exc)}) from None
    return [{"low": None if b.low is None else number(b.low), "high": None if b.high is None else number(b.high),
             "status": b.status} for b in parsed]


def _owner_party(access: PartnershipAccess, party_id) -> Party:
    if party_id in (None, "", access.party.pk):
        return access.party
    party = Party.objects.filter(pk=party_id if str(party_id).isdigit() else None, partnership=access.partnership,
                                 status=PartyStatus.ACCEPTED).select_related("organization").first()
    if party is None:
        raise ValidationError({"owner_party": "Choose a party of this partnership."})
    return party


def _check_visible(access: PartnershipAccess, indicator: Indicator) -> None:
    if indicator.partnership_id != access.partnership.pk or (
        indicator.visibility != Visibility.SHARED and indicator.owner_party_id != access.party.pk
    ):
        raise Http404(NOT_FOUND_MESSAGE)


def _validate_indicator(access: PartnershipAccess, indicator: Indicator) -> None:
    indicator.code = (indicator.code or "").strip()
    indicator.name = (indicator.name or "").strip()
    indicator.bands = clean_bands(indicator.bands)
    errors = {}
    try:
        indicator.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if indicator.visibility == Visibility.PRIVATE and indicator.owner_party_id != access.party.pk:
        errors.setdefault("visibility", []).append("A private indicator belongs to your own party.")
    if indicator.active_from and indicator.active_to and indicator.active_to < indicator.active_from:
        errors.setdefault("active_to", []).append("The end must be on or after the start.")
    if indicator.code and Indicator.objects.filter(partnership=access.partnership, code__iexact=indicator.code).exclude(
        pk=indicator.pk
    ).exists():
        errors.setdefault("code", []).append(CODE_TAKEN)
    if errors:
        raise ValidationError(errors)


def _snapshot(indicator: Indicator) -> dict:
    values = snapshot(indicator, [f for f in INDICATOR_FIELDS if f != "owner_party"])
    values["owner_party"] = str(indicator.owner_party.organization) if indicator.owner_party_id else None
    return values


@transaction.atomic
def indicator_create(*, access: PartnershipAccess, owner_party=None, **fields) -> Indicator:
    """A new indicator owned by ``owner_party`` (a party id; default the caller's party)."""
    access.require_write()
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise ValidationError({name: "This field cannot be set." for name in sorted(unknown)})
    indicator = Indicator(partnership=access.partnership, owner_party=_owner_party(access, owner_party),
                          created_by=access.user)
    for name, value in fields.items():
        if value is not None or name in ("baseline", "stretch", "active_from", "active_to"):
            setattr(indicator, name, value)
    _validate_indicator(access, indicator)
    indicator.save()
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.CREATE, record=indicator,
                 changes=changes_between({}, _snapshot(indicator)))
    return indicator


@transaction.atomic
def indicator_update(*, access: PartnershipAccess, indicator: Indicator, revision: int | None = None,
                     **fields) -> Indicator:
    access.require_write()
    _check_visible(access, indicator)
    indicator = Indicator.objects.select_for_update().select_related("owner_party__organization").get(pk=indicator.pk)
    if revision is not None and int(revision) != indicator.revision:
        raise Conflict()
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise ValidationError({name: "This field cannot be changed." for name in sorted(unknown)})
    before = _snapshot(indicator)
    for name, value in fields.items():
        if name == "owner_party":
            indicator.owner_party = _owner_party(access, value)
        else:
            setattr(indicator, name, value)
    _validate_indicator(access, indicator)
    changes = changes_between(before, _snapshot(indicator))
    if not changes:
        return indicator
    indicator.revision = F("revision") + 1
    indicator.save()
    indicator.refresh_from_db()
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=indicator,
                 changes=changes)
    return indicator


def _copy_fields(source: dict) -> dict:
    return {name: source[name] for name in INDICATOR_FIELDS if name in source and name != "owner_party"}


@transaction.atomic
def indicators_add_from_library(*, access: PartnershipAccess, codes: list[str]) -> tuple[list[Indicator], list[str]]:
    """Add library indicators by code. Returns (added, codes skipped because the partnership has them)."""
    access.require_write()
    unknown = [code for code in codes if code not in library.BY_CODE]
    if unknown:
        raise ValidationError({"codes": f"Not in the library: {', '.join(unknown)}."})
    taken = {c.upper() for c in Indicator.objects.filter(partnership=access.partnership).values_list("code", flat=True)}
    added, skipped = [], []
    for code in codes:
        if code.upper() in taken:
            skipped.append(code)
            continue
        added.append(indicator_create(access=access, **_copy_fields(library.BY_CODE[code])))
        taken.add(code.upper())
    return added, skipped


@transaction.atomic
def indicators_copy_from(*, access: PartnershipAccess, source_access: PartnershipAccess,
                         codes: list[str] | None = None) -> tuple[list[Indicator], list[str]]:
    """Copy the indicators the caller sees in another of their partnerships (all, or those ``codes``).

    Copies belong to the caller's party and keep their visibility; codes already used here are skipped.
    """
    access.require_write()
    if source_access.partnership.pk == access.partnership.pk:
        raise ValidationError({"source": "Choose another partnership to copy from."})
    sources = Indicator.objects.visible_to(source_access.party)
    if codes:
        sources = sources.filter(code__in=codes)
    taken = {c.upper() for c in Indicator.objects.filter(partnership=access.partnership).values_list("code", flat=True)}
    added, skipped = [], []
    for source in sources.order_by("kind", "code"):
        if source.code.upper() in taken:
            skipped.append(source.code)
            continue
        fields = {name: getattr(source, name) for name in INDICATOR_FIELDS if name != "owner_party"}
        added.append(indicator_create(access=access, **fields))
        taken.add(source.code.upper())
    return added, skipped


# Measurements -----------------------------------------------------------------------------

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


def _value(value) -> Decimal:
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
    _check_visible(access, indicator)
    if not indicator.may_be_entered_by(access.party):
        raise PermissionDenied(f"Only the owner party enters values of {indicator.code}.")
    day = _period(indicator, period)
    amount = _value(value)
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


# Scorecard settings ------------------------------------------------------------------------

@transaction.atomic
def scorecard_settings_update(*, access: PartnershipAccess, green_at=None, amber_at=None) -> ScorecardSettings:
    """Set the overall-score thresholds: green at ≥ ``green_at``, amber at ≥ ``amber_at``."""
    access.require_manage()
    settings, _ = ScorecardSettings.objects.select_for_update().get_or_create(partnership=access.partnership)
    before = snapshot(settings, ("green_at", "amber_at"))
    errors = {}
    for name, value in (("green_at", green_at), ("amber_at", amber_at)):
        if value is None:
            continue
        try:
            amount = _value(value)
        except ValidationError:
            errors[name] = ["Enter a number."]
            continue
        if not Decimal("0") <= amount <= Decimal("150"):
            errors[name] = ["Enter a score between 0 and 150."]
        setattr(settings, name, amount)
    if not errors and settings.amber_at > settings.green_at:
        errors["amber_at"] = [f"Amber ({number(settings.amber_at)}) must not be above green ({number(settings.green_at)})."]
    if errors:
        raise ValidationError(errors)
    settings.full_clean(validate_constraints=False)
    changes = changes_between(before, snapshot(settings, ("green_at", "amber_at")))
    if changes:
        settings.save()
        record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=settings,
                     partnership=access.partnership, label="scorecard thresholds", changes=changes)
    return settings
