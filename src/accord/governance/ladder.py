"""Writes of the escalation ladder: raise, acknowledge, respond, escalate, resolve, and the targets.

Every step is one transaction: the escalation's new state, a history step, one audit event, and (when the
partnership opted in) the relationship indicator the step changes (``feeds``)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accord.core.audit import AuditAction, changes_between, record_event, snapshot
from accord.core.errors import Conflict
from accord.core.updates import reject_unknown_fields
from accord.metrics.portfolio.refresh import portfolio_refresh_from
from accord.partnerships.access import PartnershipAccess
from accord.partnerships.models import PartyMember, PartyStatus

from . import calculations, concerns, feeds
from .escalation_models import (
    Escalation,
    EscalationCategory,
    EscalationLevel,
    EscalationSeverity,
    EscalationStatus,
    EscalationStep,
    EscalationTargets,
    StepKind,
)

TARGET_FIELDS = tuple(f"{level}_{what}_days" for level in EscalationLevel.values for what in ("respond", "resolve"))
ESCALATION_FIELDS = ("level", "status", "respond_by", "resolve_by")


def _today() -> datetime.date:
    return timezone.localdate()


def targets_for(partnership) -> EscalationTargets:
    """The partnership's targets: its stored row, or the defaults (unsaved) until someone sets them."""
    return EscalationTargets.objects.filter(partnership=partnership).first() or EscalationTargets(
        partnership=partnership)


def _start_level(escalation: Escalation, level: str, *, access: PartnershipAccess, kind: str, text: str = ""):
    respond_days, resolve_days = targets_for(escalation.partnership).days(level)
    now = timezone.now()
    escalation.level, escalation.status, escalation.level_started_at = level, EscalationStatus.OPEN, now
    escalation.respond_by, escalation.resolve_by = calculations.deadlines(
        timezone.localtime(now).date(), respond_days=respond_days, resolve_days=resolve_days)
    escalation.acknowledged_at = escalation.responded_at = None
    return EscalationStep(escalation=escalation, kind=kind, level=level, text=text, actor=access.user,
                          party=access.party, at=now, respond_by=escalation.respond_by,
                          resolve_by=escalation.resolve_by)


def _audit(access: PartnershipAccess, escalation: Escalation, step: EscalationStep, before: dict, verb=AuditAction.UPDATE):
    changes = changes_between(before, snapshot(escalation, ESCALATION_FIELDS))
    record_event(actor=access.user, acting_party=access.party, action=verb, record=escalation, changes=changes,
                 details={"step": step.kind, "level": step.level, **({"text": step.text} if step.text else {})})
    # Responses against their targets are health evidence of the months from the earliest target onward.
    portfolio_refresh_from(escalation.partnership_id, *escalation.steps.values_list("respond_by", flat=True))


def _locked(escalation: Escalation) -> Escalation:
    """The escalation re-read under a row lock, so two people acting at once take turns (the second sees the
    first's step and is answered on the new state)."""
    return Escalation.objects.select_for_update().get(pk=escalation.pk)


def _require_open(escalation: Escalation) -> None:
    if escalation.status == EscalationStatus.RESOLVED:
        raise Conflict("This escalation is resolved; raise a new one if the problem came back.")


@transaction.atomic
def escalation_raise(*, access: PartnershipAccess, category: str, severity: str, description: str,
                     concerns_type: str = "", concerns_id=None) -> Escalation:
    """A problem raised by the caller's party, at the working level, with that level's targets."""
    access.require_write()
    errors = {}
    if category not in EscalationCategory.values:
        errors["category"] = f"Choose one of {', '.join(EscalationCategory.values)}."
    if severity not in EscalationSeverity.values:
        errors["severity"] = f"Choose one of {', '.join(EscalationSeverity.values)}."
    if not (description or "").strip():
        errors["description"] = "Say what the problem is."
    label = ""
    if concerns_type or concerns_id not in (None, ""):
        try:
            label = concerns.concern_label(access, concerns_type, concerns_id)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    escalation = Escalation(partnership=access.partnership, owner_party=access.party, created_by=access.user,
                            category=category, severity=severity, description=description.strip(),
                            concerns_type=concerns_type or "", concerns_id=str(concerns_id or "") if concerns_type else "",
                            concerns_label=label[:300])
    step = _start_level(escalation, EscalationLevel.WORKING, access=access, kind=StepKind.RAISED,
                        text=escalation.description)
    escalation.full_clean(exclude=["partnership", "owner_party"])
    escalation.save()
    step.escalation = escalation
    step.save()
    _audit(access, escalation, step, {}, verb=AuditAction.CREATE)
    return escalation


