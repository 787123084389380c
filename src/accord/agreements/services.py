"""Writes to the agreement. Each service validates, writes and records its audit event.

Only a draft is edited. A proposed or in-force version is reworked by ``agreement_draft_create``,
which copies it into a new draft; what the signatories signed is never changed in place.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone

from accord.accounts.models import User
from accord.core.audit import AuditAction, changes_between, record_event, snapshot
from accord.core.errors import Conflict
from accord.partnerships.access import NOT_FOUND_MESSAGE, PartnershipAccess
from accord.partnerships.models import Partnership, Party, PartyStatus, Visibility
from accord.partnerships.signing import (
    require_may_sign,
    signed_by_every_party,
    withdrawal_change,
    withdrawal_reason_clean,
)

from . import calculations, selectors
from .models import (
    AgreementSignature,
    AgreementVersion,
    CommunicationChannel,
    CommunicationPurpose,
    Deliverable,
    ExitClause,
    LegalItem,
    Liaison,
    Milestone,
    Negotiability,
    Raci,
    ResponsibilityArea,
    ResponsibilityAssignment,
    RevenueShare,
    SharedCost,
    TermNote,
    VersionStatus,
)

COMMERCIAL_FIELDS = (
    "start_date", "end_date", "duration_months", "renewal", "renewal_term_months", "notice_period_days",
    "term_negotiability", "revenue_sharing_basis", "revenue_sharing_negotiability", "licence_fee_amount",
    "licence_fee_currency", "licence_fee_period", "licence_fee_description", "licence_fee_negotiability",
)
NOTE_FIELDS = ("term", "text", "visibility")
ONLY_DRAFTS = "Only a draft can be changed. Start a new draft from this version to rework it."

# The list sections edited row by row: section key -> (model, editable fields, party fields).
SECTIONS = {
    "deliverables": (Deliverable, ("title", "owner_party", "due_date", "acceptance_criteria", "status",
                                   "negotiability"), ("owner_party",)),
    "milestones": (Milestone, ("title", "date", "description", "negotiability"), ()),
    "legal_items": (LegalItem, ("kind", "title", "regime", "ip_ownership", "ip_owner_party", "status",
                                "document_reference", "negotiability"), ("ip_owner_party",)),
    "shared_costs": (SharedCost, ("description", "amount", "currency", "split", "negotiability"), ()),
    "exit_clauses": (ExitClause, ("trigger", "notice", "consequence", "shared_assets", "negotiability"), ()),
}
SECTION_LABELS = {
    "deliverables": "deliverable", "milestones": "milestone", "legal_items": "legal and compliance item",
    "shared_costs": "shared cost", "exit_clauses": "exit clause",
}


def _check_revision(record, revision: int | None) -> None:
    if revision is not None and int(revision) != record.revision:
        raise Conflict()


def accepted_parties(partnership: Partnership):
    return Party.objects.filter(partnership=partnership, status=PartyStatus.ACCEPTED).select_related("organization")


def _party_in(parties_by_id: dict, value, field: str) -> Party | None:
    """A party named in input, resolved among the partnership's accepted parties only."""
    if value in (None, ""):
        return None
    key = value.pk if isinstance(value, Party) else value
    try:
        return parties_by_id[int(key)]
    except (KeyError, ValueError, TypeError):
        raise ValidationError({field: "Choose one of the partnership's parties."}) from None


def _locked_draft(access: PartnershipAccess, version: AgreementVersion, revision: int | None = None):
    access.require_write()
    version = AgreementVersion.objects.select_for_update().get(pk=version.pk)
    if version.partnership_id != access.partnership.pk:
        raise Http404(NOT_FOUND_MESSAGE)
    if version.status != VersionStatus.DRAFT:
        raise ValidationError({"status": ONLY_DRAFTS})
    _check_revision(version, revision)
    return version


def _touch(version: AgreementVersion) -> None:
    """Any change to a draft's sections bumps its revision, so stale editors get a conflict."""
    version.revision += 1
    version.save(update_fields=["revision", "updated_at"])


