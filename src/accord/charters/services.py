"""Writes to the charter. Each service checks the rules, writes, and records its audit events.

The life of a version: draft → proposed → in force → superseded. Only drafts change; to change a
proposed or signed wording, start a new draft from it. A version comes into force when every
accepted party's named signatory has signed it, and the version it replaces is superseded.
Only one version awaits signatures at a time: proposing a draft returns any other proposed
version to draft and clears its signatures, so nobody signs a wording that is no longer on the table.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from accord.core.audit import AuditAction, changes_between, record_event, snapshot
from accord.core.updates import apply_fields, model_update, reject_unknown_fields, strip_text
from accord.partnerships.access import PartnershipAccess, partnership_access
from accord.partnerships.models import Partnership, PartyRole, Visibility
from accord.partnerships.signing import (
    require_may_sign,
    signed_by_every_party,
    withdrawal_change,
    withdrawal_reason_clean,
)

from .calculations import clean_values, values_problems
from .models import Charter, CharterSignature, CharterVersion, VersionStatus
from .templates_library import charter_template

VERSION_FIELDS = ("purpose", "vision", "vision_horizon", "mission", "values", "tagline",
                  "card_purpose", "card_vision", "card_mission", "card_values")
CADENCE_FIELDS = ("purpose_values_review_months", "mission_vision_review_months")


def _charter_for_update(access: PartnershipAccess) -> Charter:
    """The partnership's charter, locked: numbering and status changes happen one at a time."""
    charter = Charter.objects.select_for_update().filter(partnership=access.partnership).first()
    if charter is None:
        charter = Charter(partnership=access.partnership, owner_party=access.party, visibility=Visibility.SHARED,
                          created_by=access.user)
        charter.full_clean(validate_constraints=False)
        charter.save()
        charter = Charter.objects.select_for_update().get(pk=charter.pk)
    return charter


def _version_for_update(access: PartnershipAccess, version: CharterVersion) -> CharterVersion:
    try:
        return CharterVersion.objects.select_for_update().visible_to(access.party).get(pk=version.pk)
    except CharterVersion.DoesNotExist:
        raise Http404("Not found.") from None


def _label(version: CharterVersion, what: str = "") -> str:
    return f"charter version {version.number}{what}"


def _party_names(partnership: Partnership) -> tuple[str, str]:
    """The names a template puts in for ``{client}`` and ``{provider}``."""
    parties = list(partnership.accepted_parties())
    client = next((p for p in parties if p.role == PartyRole.CLIENT), parties[0] if parties else None)
    others = [p for p in parties if p is not client]
    provider = next((p for p in others if p.role == PartyRole.PROVIDER), others[0] if others else None)
    return (client.organization.name if client else "the client",
            provider.organization.name if provider else "our partner")


def _content_of(version: CharterVersion) -> dict:
    return {name: getattr(version, name) for name in VERSION_FIELDS}


def _source_content(access: PartnershipAccess, *, template, copy_from, from_version) -> tuple[dict, str]:
    """The fields a new draft starts from, and a note of where they came from."""
    given = [name for name, value in (("template", template), ("copy_from", copy_from),
                                      ("from_version", from_version)) if value not in (None, "")]
    if len(given) > 1:
        raise ValidationError({given[1]: f"Start from one source only: {' or '.join(given)}."})
    if template:
        chosen = charter_template(template)
        if chosen is None:
            raise ValidationError({"template": f"There is no charter template “{template}”."})
        client, provider = _party_names(access.partnership)
        return chosen.filled(client=client, provider=provider), f"template: {chosen.name}"
    if copy_from not in (None, ""):
        try:
            source = partnership_access(access.user, partnership_id=int(copy_from))
        except (Http404, ValueError, TypeError):
            # The same answer whether the partnership is missing or not the caller's.
            raise ValidationError({"copy_from": "Choose one of your partnerships."}) from None
        versions = CharterVersion.objects.visible_to(source.party)
        copied = versions.filter(status=VersionStatus.IN_FORCE).first() or versions.order_by("-number").first()
        if copied is None:
            raise ValidationError({"copy_from": f"{source.partnership.name} has no charter to copy yet."})
        return _content_of(copied), f"copied from {source.partnership.name}, version {copied.number}"
    if from_version not in (None, ""):
        try:
            base = CharterVersion.objects.visible_to(access.party).get(number=int(from_version))
        except (CharterVersion.DoesNotExist, ValueError, TypeError):
            raise ValidationError({"from_version": f"There is no version {from_version} of this charter."}) from None
        return _content_of(base), f"from version {base.number}"
    return {}, ""


