"""Writes of indicators: create, edit, add from the library, copy from another partnership."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F

from accord.core.audit import AuditAction, changes_between, record_event, snapshot
from accord.core.errors import Conflict
from accord.metrics.models import Indicator, IndicatorChange, IndicatorStatus
from accord.partnerships.access import PartnershipAccess, record_require_visible, records_visible_to
from accord.partnerships.models import Party, PartyStatus, Visibility

from . import definitions, library
from .definitions import SCORE_FIELDS, clean_bands

INDICATOR_FIELDS = (
    "code", "name", "description", "kind", "unit", "direction", "target", "baseline", "stretch", "bands",
    "frequency", "aggregation", "weight", "scope", "rollup", "entry_by", "data_source", "method", "active_from", "active_to",
    "visibility", "owner_party",
)
CODE_TAKEN = "An indicator with this code already exists in this partnership."
# Only the owner party changes these; the other party proposes changes to the definition instead.
OWNER_ONLY = "Only the party that owns this indicator can change it."
STAYS_SHARED = ("A shared indicator stays shared: both parties' scorecards rest on it. "
                "End it with an agreed change of its active dates instead.")


def _owner_party(access: PartnershipAccess, party_id) -> Party:
    if party_id in (None, "", access.party.pk):
        return access.party
    party = Party.objects.filter(pk=party_id if str(party_id).isdigit() else None, partnership=access.partnership,
                                 status=PartyStatus.ACCEPTED).select_related("organization").first()
    if party is None:
        raise ValidationError({"owner_party": "Choose a party of this partnership."})
    return party


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
    # Only among the indicators the caller sees: the other party's private codes must not be confirmed
    # (the database keeps codes unique among shared ones, and per owner among private ones).
    if indicator.code and records_visible_to(Indicator.objects.all(), access).filter(
        code__iexact=indicator.code
    ).exclude(pk=indicator.pk).exists():
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
    indicator.status = IndicatorStatus.AGREED if indicator.is_private else IndicatorStatus.PROPOSED
    indicator.save()
    if indicator.is_private:
        definitions.definition_start(indicator=indicator)
    else:  # a shared indicator scores once the other parties accept it
        definitions.creation_propose(access=access, indicator=indicator)
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.CREATE, record=indicator,
                 changes=changes_between({}, _snapshot(indicator)))
    return indicator


@transaction.atomic
def indicator_update(*, access: PartnershipAccess, indicator: Indicator, revision: int | None = None,
                     effective_from=None, reason: str = "", **fields) -> tuple[Indicator, IndicatorChange | None]:
    """Edit an indicator; returns it with the change it proposed or made, if any.

    The owner party edits name, code, description, unit, data source, method, who enters values, owner and
    visibility directly (a shared indicator stays shared). What moves a score is never edited in place: on an
    agreed shared indicator it becomes a proposed change (any party may propose), on a private one a change
    dated ``effective_from`` (default this month). A declined or withdrawn shared indicator is edited as a
    whole by its owner and proposed again; one awaiting acceptance is not edited.
    """
    access.require_write()
    record_require_visible(access, indicator)
    indicator = Indicator.objects.select_for_update().select_related("owner_party__organization").get(pk=indicator.pk)
    if revision is not None and int(revision) != indicator.revision:
        raise Conflict()
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise ValidationError({name: "This field cannot be changed." for name in sorted(unknown)})
    owner_id, was_private = indicator.owner_party_id, indicator.is_private
    score = {name: value for name, value in fields.items() if name in SCORE_FIELDS}
    unagreed = indicator.status != IndicatorStatus.AGREED
    score_changes = definitions.checked_changes(indicator, score) if score else {}
    if unagreed and indicator.status == IndicatorStatus.PROPOSED and score_changes:
        raise Conflict(f"{indicator.code} awaits the other party's acceptance: withdraw the proposal to change it.")
    direct = fields if unagreed else {name: value for name, value in fields.items() if name not in SCORE_FIELDS}
    before = _snapshot(indicator)
    for name, value in direct.items():
        if name == "owner_party":
            indicator.owner_party = _owner_party(access, value)
        else:
            setattr(indicator, name, value)
    if owner_id != access.party.pk and changes_between(before, _snapshot(indicator)):
        raise PermissionDenied(OWNER_ONLY)
    if not was_private and indicator.is_private:
        raise ValidationError({"visibility": STAYS_SHARED})
    _validate_indicator(access, indicator)
    changes = changes_between(before, _snapshot(indicator))
    if changes:
        indicator.revision = F("revision") + 1
        indicator.save()
        indicator.refresh_from_db()
        record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=indicator,
                     changes=changes)
    change = None
    closed = indicator.status in (IndicatorStatus.DECLINED, IndicatorStatus.WITHDRAWN)
    if (was_private and not indicator.is_private) or (closed and changes):
        change = definitions.creation_propose(access=access, indicator=indicator)
    elif score_changes and not unagreed:
        change = definitions.indicator_change_propose(access=access, indicator=indicator, fields=score_changes,
                                                      effective_from=effective_from, reason=reason)
    indicator.refresh_from_db()
    return indicator, change


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