def _clean(instance, exclude=()) -> dict:
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return dict(exc.message_dict)
    return {}


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


@transaction.atomic
def agreement_terms_update(*, access: PartnershipAccess, version: AgreementVersion, revision: int | None = None,
                           revenue_shares: dict | None = None, **fields) -> AgreementVersion:
    """Change a draft's commercial terms; ``revenue_shares`` maps party id → percent (replaces all)."""
    version = _locked_draft(access, version, revision)
    unknown = set(fields) - set(COMMERCIAL_FIELDS)
    if unknown:
        raise ValidationError({name: "This field cannot be changed here." for name in sorted(unknown)})
    before = snapshot(version, COMMERCIAL_FIELDS)
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip().upper() if name == "licence_fee_currency" else value.strip()
        if value is None and not AgreementVersion._meta.get_field(name).null:
            value = ""  # an emptied text field is blank, not null
        setattr(version, name, value)
    errors = _clean(version)
    if not errors:
        errors.update(calculations.commercial_terms_errors(
            start_date=version.start_date, end_date=version.end_date, duration_months=version.duration_months,
            notice_period_days=version.notice_period_days, renewal_term_months=version.renewal_term_months,
            renewal=version.renewal))
        if version.licence_fee_amount is not None and not version.licence_fee_currency:
            errors["licence_fee_currency"] = "Give the currency of the licence fee, e.g. EUR."
        if version.licence_fee_amount is not None and not version.licence_fee_period:
            errors["licence_fee_period"] = "Say how often the licence fee is due."
    shares_before = {str(s.party_id): str(s.share_percent) for s in version.revenue_shares.all()}
    parsed_shares = None
    if revenue_shares is not None:
        parties = {party.pk: party for party in accepted_parties(access.partnership)}
        parsed_shares = {}
        try:
            for party_key, value in revenue_shares.items():
                if value in (None, ""):
                    continue
                party = _party_in(parties, party_key, "revenue_shares")
                parsed_shares[party] = _parse_percent(value, "revenue_shares")
        except ValidationError as exc:
            errors.update(exc.message_dict)
        else:
            errors.update(calculations.revenue_share_errors(parsed_shares.values()))
    if errors:
        raise ValidationError(errors)
    changes = changes_between(before, snapshot(version, COMMERCIAL_FIELDS))
    if parsed_shares is not None:
        shares_after = {str(p.pk): str(s) for p, s in parsed_shares.items()}
        if {k: Decimal(v) for k, v in shares_after.items()} != {k: Decimal(v) for k, v in shares_before.items()}:
            changes.append({"field": "revenue_shares", "before": shares_before, "after": shares_after})
            version.revenue_shares.all().delete()
            RevenueShare.objects.bulk_create(RevenueShare(version=version, party=party, share_percent=share)
                                             for party, share in parsed_shares.items())
    if not changes:
        return version
    version.revision += 1
    version.save()
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=version,
                 label=f"commercial terms of agreement version {version.number}", changes=changes)
    return version


@transaction.atomic
def agreement_propose(*, access: PartnershipAccess, version: AgreementVersion,
                      revision: int | None = None) -> AgreementVersion:
    """Put a draft to the parties' signatories. Its content is frozen from here on."""
    version = _locked_draft(access, version, revision)
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
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=version,
                 label=f"agreement version {version.number}",
                 changes=[{"field": "status", "before": VersionStatus.DRAFT, "after": VersionStatus.PROPOSED}])
    return version