def _normalize(name: str, value):
    """A charter field as stored: values lists checked and cleaned, a horizon date parsed, text stripped."""
    if name in ("values", "card_values"):
        value = [] if value is None else value
        problems = values_problems(value)
        if problems:
            raise ValidationError({name: problems})
        return clean_values(value)
    if name == "vision_horizon":
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value) if value else None
            except ValueError:
                raise ValidationError({"vision_horizon": "Give the date as YYYY-MM-DD."}) from None
        return value
    return "" if value is None else strip_text(name, value)


@transaction.atomic
def charter_version_create(*, access: PartnershipAccess, template: str | None = None, copy_from=None,
                           from_version=None, **fields) -> CharterVersion:
    """A new draft: empty, from a shipped template, copied from another partnership of the caller's,
    or from a version of this charter. ``fields`` given here override what the source provides."""
    access.require_write()
    content, source = _source_content(access, template=template, copy_from=copy_from, from_version=from_version)
    charter = _charter_for_update(access)
    last = CharterVersion.objects.filter(partnership=access.partnership).order_by("-number").first()
    version = CharterVersion(partnership=access.partnership, owner_party=access.party, visibility=Visibility.SHARED,
                             created_by=access.user, charter=charter, number=(last.number + 1) if last else 1,
                             source=source[:200])
    fields = {**content, **fields}
    reject_unknown_fields(fields, VERSION_FIELDS)
    apply_fields(version, fields, normalize=_normalize, validate_constraints=False)
    version.save()
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.CREATE, record=version,
                 label=_label(version, f" (draft{', ' + source if source else ''})"),
                 changes=changes_between({}, snapshot(version, VERSION_FIELDS)))
    return version


def _require_draft(version: CharterVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise ValidationError({"status": (
            f"Version {version.number} is {version.get_status_display().lower()}: only a draft can be edited. "
            "Start a new draft from this version instead.")})


@transaction.atomic
def charter_version_update(*, access: PartnershipAccess, version: CharterVersion, revision: int | None = None,
                           **fields) -> CharterVersion:
    """Change a draft. A proposed or signed version never changes in place."""
    access.require_write()
    _charter_for_update(access)
    version = _version_for_update(access, version)
    _require_draft(version)
    model_update(access=access, instance=version, fields=fields, allowed=VERSION_FIELDS, revision=revision,
                 normalize=_normalize, validate_constraints=False, label=_label(version, " (draft)"))
    return version


def _status_change(access, version: CharterVersion, before: str, label: str = "") -> None:
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=version,
                 label=_label(version, label),
                 changes=[{"field": "status", "before": before, "after": version.status}])


def _return_to_draft(access, version: CharterVersion, why: str, reason: str) -> None:
    signed_by = [s.party.organization.name for s in version.signatures.select_related("party__organization")]
    version.signatures.all().delete()
    version.status = VersionStatus.DRAFT
    version.proposed_at = None
    version.proposed_by = None
    version.withdrawn_reason = reason
    version.withdrawn_by = access.user
    version.withdrawn_at = timezone.now()
    version.revision += 1
    version.save()
    changes = [{"field": "status", "before": VersionStatus.PROPOSED, "after": VersionStatus.DRAFT}]
    if signed_by:
        changes.append({"field": "signatures", "before": ", ".join(signed_by), "after": None})
    changes.append(withdrawal_change(reason))
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=version,
                 label=_label(version, f" (returned to draft: {why})"), changes=changes)