def _is_receiving(access: PartnershipAccess, escalation: Escalation) -> bool:
    return access.party.pk != escalation.owner_party_id


@transaction.atomic
def escalation_acknowledge(*, access: PartnershipAccess, escalation: Escalation) -> Escalation:
    """The receiving party says it has the problem in hand (once per level)."""
    access.require_write()
    escalation = _locked(escalation)
    _require_open(escalation)
    if not _is_receiving(access, escalation):
        raise PermissionDenied("The party that raised the escalation waits for the other party to acknowledge it.")
    if escalation.acknowledged_at is not None:
        raise Conflict("This escalation is already acknowledged at this level.")
    before = snapshot(escalation, ESCALATION_FIELDS)
    escalation.acknowledged_at, escalation.status = timezone.now(), EscalationStatus.ACKNOWLEDGED
    escalation.save(update_fields=["acknowledged_at", "status", "updated_at"])
    step = EscalationStep.objects.create(escalation=escalation, kind=StepKind.ACKNOWLEDGED, level=escalation.level,
                                         actor=access.user, party=access.party, at=escalation.acknowledged_at)
    _audit(access, escalation, step, before)
    return escalation


@transaction.atomic
def escalation_respond(*, access: PartnershipAccess, escalation: Escalation, text: str) -> EscalationStep:
    """A response at the current level: a proposal, mediation notes. The receiving party's first response
    acknowledges the escalation if needed, stops the level's response clock and opens the way up the ladder."""
    access.require_write()
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Write the response: a proposal, what was agreed to try, mediation notes."})
    escalation = _locked(escalation)
    _require_open(escalation)
    before = snapshot(escalation, ESCALATION_FIELDS)
    now = timezone.now()
    step = EscalationStep.objects.create(escalation=escalation, kind=StepKind.RESPONDED, level=escalation.level,
                                         text=text, actor=access.user, party=access.party, at=now)
    if _is_receiving(access, escalation) and escalation.responded_at is None:
        escalation.responded_at = now
        escalation.acknowledged_at = escalation.acknowledged_at or now
        escalation.status = EscalationStatus.ACKNOWLEDGED
        escalation.save(update_fields=["responded_at", "acknowledged_at", "status", "updated_at"])
        escalation.steps.filter(kind__in=[StepKind.RAISED, StepKind.ESCALATED], level=escalation.level,
                                responded_at=None).update(responded_at=now)
        feeds.after_escalation_change(access=access, days=[escalation.respond_by])
    _audit(access, escalation, step, before)
    return step


@transaction.atomic
def escalation_escalate(*, access: PartnershipAccess, escalation: Escalation, text: str = "") -> Escalation:
    """Up one level, with that level's targets from today. Refused (``Conflict``) until a response is recorded
    at the current level, unless its resolution target has passed."""
    access.require_write()
    escalation = _locked(escalation)
    blocker = calculations.escalation_blocker(level=escalation.level, status=escalation.status,
                                              responded=escalation.responded_at is not None,
                                              resolve_by=escalation.resolve_by, today=_today())
    if blocker:
        raise Conflict(blocker)
    before = snapshot(escalation, ESCALATION_FIELDS)
    left_due = escalation.respond_by
    step = _start_level(escalation, calculations.next_level(escalation.level), access=access,
                        kind=StepKind.ESCALATED, text=(text or "").strip())
    escalation.save()
    step.save()
    # A level left without a response counts as a missed response in "response time to problems".
    feeds.after_escalation_change(access=access, days=[left_due, escalation.respond_by])
    _audit(access, escalation, step, before)
    return escalation


