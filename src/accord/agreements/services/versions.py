"""Versions of the agreement: a new draft, its commercial terms, proposing and signing.

Only a draft is edited. A proposed or in-force version is reworked by ``agreement_draft_create``,
which copies it into a new draft; what the signatories signed is never changed in place.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accord.core.audit import AuditAction, record_event
from accord.core.updates import model_update
from accord.partnerships.access import PartnershipAccess
from accord.partnerships.models import Partnership, Visibility
from accord.partnerships.signing import (
    draft_locked,
    require_may_sign,
    signature_add,
    signed_by_every_party,
    withdrawal_change,
    withdrawal_reason_clean,
)

from .. import calculations
from ..models import AgreementSignature, AgreementVersion, ResponsibilityAssignment, RevenueShare, VersionStatus
from .common import COMMERCIAL_FIELDS, blank_not_null, parties_by_id, party_in

# Versions ----------------------------------------------------------------------------------

def _copy_sections(source: AgreementVersion, target: AgreementVersion) -> None:
    for area in source.areas.prefetch_related("assignments"):
        cells = list(area.assignments.all())
        area.pk, area.version = None, target
        area.save()
        ResponsibilityAssignment.objects.bulk_create(
            ResponsibilityAssignment(area=area, party_id=cell.party_id, role=cell.role) for cell in cells
        )
    for related in ("deliverables", "milestones", "channels", "liaisons", "legal_items", "revenue_shares",
                    "shared_costs", "exit_clauses"):
        rows = list(getattr(source, related).all())
        for row in rows:
            row.pk, row.version = None, target
        if rows:
            type(rows[0]).objects.bulk_create(rows)


@transaction.atomic
def agreement_draft_create(*, access: PartnershipAccess, reason: str = "") -> AgreementVersion:
    """A new draft: a copy of the proposed version, else of the one in force, else empty.

    A proposal being reworked is withdrawn from signature and superseded by the new draft (its
    signatures stay on record); that needs a ``reason``, shown to the other party.
    """
    access.require_write()
    # Lock the partnership row so two people cannot both take the next number.
    Partnership.objects.select_for_update().get(pk=access.partnership.pk)
    versions = AgreementVersion.objects.filter(partnership=access.partnership)
    draft = versions.filter(status=VersionStatus.DRAFT).first()
    if draft is not None:
        raise ValidationError({"status": f"Version {draft.number} is already a draft: edit that one."})
    source = (versions.filter(status=VersionStatus.PROPOSED).first()
              or versions.filter(status=VersionStatus.IN_FORCE).first())
    number = (versions.aggregate(n=Max("number"))["n"] or 0) + 1
    if source is not None and source.status == VersionStatus.PROPOSED:
        reason = withdrawal_reason_clean(reason, document="agreement")
        source.status = VersionStatus.SUPERSEDED
        source.superseded_at = timezone.now()
        source.withdrawn_reason, source.withdrawn_by, source.withdrawn_at = reason, access.user, source.superseded_at
        source.save(update_fields=["status", "superseded_at", "withdrawn_reason", "withdrawn_by", "withdrawn_at",
                                   "updated_at"])
        record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=source,
                     label=f"agreement version {source.number} (proposal withdrawn for rework)",
                     changes=[{"field": "status", "before": VersionStatus.PROPOSED, "after": VersionStatus.SUPERSEDED},
                              withdrawal_change(reason)])
    version = AgreementVersion(partnership=access.partnership, owner_party=access.party, created_by=access.user,
                               visibility=Visibility.SHARED, number=number, based_on=source)
    if source is not None:
        for name in COMMERCIAL_FIELDS:
            setattr(version, name, getattr(source, name))
    version.full_clean(validate_constraints=False)
    version.save()
    if source is not None:
        _copy_sections(source, version)
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.CREATE, record=version,
                 label=f"agreement version {number} (draft)",
                 changes=[{"field": "status", "before": None, "after": VersionStatus.DRAFT},
                          {"field": "based_on", "before": None, "after": source.number if source else None}])
    return version


def _parse_percent(value, field: str) -> Decimal:
    try:
        share = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field: "Enter each share as a number of percent, e.g. 60 or 37.5."}) from None
    if not share.is_finite() or share != share.quantize(Decimal("0.01")):
        raise ValidationError({field: "Shares take at most two decimal places."})
    return share


def _normalize_term(name: str, value):
    value = blank_not_null(AgreementVersion, name, value)
    return value.upper() if name == "licence_fee_currency" else value


def _terms_errors(version: AgreementVersion) -> dict:
    errors = calculations.commercial_terms_errors(
        start_date=version.start_date, end_date=version.end_date, duration_months=version.duration_months,
        notice_period_days=version.notice_period_days, renewal_term_months=version.renewal_term_months,
        renewal=version.renewal)
    if version.licence_fee_amount is not None and not version.licence_fee_currency:
        errors["licence_fee_currency"] = "Give the currency of the licence fee, e.g. EUR."
    if version.licence_fee_amount is not None and not version.licence_fee_period:
        errors["licence_fee_period"] = "Say how often the licence fee is due."
    return errors


def _parse_shares(access: PartnershipAccess, revenue_shares: dict) -> dict:
    """Party → percent, from party id → percent; ``ValidationError`` on ``revenue_shares``."""
    parties = parties_by_id(access)
    parsed = {}
    for party_key, value in revenue_shares.items():
        if value in (None, ""):
            continue
        parsed[party_in(parties, party_key, "revenue_shares")] = _parse_percent(value, "revenue_shares")
    errors = calculations.revenue_share_errors(parsed.values())
    if errors:
        raise ValidationError(errors)
    return parsed


@transaction.atomic
def agreement_terms_update(*, access: PartnershipAccess, version: AgreementVersion, revision: int | None = None,
                           revenue_shares: dict | None = None, **fields) -> AgreementVersion:
    """Change a draft's commercial terms; ``revenue_shares`` maps party id → percent (replaces all)."""
    version = draft_locked(access, version, revision)
    parsed_shares, share_errors = None, {}
    if revenue_shares is not None:
        try:
            parsed_shares = _parse_shares(access, revenue_shares)
        except ValidationError as exc:
            share_errors = exc.message_dict

    def replace_shares() -> list[dict]:
        if parsed_shares is None:
            return []
        before = {str(s.party_id): str(s.share_percent) for s in version.revenue_shares.all()}
        after = {str(p.pk): str(s) for p, s in parsed_shares.items()}
        if {k: Decimal(v) for k, v in after.items()} == {k: Decimal(v) for k, v in before.items()}:
            return []
        version.revenue_shares.all().delete()
        RevenueShare.objects.bulk_create(RevenueShare(version=version, party=party, share_percent=share)
                                         for party, share in parsed_shares.items())
        return [{"field": "revenue_shares", "before": before, "after": after}]

    try:
        # The shares' problems are reported together with the fields' (one answer for the whole form).
        model_update(access=access, instance=version, fields=fields, allowed=COMMERCIAL_FIELDS,
                     normalize=_normalize_term, validate=lambda v: {**_terms_errors(v), **share_errors},
                     extra_changes=replace_shares, validate_unique=False, validate_constraints=False,
                     label=f"commercial terms of agreement version {version.number}")
    except ValidationError as exc:
        raise ValidationError({**share_errors, **exc.message_dict}) from None
    return version


