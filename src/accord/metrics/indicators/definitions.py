"""Agreed, dated indicator definitions: proposing, accepting, declining and withdrawing changes.

What moves a score (``SCORE_FIELDS``) is effective-dated: an accepted change adds an
``IndicatorDefinition`` in force from its month onward, so no change rewrites a past period. A change to
a shared indicator — and the creation of one — takes effect only when a manager of every other accepted
party has accepted it; a private indicator's change is accepted as it is made (dated all the same).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from accord.core.audit import AuditAction, record_event
from accord.core.errors import Conflict
from accord.metrics import periods
from accord.metrics.models import ChangeStatus, Indicator, IndicatorChange, IndicatorDefinition, IndicatorStatus
from accord.metrics.portfolio.refresh import portfolio_refresh
from accord.metrics.scorecards.calculations import BandError, number, parse_bands
from accord.partnerships.access import NOT_FOUND_MESSAGE, PartnershipAccess, record_require_visible
from accord.partnerships.models import Party, Visibility

SCORE_FIELDS = ("kind", "direction", "target", "baseline", "stretch", "bands", "frequency", "aggregation", "weight",
                "scope", "rollup", "active_from", "active_to")
NOT_A_SCORE_FIELD = "Only what moves a score changes by agreement; the owner party edits this field directly."


def clean_bands(bands) -> list[dict]:
    """Bands as stored: checked (2–5, non-overlapping), lowest first, bounds as exact decimal text."""
    try:
        parsed = parse_bands(list(bands or []))
    except BandError as exc:
        raise ValidationError({"bands": str(exc)}) from None
    return [{"low": None if b.low is None else number(b.low), "high": None if b.high is None else number(b.high),
             "status": b.status} for b in parsed]


def _json_value(value):
    if isinstance(value, Decimal):
        return number(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def definition_values(source) -> dict:
    """The score-moving fields of an indicator or a definition, JSON-ready (decimals as exact text)."""
    return {name: _json_value(getattr(source, name)) for name in SCORE_FIELDS}


def this_month() -> datetime.date:
    return periods.period_start(timezone.localdate(), periods.MONTHLY)


def parse_effective_from(value) -> datetime.date:
    """The first day of a month, from a date or ``YYYY-MM-DD`` text; ``ValidationError`` naming the field."""
    if value in (None, ""):
        return this_month()
    if not isinstance(value, datetime.date):
        try:
            value = datetime.date.fromisoformat(str(value))
        except ValueError:
            raise ValidationError({"effective_from": "Give a date as YYYY-MM-DD."}) from None
    if value.day != 1:
        raise ValidationError({"effective_from": "A change starts on the first day of a month (YYYY-MM-01)."})
    return value


def checked_changes(indicator: Indicator, fields: dict) -> dict:
    """The score-moving ``fields`` that differ from the indicator's newest definition, checked, JSON-ready."""
    unknown = sorted(set(fields) - set(SCORE_FIELDS))
    if unknown:
        raise ValidationError({name: NOT_A_SCORE_FIELD for name in unknown})
    candidate = Indicator(partnership_id=indicator.partnership_id, owner_party_id=indicator.owner_party_id,
                          code=indicator.code, name=indicator.name,
                          **{name: getattr(indicator, name) for name in SCORE_FIELDS})
    for name, value in fields.items():
        setattr(candidate, name, value)
    candidate.bands = clean_bands(candidate.bands)
    errors = {}
    try:
        candidate.full_clean(exclude=[f.name for f in Indicator._meta.fields if f.name not in SCORE_FIELDS],
                             validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if candidate.active_from and candidate.active_to and candidate.active_to < candidate.active_from:
        errors.setdefault("active_to", []).append("The end must be on or after the start.")
    if errors:
        raise ValidationError(errors)
    before, after = definition_values(indicator), definition_values(candidate)
    return {name: after[name] for name in SCORE_FIELDS if name in fields and after[name] != before[name]}


def _describe(fields: dict) -> str:
    parts = []
    for name, value in fields.items():
        if name == "bands":
            value = " ".join(f"[{b['low'] or '−∞'}, {b['high'] or '+∞'}) {b['status']}" for b in value) or "none"
        parts.append(f"{name.replace('_', ' ')} {value if value is not None else 'none'}")
    return ", ".join(parts)


def newest_definition(indicator: Indicator) -> IndicatorDefinition | None:
    return indicator.definitions.order_by(F("effective_from").desc(nulls_last=True)).first()


def _require_after_newest(indicator: Indicator, effective_from: datetime.date) -> None:
    newest = newest_definition(indicator)
    if newest is not None and newest.effective_from is not None and effective_from <= newest.effective_from:
        raise ValidationError({"effective_from": (
            f"A change starts after {newest.effective_from:%Y-%m}, the start of the newest definition: "
            "what was agreed before it is settled.")})


def definition_start(*, indicator: Indicator, change: IndicatorChange | None = None) -> IndicatorDefinition:
    """The definition from the start: a private indicator's as it is made, a shared one's once agreed.

    A private indicator that became shared restarts its timeline: what the parties agree is the whole of it.
    """
    indicator.definitions.all().delete()
    definition = IndicatorDefinition(indicator=indicator, effective_from=None, change=change,
                                     agreed_on=timezone.localdate(), **{n: getattr(indicator, n) for n in SCORE_FIELDS})
    definition.full_clean(exclude=["indicator", "change"], validate_constraints=False)
    definition.save()
    return definition


def _apply(change: IndicatorChange) -> None:
    """Add the definition an accepted change brings and mirror it on the indicator."""
    indicator = change.indicator
    if change.is_creation:
        for name, value in change.fields.items():
            setattr(indicator, name, value)
        indicator.status = IndicatorStatus.AGREED
        indicator.full_clean(validate_unique=False, validate_constraints=False)
        definition_start(indicator=indicator, change=change)
    else:
        _require_after_newest(indicator, change.effective_from)
        newest = newest_definition(indicator)
        today = timezone.localdate()
        definition = IndicatorDefinition(indicator=indicator, effective_from=change.effective_from, change=change,
                                          agreed_on=today, **{n: getattr(newest or indicator, n) for n in SCORE_FIELDS})
        for name, value in change.fields.items():
            setattr(definition, name, value)
        if change.effective_from < periods.period_start(today, periods.MONTHLY):
            definition.note = (f"{_describe(change.fields)} applies from {change.effective_from:%Y-%m} "
                               f"(agreed {today.isoformat()})")[:300]
        definition.full_clean(exclude=["indicator", "change"], validate_constraints=False)
        definition.save()
        for name in SCORE_FIELDS:
            setattr(indicator, name, getattr(definition, name))
    indicator.revision = F("revision") + 1
    indicator.save()
    indicator.refresh_from_db()
    if not indicator.is_private:  # an agreed shared definition moves the shared scorecard from its start
        portfolio_refresh(spans={indicator.partnership_id: None if change.is_creation
                                 else (change.effective_from, None)})


def _other_parties(change: IndicatorChange) -> set[int]:
    return set(Party.objects.accepted().filter(partnership_id=change.indicator.partnership_id)
               .exclude(pk=change.party_id).values_list("pk", flat=True))


def _settle_if_accepted(change: IndicatorChange, user) -> None:
    """Accepted once every other accepted party has (at once when there is none, or the indicator is private)."""
    accepted = {entry["party"] for entry in change.acceptances}
    if change.indicator.visibility == Visibility.PRIVATE or _other_parties(change) <= accepted:
        change.status = ChangeStatus.ACCEPTED
        change.decided_by, change.decided_at = user, timezone.now()
        _apply(change)


def creation_propose(*, access: PartnershipAccess, indicator: Indicator) -> IndicatorChange:
    """The proposal of a shared indicator as a whole (called inside the writing service, which audits).

    A private indicator being shared leaves its private past behind: its definitions and changes were
    private when made and stay so (in its private audit trail); the agreed definition starts afresh.
    """
    indicator.definitions.all().delete()
    indicator.changes.all().delete()
    indicator.status = IndicatorStatus.PROPOSED
    change = IndicatorChange.objects.create(indicator=indicator, is_creation=True, fields=definition_values(indicator),
                                            effective_from=None, party=access.party, proposed_by=access.user)
    _settle_if_accepted(change, access.user)
    change.save()
    if change.status == ChangeStatus.PROPOSED:
        Indicator.objects.filter(pk=indicator.pk).update(status=IndicatorStatus.PROPOSED)
    return change


def _locked(change_id, indicator_id, access: PartnershipAccess) -> IndicatorChange:
    """The change, locked, if the caller sees its indicator; ``Http404`` otherwise (also for a bad id)."""
    filters = {"pk": change_id, "indicator__partnership": access.partnership}
    if indicator_id is not None:
        filters["indicator_id"] = indicator_id
    change = IndicatorChange.objects.select_for_update().select_related("indicator").filter(**filters).first()
    if change is None:
        raise Http404(NOT_FOUND_MESSAGE)
    record_require_visible(access, change.indicator)
    return change


def _audit(access: PartnershipAccess, change: IndicatorChange, what: str, changes: list[dict]) -> None:
    start = f" from {change.effective_from:%Y-%m}" if change.effective_from else ""
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=change.indicator,
                 changes=changes, label=f"{change.indicator.code}: change #{change.pk}{start} {what}")


