"""Writes of the scorecard: the overall-score thresholds, and each month's commentary and private notes."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accord.core.audit import AuditAction, changes_between, record_event, snapshot
from accord.metrics.models import ScorecardComment, ScorecardSettings
from accord.metrics.portfolio.refresh import portfolio_refresh
from accord.partnerships.access import PartnershipAccess
from accord.partnerships.models import Visibility

from .calculations import number
from .selectors import parse_scorecard_period

COMMENT_FIELDS = ("period", "text", "visibility")


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
        portfolio_refresh(spans={access.partnership.pk: None})  # every month's status moves
    return settings


def _own_comment(access: PartnershipAccess, comment: ScorecardComment) -> None:
    if comment.owner_party_id != access.party.pk:
        raise PermissionDenied("Only the party that wrote a comment can change or delete it.")


def _comment_label(comment: ScorecardComment) -> str:
    kind = "a private note" if comment.is_private else "commentary"
    return f"{kind} on the scorecard of {comment.period:%b %Y}"


@transaction.atomic
def scorecard_comment_create(*, access: PartnershipAccess, period, text: str,
                             visibility: str = Visibility.SHARED) -> ScorecardComment:
    """Add to a month's shared commentary, or (``visibility`` private) a private note of the caller's party."""
    access.require_write()
    comment = ScorecardComment(partnership=access.partnership, owner_party=access.party, created_by=access.user,
                               period=parse_scorecard_period(period), text=(text or "").strip(),
                               visibility=visibility or Visibility.SHARED)
    comment.full_clean()
    comment.save()
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.CREATE, record=comment,
                 label=_comment_label(comment), changes=changes_between({}, snapshot(comment, COMMENT_FIELDS)))
    return comment


@transaction.atomic
def scorecard_comment_update(*, access: PartnershipAccess, comment: ScorecardComment, text: str) -> ScorecardComment:
    """Change the text of a comment; only its author's party may."""
    access.require_write()
    _own_comment(access, comment)
    comment = ScorecardComment.objects.select_for_update().get(pk=comment.pk)
    before = snapshot(comment, COMMENT_FIELDS)
    comment.text = (text or "").strip()
    comment.full_clean()
    changes = changes_between(before, snapshot(comment, COMMENT_FIELDS))
    if changes:
        comment.revision += 1
        comment.save()
        record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=comment,
                     label=_comment_label(comment), changes=changes)
    return comment


@transaction.atomic
def scorecard_comment_delete(*, access: PartnershipAccess, comment: ScorecardComment) -> None:
    access.require_write()
    _own_comment(access, comment)
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.DELETE, record=comment,
                 label=_comment_label(comment), changes=changes_between(snapshot(comment, COMMENT_FIELDS), {}))
    comment.delete()