def _agreed(partnership, people) -> list[dict]:
    """``people`` (user ids) as the named people of accepted parties who agreed: at least one of each party."""
    if not isinstance(people, list) or not all(isinstance(p, int) and not isinstance(p, bool) for p in people):
        raise ValidationError({"agreed_by": "List the ids of the people who agreed, at least one of each party."})
    named = PartyMember.objects.filter(party__partnership=partnership, party__status=PartyStatus.ACCEPTED,
                                       user_id__in=people).select_related("user", "party__organization")
    found = {member.user_id: member for member in named}
    unknown = [p for p in people if p not in found]
    if unknown:
        raise ValidationError({"agreed_by": "Choose people named on the parties of this partnership."})
    parties = set(partnership.accepted_parties().values_list("pk", flat=True))
    missing = parties - {member.party_id for member in found.values()}
    if missing:
        raise ValidationError({"agreed_by": "A resolution needs the agreement of at least one person of each party."})
    return [{"user": m.user_id, "name": m.user.get_full_name() or m.user.username, "party": m.party_id,
             "organization": m.party.organization.name} for m in found.values()]


@transaction.atomic
def escalation_resolve(*, access: PartnershipAccess, escalation: Escalation, resolution: str,
                       agreed_by: list[int]) -> Escalation:
    """Resolved at the current level: the resolution and who of each party agreed to it."""
    access.require_write()
    errors = {}
    resolution = (resolution or "").strip()
    if not resolution:
        errors["resolution"] = "Write the resolution the parties agreed."
    try:
        agreed = _agreed(access.partnership, agreed_by)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    escalation = _locked(escalation)
    _require_open(escalation)
    before = snapshot(escalation, ESCALATION_FIELDS)
    escalation.status, escalation.resolved_at, escalation.resolution = (
        EscalationStatus.RESOLVED, timezone.now(), resolution)
    escalation.save(update_fields=["status", "resolved_at", "resolution", "updated_at"])
    escalation.agreed_by.set([row["user"] for row in agreed])
    step = EscalationStep.objects.create(escalation=escalation, kind=StepKind.RESOLVED, level=escalation.level,
                                         text=resolution, actor=access.user, party=access.party,
                                         at=escalation.resolved_at, agreed=agreed)
    _audit(access, escalation, step, before)
    return escalation


@transaction.atomic
def targets_update(*, access: PartnershipAccess, **fields) -> EscalationTargets:
    """Set the partnership's response and resolution targets (working days) and whether its governance data
    feeds the relationship indicators. New targets apply to levels started from now on."""
    access.require_manage()
    reject_unknown_fields(fields, {*TARGET_FIELDS, "feed_indicators"})
    targets = EscalationTargets.objects.select_for_update().filter(partnership=access.partnership).first()
    creating = targets is None
    if creating:
        targets = EscalationTargets(partnership=access.partnership, owner_party=access.party, created_by=access.user)
    before = {} if creating else snapshot(targets, (*TARGET_FIELDS, "feed_indicators"))
    for name, value in fields.items():
        setattr(targets, name, value)
    errors = {}
    for level in EscalationLevel.values:
        respond, resolve = targets.days(level)
        for name, value in ((f"{level}_respond_days", respond), (f"{level}_resolve_days", resolve)):
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 250:
                errors[name] = "A whole number of working days from 1 to 250."
        if not errors and resolve < respond:
            errors[f"{level}_resolve_days"] = "Resolving cannot take fewer days than responding."
    if errors:
        raise ValidationError(errors)
    targets.full_clean(exclude=["partnership", "owner_party"], validate_unique=False, validate_constraints=False)
    targets.save()
    changes = changes_between(before, snapshot(targets, (*TARGET_FIELDS, "feed_indicators")))
    if changes:
        record_event(actor=access.user, acting_party=access.party,
                     action=AuditAction.CREATE if creating else AuditAction.UPDATE, record=targets, changes=changes)
    if targets.feed_indicators and (creating or not before.get("feed_indicators")):
        feeds.indicators_ensure(access=access)
        feeds.after_escalation_change(access=access, days=[_today()])
        feeds.after_action_change(access=access, days=[_today()])
    return targets