@transaction.atomic
def agreement_sign(*, access: PartnershipAccess, version: AgreementVersion, party_id=None) -> AgreementSignature:
    """The caller's party's named signatory signs a proposed version, for that party only.

    When every accepted party has signed, the version comes into force and the version in
    force before it is superseded.
    """
    require_may_sign(access, party_id=party_id, document="agreement")
    version = AgreementVersion.objects.select_for_update().get(pk=version.pk, partnership=access.partnership)
    if version.status != VersionStatus.PROPOSED:
        raise ValidationError({"status": f"Only a proposed version can be signed; version {version.number} is "
                                         f"{version.get_status_display().lower()}."})
    if version.signatures.filter(party=access.party).exists():
        raise ValidationError({"party": f"{access.party.organization.name} has already signed version "
                                        f"{version.number}."})
    signature = AgreementSignature.objects.create(version=version, party=access.party, user=access.user)
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.CREATE, record=signature,
                 partnership=access.partnership,
                 label=f"signature of {access.party.organization.name} on agreement version {version.number}",
                 changes=[{"field": "signed_by", "before": None, "after": access.user.username}])
    if signed_by_every_party(access.partnership, version.signatures.values_list("party_id", flat=True)):
        _bring_into_force(access, version)
    return signature


def _bring_into_force(access: PartnershipAccess, version: AgreementVersion) -> None:
    now = timezone.now()
    previous = AgreementVersion.objects.select_for_update().filter(
        partnership=access.partnership, status=VersionStatus.IN_FORCE).first()
    if previous is not None:
        previous.status = VersionStatus.SUPERSEDED
        previous.superseded_at = now
        previous.save(update_fields=["status", "superseded_at", "updated_at"])
        record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=previous,
                     label=f"agreement version {previous.number}",
                     changes=[{"field": "status", "before": VersionStatus.IN_FORCE, "after": VersionStatus.SUPERSEDED}])
    version.status = VersionStatus.IN_FORCE
    version.in_force_at = now
    version.save(update_fields=["status", "in_force_at", "updated_at"])
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=version,
                 label=f"agreement version {version.number}",
                 changes=[{"field": "status", "before": VersionStatus.PROPOSED, "after": VersionStatus.IN_FORCE}])


# Roles and responsibilities ----------------------------------------------------------------

@transaction.atomic
def responsibilities_replace(*, access: PartnershipAccess, version: AgreementVersion, areas: list[dict],
                             revision: int | None = None) -> AgreementVersion:
    """Replace the RACI matrix. ``areas``: [{name, decision_authority, reporting_line, negotiability,
    roles: {party_id: "R"|"A"|"C"|"I"|""}}], in display order."""
    version = _locked_draft(access, version, revision)
    parties = {party.pk: party for party in accepted_parties(access.partnership)}
    problems = []
    rows, cells = [], []
    for row_number, data in enumerate(areas, start=1):
        name = (data.get("name") or "").strip()
        area = ResponsibilityArea(
            version=version, position=row_number, name=name,
            decision_authority=(data.get("decision_authority") or "").strip(),
            reporting_line=(data.get("reporting_line") or "").strip(),
            negotiability=data.get("negotiability") or Negotiability.FLEXIBLE,
        )
        errors = _clean(area, exclude=["version"])
        if errors and "name" not in errors:
            problems.append(f"Row {row_number} ({name}): " + " ".join(f"{k}: {v[0]}" for k, v in errors.items()))
        roles = {}
        for party_key, code in (data.get("roles") or {}).items():
            code = (code or "").strip().upper()
            if not code:
                continue
            try:
                party = _party_in(parties, party_key, "areas")
            except ValidationError:
                problems.append(f"Row {row_number} ({name}): names a party that is not in this partnership.")
                continue
            if code not in Raci.values:
                problems.append(f"Row {row_number} ({name}): “{code}” is not one of R, A, C, I.")
                continue
            roles[party.pk] = code
        rows.append((area, roles))
        cells.append(calculations.AreaRow(name=name, roles=roles))
    errors = calculations.responsibility_errors(cells)
    if problems or errors:
        raise ValidationError({"areas": " ".join(problems + [errors.get("areas", "")]).strip()})
    before = list(version.areas.values_list("name", flat=True))
    version.areas.all().delete()
    for area, roles in rows:
        area.save()
        ResponsibilityAssignment.objects.bulk_create(
            ResponsibilityAssignment(area=area, party=parties[pk], role=code) for pk, code in roles.items())
    _touch(version)
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=version,
                 label=f"roles and responsibilities of agreement version {version.number}",
                 changes=[{"field": "areas", "before": before, "after": [a.name for a, _ in rows]}])
    return version