@transaction.atomic
def indicator_change_propose(*, access: PartnershipAccess, indicator: Indicator, fields: dict,
                             effective_from=None, reason: str = "") -> IndicatorChange:
    """Propose new values of score-moving fields from a month onward (default: this month).

    Any writer of any party may propose a change to a shared indicator; it takes effect once every other
    party accepts. A private indicator's change (by its owner) is accepted as it is made.
    """
    access.require_write()
    record_require_visible(access, indicator)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if indicator.status != IndicatorStatus.AGREED:
        raise Conflict(f"{indicator.code} is not agreed yet: its creation is {indicator.get_status_display().lower()}.")
    before = definition_values(indicator)
    changed = checked_changes(indicator, dict(fields or {}))
    if not changed:
        raise ValidationError({"fields": "Nothing would change: give a score-moving field a new value."})
    start = parse_effective_from(effective_from)
    _require_after_newest(indicator, start)
    change = IndicatorChange(indicator=indicator, fields=changed, effective_from=start, reason=(reason or "").strip(),
                             party=access.party, proposed_by=access.user)
    change.full_clean(exclude=["indicator", "party", "proposed_by"])
    change.save()
    _settle_if_accepted(change, access.user)
    change.save()
    _audit(access, change, "made" if change.status == ChangeStatus.ACCEPTED else "proposed",
           [{"field": name, "before": before[name], "after": value} for name, value in changed.items()])
    return change


