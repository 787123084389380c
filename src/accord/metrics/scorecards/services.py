"""Writes of the scorecard's settings: the overall-score thresholds."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from accord.core.audit import AuditAction, changes_between, record_event, snapshot
from accord.metrics.models import ScorecardSettings
from accord.partnerships.access import PartnershipAccess

from .calculations import number


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
            amount = Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            amount = None
        if amount is None or not amount.is_finite():
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