# Communication protocol --------------------------------------------------------------------

@transaction.atomic
def communications_replace(*, access: PartnershipAccess, version: AgreementVersion, channels: list[dict],
                           liaisons: dict, revision: int | None = None) -> AgreementVersion:
    """Replace the protocol. ``channels``: [{purpose, channel, cadence, negotiability}] (one per purpose);
    ``liaisons``: {party_id: user_id}, each user one of that party's own people."""
    version = _locked_draft(access, version, revision)
    parties = {party.pk: party for party in accepted_parties(access.partnership)}
    errors: dict[str, list[str]] = {}
    rows, seen = [], set()
    for position, data in enumerate(channels, start=1):
        purpose = data.get("purpose") or ""
        if not (data.get("channel") or "").strip():
            continue  # a purpose without a channel is simply not covered
        if purpose in seen:
            errors.setdefault("channels", []).append(f"{purpose} is listed twice.")
        seen.add(purpose)
        row = CommunicationChannel(version=version, position=position, purpose=purpose,
                                   channel=data["channel"].strip(), cadence=(data.get("cadence") or "").strip(),
                                   negotiability=data.get("negotiability") or Negotiability.FLEXIBLE)
        label = CommunicationPurpose(purpose).label if purpose in CommunicationPurpose.values else f"Row {position}"
        for field, messages in _clean(row, exclude=["version"]).items():
            errors.setdefault("channels", []).append(f"{label} — {field}: {messages[0]}")
        rows.append(row)
    people = []
    for party_key, user_id in (liaisons or {}).items():
        if user_id in (None, ""):
            continue
        try:
            party = _party_in(parties, party_key, "liaisons")
            if party is None:  # a liaison for no party at all (an empty key)
                raise ValidationError({"liaisons": "Choose one of the partnership's parties."})
            user = User.objects.get(pk=user_id, membership__organization_id=party.organization_id, is_active=True)
        except ValidationError as exc:
            errors.setdefault("liaisons", []).extend(exc.message_dict["liaisons"])
            continue
        except (User.DoesNotExist, ValueError, TypeError):
            errors.setdefault("liaisons", []).append(
                f"The liaison of {party.organization.name} must be one of {party.organization.name}'s own people.")
            continue
        people.append(Liaison(version=version, party=party, user=user))
    if errors:
        raise ValidationError(errors)
    before = {"channels": {c.purpose: c.channel for c in version.channels.all()},
              "liaisons": {str(li.party_id): li.user.username for li in version.liaisons.select_related("user")}}
    version.channels.all().delete()
    version.liaisons.all().delete()
    CommunicationChannel.objects.bulk_create(rows)
    Liaison.objects.bulk_create(people)
    _touch(version)
    after = {"channels": {c.purpose: c.channel for c in rows},
             "liaisons": {str(li.party_id): li.user.username for li in people}}
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=version,
                 label=f"communication protocol of agreement version {version.number}",
                 changes=changes_between(before, after))
    return version


# List sections: deliverables, milestones, legal items, shared costs, exit clauses ----------

def _section(section: str):
    if section not in SECTIONS:
        raise Http404(NOT_FOUND_MESSAGE)
    return SECTIONS[section]


def _apply_item_fields(access, version, section, item, fields: dict) -> dict:
    model, allowed, party_fields = _section(section)
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError({name: "This field cannot be changed here." for name in sorted(unknown)})
    parties = {party.pk: party for party in accepted_parties(access.partnership)}
    errors = {}
    for name, value in fields.items():
        if name in party_fields:
            try:
                setattr(item, name, _party_in(parties, value, name))
            except ValidationError as exc:
                errors.update(exc.message_dict)
            continue
        if isinstance(value, str):
            value = value.strip()
            if name == "currency":
                value = value.upper()
        if value is None and not model._meta.get_field(name).null:
            value = ""  # an emptied text field is blank, not null
        setattr(item, name, value)
    for field, messages in _clean(item, exclude=["version"] + [f for f in party_fields if f in errors]).items():
        errors.setdefault(field, messages)
    if section == "legal_items" and not errors:
        errors.update(calculations.legal_item_errors(kind=item.kind, regime=item.regime,
                                                     ip_ownership=item.ip_ownership,
                                                     has_owner_party=item.ip_owner_party_id is not None))
    if errors:
        raise ValidationError(errors)
    return snapshot(item, allowed)