@transaction.atomic
def indicator_change_accept(*, access: PartnershipAccess, change_id: int, indicator_id: int | None = None
                            ) -> IndicatorChange:
    """A manager of another party accepts; the change takes effect when every other party has."""
    access.require_manage()
    change = _locked(change_id, indicator_id, access)
    _require_open(change)
    if change.party_id == access.party.pk:
        raise PermissionDenied("Another party accepts your party's proposal.")
    if access.party.pk in {entry["party"] for entry in change.acceptances}:
        raise Conflict("Your party has accepted this change already.")
    change.indicator = Indicator.objects.select_for_update().get(pk=change.indicator_id)
    change.acceptances = [*change.acceptances, {"party": access.party.pk, "user": access.user.get_username(),
                                                "at": timezone.now().isoformat()}]
    _settle_if_accepted(change, access.user)
    change.save()
    _audit(access, change, "accepted" if change.status == ChangeStatus.ACCEPTED else "accepted by one party",
           [{"field": "status", "before": ChangeStatus.PROPOSED, "after": change.status}])
    return change


def _require_open(change: IndicatorChange) -> None:
    if change.status != ChangeStatus.PROPOSED:
        raise Conflict(f"This change is {change.get_status_display().lower()} already.")


@transaction.atomic
def indicator_change_decline(*, access: PartnershipAccess, change_id: int, indicator_id: int | None = None,
                             reason: str = "") -> IndicatorChange:
    """A manager of another party declines, saying why; nothing changes (a declined creation never scores)."""
    access.require_manage()
    change = _locked(change_id, indicator_id, access)
    _require_open(change)
    if change.party_id == access.party.pk:
        raise PermissionDenied("Another party declines your party's proposal; withdraw it instead.")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why you decline the change."})
    change.status, change.decline_reason = ChangeStatus.DECLINED, reason.strip()
    change.decided_by, change.decided_at = access.user, timezone.now()
    change.save()
    if change.is_creation:
        Indicator.objects.filter(pk=change.indicator_id).update(status=IndicatorStatus.DECLINED)
    _audit(access, change, "declined", [{"field": "status", "before": ChangeStatus.PROPOSED, "after": change.status},
                                        {"field": "decline_reason", "before": "", "after": change.decline_reason}])
    return change


@transaction.atomic
def indicator_change_withdraw(*, access: PartnershipAccess, change_id: int, indicator_id: int | None = None
                              ) -> IndicatorChange:
    """The proposing party takes its proposal back."""
    access.require_write()
    change = _locked(change_id, indicator_id, access)
    _require_open(change)
    if change.party_id != access.party.pk:
        raise PermissionDenied("Only the proposing party withdraws a proposal; decline it instead.")
    change.status, change.decided_by, change.decided_at = ChangeStatus.WITHDRAWN, access.user, timezone.now()
    change.save()
    if change.is_creation:
        Indicator.objects.filter(pk=change.indicator_id).update(status=IndicatorStatus.WITHDRAWN)
    _audit(access, change, "withdrawn", [{"field": "status", "before": ChangeStatus.PROPOSED, "after": change.status}])
    return change


def indicator_creation_accept(*, access: PartnershipAccess, indicator: Indicator) -> IndicatorChange:
    """Accept the pending proposal of a shared indicator as a whole (how the demo seeds agreed indicators)."""
    change = IndicatorChange.objects.filter(indicator=indicator, is_creation=True, status=ChangeStatus.PROPOSED).first()
    if change is None:
        raise Conflict(f"{indicator.code} has no pending proposal.")
    return indicator_change_accept(access=access, change_id=change.pk, indicator_id=indicator.pk)