@transaction.atomic
def agreement_propose(*, access: PartnershipAccess, version: AgreementVersion,
                      revision: int | None = None) -> AgreementVersion:
    """Put a draft to the parties' signatories. Its content is frozen from here on."""
    version = draft_locked(access, version, revision)
    if version.start_date is None:
        raise ValidationError({"start_date": "Set the start date of the agreement before proposing it."})
    areas = [calculations.AreaRow(name=a.name, roles={c.party_id: c.role for c in a.assignments.all()})
             for a in version.areas.prefetch_related("assignments")]
    errors = calculations.responsibility_errors(areas)
    if errors:
        raise ValidationError(errors)
    version.status = VersionStatus.PROPOSED
    version.proposed_at = timezone.now()
    version.proposed_by = access.user
    version.revision += 1
    version.save()
    _status_event(access, version, VersionStatus.DRAFT)
    return version


@transaction.atomic
def agreement_sign(*, access: PartnershipAccess, version: AgreementVersion, party_id=None) -> AgreementSignature:
    """The caller's party's named signatory signs a proposed version, for that party only.

    When every accepted party has signed, the version comes into force and the version in
    force before it is superseded.
    """
    require_may_sign(access, party_id=party_id, document="agreement")
    version = AgreementVersion.objects.select_for_update().get(pk=version.pk, partnership=access.partnership)
    signature = signature_add(access=access, version=version, signature_model=AgreementSignature, document="agreement")
    if signed_by_every_party(access.partnership, version.signatures.values_list("party_id", flat=True)):
        _bring_into_force(access, version)
    return signature


def _status_event(access: PartnershipAccess, version: AgreementVersion, before: str) -> None:
    """The audit event of a version that moved from ``before`` to its current status."""
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=version,
                 label=f"agreement version {version.number}",
                 changes=[{"field": "status", "before": before, "after": version.status}])


def _bring_into_force(access: PartnershipAccess, version: AgreementVersion) -> None:
    now = timezone.now()
    previous = AgreementVersion.objects.select_for_update().filter(
        partnership=access.partnership, status=VersionStatus.IN_FORCE).first()
    if previous is not None:
        previous.status = VersionStatus.SUPERSEDED
        previous.superseded_at = now
        previous.save(update_fields=["status", "superseded_at", "updated_at"])
        _status_event(access, previous, VersionStatus.IN_FORCE)
    version.status = VersionStatus.IN_FORCE
    version.in_force_at = now
    version.save(update_fields=["status", "in_force_at", "updated_at"])
    _status_event(access, version, VersionStatus.PROPOSED)