@transaction.atomic
def charter_version_propose(*, access: PartnershipAccess, version: CharterVersion) -> CharterVersion:
    """Put a draft to the parties for signature. It needs a purpose, a mission and at least one value."""
    access.require_write()
    _charter_for_update(access)
    version = _version_for_update(access, version)
    if version.status != VersionStatus.DRAFT:
        raise ValidationError({"status": f"Version {version.number} is {version.get_status_display().lower()}: "
                                         "only a draft can be proposed."})
    errors = {}
    if not version.purpose.strip():
        errors["purpose"] = "Write the purpose before proposing: why does this partnership exist?"
    if not version.mission.strip():
        errors["mission"] = "Write the mission before proposing: what will the parties accomplish together?"
    if not version.values:
        errors["values"] = "Name at least one value before proposing: how will the parties work together?"
    if errors:
        raise ValidationError(errors)
    for earlier in CharterVersion.objects.select_for_update().filter(
            partnership=access.partnership, status=VersionStatus.PROPOSED):
        _return_to_draft(access, earlier, f"version {version.number} was proposed in its place",
                         f"Version {version.number} was proposed in its place.")
    version.status = VersionStatus.PROPOSED
    version.proposed_at = timezone.now()
    version.proposed_by = access.user
    version.revision += 1
    version.save()
    _status_change(access, version, VersionStatus.DRAFT, " (proposed for signature)")
    return version


@transaction.atomic
def charter_version_withdraw(*, access: PartnershipAccess, version: CharterVersion, reason: str) -> CharterVersion:
    """Take a proposed version back to draft (its signatures so far are cleared) to rework it.

    ``reason`` is required: the other party may already have signed, and sees why on the version's
    page and in the activity."""
    access.require_write()
    reason = withdrawal_reason_clean(reason, document="charter")
    _charter_for_update(access)
    version = _version_for_update(access, version)
    if version.status != VersionStatus.PROPOSED:
        raise ValidationError({"status": f"Version {version.number} is {version.get_status_display().lower()}: "
                                         "only a proposed version can be withdrawn."})
    _return_to_draft(access, version, "withdrawn", reason)
    return version


@transaction.atomic
def charter_version_sign(*, access: PartnershipAccess, version: CharterVersion, party_id=None) -> CharterVersion:
    """Sign a proposed version for the caller's own party, as one of its named signatories.

    When every accepted party has signed, the version comes into force today and the version
    in force until now is superseded.
    """
    require_may_sign(access, party_id=party_id, document="charter")
    _charter_for_update(access)
    version = _version_for_update(access, version)
    if version.status != VersionStatus.PROPOSED:
        raise ValidationError({"status": f"Version {version.number} is {version.get_status_display().lower()}: "
                                         "only a proposed version can be signed."})
    if version.signatures.filter(party=access.party).exists():
        raise ValidationError({"signature": f"{access.party.organization.name} has already signed "
                                            f"version {version.number}."})
    signature = CharterSignature(version=version, party=access.party, user=access.user)
    signature.full_clean(validate_constraints=False)
    signature.save()
    signer = access.user.get_full_name() or access.user.username
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=version,
                 label=_label(version, f" (signed for {access.party.organization.name})"),
                 changes=[{"field": "signatures", "before": None,
                           "after": f"{access.party.organization.name} ({signer})"}])
    if signed_by_every_party(access.partnership, version.signatures.values_list("party_id", flat=True)):
        _bring_into_force(access, version)
    return version


def _bring_into_force(access: PartnershipAccess, version: CharterVersion) -> None:
    today = timezone.localdate()
    for previous in CharterVersion.objects.select_for_update().filter(
            partnership=access.partnership, status=VersionStatus.IN_FORCE):
        previous.status = VersionStatus.SUPERSEDED
        previous.superseded_at = today
        previous.revision += 1
        previous.save()
        _status_change(access, previous, VersionStatus.IN_FORCE, f" (superseded by version {version.number})")
    version.status = VersionStatus.IN_FORCE
    version.in_force_at = today
    version.revision += 1
    version.save()
    _status_change(access, version, VersionStatus.PROPOSED, " (in force: signed by every party)")


def _months(name: str, value) -> int:
    try:
        months = int(value)
    except (TypeError, ValueError):
        raise ValidationError({name: "Give a whole number of months."}) from None
    if not 1 <= months <= 60:
        raise ValidationError({name: "Choose between 1 and 60 months."})
    return months


@transaction.atomic
def charter_review_cadence_update(*, access: PartnershipAccess, purpose_values_review_months: int,
                                  mission_vision_review_months: int) -> Charter:
    """How often leaders review the purpose and values, and the mission and vision (in months)."""
    access.require_write()
    charter = _charter_for_update(access)
    model_update(access=access, instance=charter, allowed=CADENCE_FIELDS, normalize=_months, label="charter review cadence",
                 fields={"purpose_values_review_months": purpose_values_review_months,
                         "mission_vision_review_months": mission_vision_review_months})
    return charter
