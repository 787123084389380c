"""Writes of health other than surveys: the index's weights and alert lines, survey results made actions."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from accord.core.audit import AuditAction, changes_between, record_event, snapshot
from accord.core.updates import reject_unknown_fields
from accord.governance.actions import action_create
from accord.governance.models import ActionItem, ActionSource
from accord.metrics.portfolio.refresh import portfolio_refresh_from
from accord.partnerships.access import PartnershipAccess

from .index import health_settings
from .models import HealthSettings, SurveyRound
from .selectors import results_view

SETTINGS_FIELDS = ("operational_weight", "relationship_weight", "behavioural_weight", "gap_alert", "low_score_alert")


@transaction.atomic
def health_settings_update(*, access: PartnershipAccess, **fields) -> HealthSettings:
    """A manager sets the index's weights (0–100 each, not all 0) and the survey alert lines."""
    access.require_manage()
    reject_unknown_fields(fields, set(SETTINGS_FIELDS))
    settings = health_settings(access.partnership)
    if settings.pk is None:
        settings.owner_party, settings.created_by = access.party, access.user
    else:
        settings = HealthSettings.objects.select_for_update().get(pk=settings.pk)
    before = snapshot(settings, SETTINGS_FIELDS)
    for name, value in fields.items():
        try:
            setattr(settings, name, Decimal(str(value)))
        except (InvalidOperation, ValueError):
            raise ValidationError({name: "Give a number."}) from None
    settings.full_clean(exclude=["partnership", "owner_party"], validate_constraints=False)
    if not any(getattr(settings, name) > 0 for name in SETTINGS_FIELDS[:3]):
        raise ValidationError({"operational_weight": "At least one weight must be above 0."})
    changes = changes_between(before, snapshot(settings, SETTINGS_FIELDS))
    if changes or settings.pk is None:
        created = settings.pk is None
        settings.save()
        record_event(actor=access.user, acting_party=access.party, record=settings, changes=changes,
                     action=AuditAction.CREATE if created else AuditAction.UPDATE)
        portfolio_refresh_from(access.partnership.pk)  # new weights: every stored month's index
    return settings


@transaction.atomic
def survey_action_create(*, access: PartnershipAccess, survey: SurveyRound, code: str, kind: str, owner: int,
                         owner_party: int, due_date: datetime.date) -> ActionItem:
    """Turn one flagged result of a round (a low score or a wide gap) into an action on the partnership's one
    action list, source ``survey``."""
    access.require_write()
    alerts = [alert for alert in results_view(access=access, survey=survey)["alerts"]
              if alert["code"] == code and alert["kind"] == kind]
    if not alerts:
        raise ValidationError({"code": "This result is neither a low score nor a wide gap in this round."})
    title = f"{survey.title} — {alerts[0]['text']}"[:300]
    return action_create(access=access, title=title, owner=owner, owner_party=owner_party, due_date=due_date,
                         source=ActionSource.SURVEY)