@transaction.atomic
def section_item_create(*, access: PartnershipAccess, version: AgreementVersion, section: str, **fields):
    version = _locked_draft(access, version)
    model, allowed, _ = _section(section)
    item = model(version=version, position=(getattr(version, section).aggregate(n=Max("position"))["n"] or 0) + 1)
    after = _apply_item_fields(access, version, section, item, fields)
    item.save()
    _touch(version)
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.CREATE, record=item,
                 partnership=access.partnership,
                 label=f"{SECTION_LABELS[section]} “{item}” in agreement version {version.number}",
                 changes=changes_between({}, after))
    return item


@transaction.atomic
def section_item_update(*, access: PartnershipAccess, version: AgreementVersion, section: str, item_id, **fields):
    version = _locked_draft(access, version)
    item = selectors.section_item(version=version, model=_section(section)[0], item_id=item_id)
    before = snapshot(item, _section(section)[1])
    after = _apply_item_fields(access, version, section, item, fields)
    changes = changes_between(before, after)
    if changes:
        item.save()
        _touch(version)
        record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=item,
                     partnership=access.partnership,
                     label=f"{SECTION_LABELS[section]} “{item}” in agreement version {version.number}",
                     changes=changes)
    return item


@transaction.atomic
def section_item_delete(*, access: PartnershipAccess, version: AgreementVersion, section: str, item_id) -> None:
    version = _locked_draft(access, version)
    item = selectors.section_item(version=version, model=_section(section)[0], item_id=item_id)
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.DELETE, record=item,
                 partnership=access.partnership,
                 label=f"{SECTION_LABELS[section]} “{item}” in agreement version {version.number}",
                 changes=changes_between(snapshot(item, _section(section)[1]), {}))
    item.delete()
    _touch(version)


# Term notes --------------------------------------------------------------------------------

def _own_note(access: PartnershipAccess, note: TermNote) -> None:
    if note.owner_party_id != access.party.pk:
        raise PermissionDenied("Only the party that wrote a note can change it.")


@transaction.atomic
def term_note_create(*, access: PartnershipAccess, term: str, text: str,
                     visibility: str = Visibility.PRIVATE) -> TermNote:
    access.require_write()
    note = TermNote(partnership=access.partnership, owner_party=access.party, created_by=access.user,
                    term=term, text=(text or "").strip(), visibility=visibility or Visibility.PRIVATE)
    note.full_clean()
    note.save()
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.CREATE, record=note,
                 changes=changes_between({}, snapshot(note, NOTE_FIELDS)))
    return note


@transaction.atomic
def term_note_update(*, access: PartnershipAccess, note: TermNote, revision: int | None = None,
                     **fields) -> TermNote:
    access.require_write()
    _own_note(access, note)
    note = TermNote.objects.select_for_update().get(pk=note.pk)
    _check_revision(note, revision)
    unknown = set(fields) - set(NOTE_FIELDS)
    if unknown:
        raise ValidationError({name: "This field cannot be changed." for name in sorted(unknown)})
    before = snapshot(note, NOTE_FIELDS)
    for name, value in fields.items():
        setattr(note, name, value.strip() if isinstance(value, str) else value)
    note.full_clean()
    changes = changes_between(before, snapshot(note, NOTE_FIELDS))
    if not changes:
        return note
    note.revision += 1
    note.save()
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=note,
                 changes=changes)
    return note


@transaction.atomic
def term_note_delete(*, access: PartnershipAccess, note: TermNote) -> None:
    access.require_write()
    _own_note(access, note)
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.DELETE, record=note,
                 changes=changes_between(snapshot(note, NOTE_FIELDS), {}))
    note.delete()

