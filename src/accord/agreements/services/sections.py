"""The sections of a draft: roles and responsibilities, the communication protocol, and the list
sections edited row by row (deliverables, milestones, legal items, shared costs, exit clauses)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import Http404

from accord.accounts.models import User
from accord.core.audit import AuditAction, changes_between, record_event, snapshot
from accord.core.updates import apply_fields, model_update, reject_unknown_fields
from accord.partnerships.access import NOT_FOUND_MESSAGE, PartnershipAccess
from accord.partnerships.signing import draft_locked

from .. import calculations, selectors
from ..models import (
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
    SharedCost,
)
from .common import blank_not_null, clean_errors, parties_by_id, party_in, touch

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


# Roles and responsibilities ----------------------------------------------------------------

@transaction.atomic
def responsibilities_replace(*, access: PartnershipAccess, version: AgreementVersion, areas: list[dict],
                             revision: int | None = None) -> AgreementVersion:
    """Replace the RACI matrix. ``areas``: [{name, decision_authority, reporting_line, negotiability,
    roles: {party_id: "R"|"A"|"C"|"I"|""}}], in display order."""
    version = draft_locked(access, version, revision)
    parties = parties_by_id(access)
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
        errors = clean_errors(area, exclude=["version"])
        if errors and "name" not in errors:
            problems.append(f"Row {row_number} ({name}): " + " ".join(f"{k}: {v[0]}" for k, v in errors.items()))
        roles = {}
        for party_key, code in (data.get("roles") or {}).items():
            code = (code or "").strip().upper()
            if not code:
                continue
            try:
                party = party_in(parties, party_key, "areas")
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
    touch(version)
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
    version = draft_locked(access, version, revision)
    parties = parties_by_id(access)
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
        for field, messages in clean_errors(row, exclude=["version"]).items():
            errors.setdefault("channels", []).append(f"{label} — {field}: {messages[0]}")
        rows.append(row)
    people = []
    for party_key, user_id in (liaisons or {}).items():
        if user_id in (None, ""):
            continue
        try:
            party = party_in(parties, party_key, "liaisons")
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
    touch(version)
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


def _item_rules(access: PartnershipAccess, section: str):
    """How a row of ``section`` takes input (``normalize``) and its own rules (``validate``)."""
    model, _, party_fields = _section(section)
    parties = parties_by_id(access)

    def normalize(name, value):
        if name in party_fields:
            return party_in(parties, value, name)
        value = blank_not_null(model, name, value)
        return value.upper() if name == "currency" and isinstance(value, str) else value

    def validate(item) -> dict:
        if section != "legal_items":
            return {}
        return calculations.legal_item_errors(kind=item.kind, regime=item.regime, ip_ownership=item.ip_ownership,
                                              has_owner_party=item.ip_owner_party_id is not None)

    return normalize, validate


def _item_label(section: str, item, version: AgreementVersion) -> str:
    return f"{SECTION_LABELS[section]} “{item}” in agreement version {version.number}"


@transaction.atomic
def section_item_create(*, access: PartnershipAccess, version: AgreementVersion, section: str, **fields):
    version = draft_locked(access, version)
    model, allowed, _ = _section(section)
    reject_unknown_fields(fields, allowed)
    item = model(version=version, position=(getattr(version, section).aggregate(n=Max("position"))["n"] or 0) + 1)
    normalize, validate = _item_rules(access, section)
    apply_fields(item, fields, normalize=normalize, validate=validate, clean_exclude=["version"],
                 validate_unique=False, validate_constraints=False)
    item.save()
    touch(version)
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.CREATE, record=item,
                 partnership=access.partnership, label=_item_label(section, item, version),
                 changes=changes_between({}, snapshot(item, allowed)))
    return item


@transaction.atomic
def section_item_update(*, access: PartnershipAccess, version: AgreementVersion, section: str, item_id, **fields):
    version = draft_locked(access, version)
    model, allowed, _ = _section(section)
    item = selectors.section_item(version=version, model=model, item_id=item_id)
    normalize, validate = _item_rules(access, section)
    changes = model_update(access=access, instance=item, fields=fields, allowed=allowed, normalize=normalize,
                           validate=validate, clean_exclude=["version"], validate_unique=False,
                           validate_constraints=False, partnership=access.partnership,
                           label=_item_label(section, item, version))
    if changes:
        touch(version)
    return item


@transaction.atomic
def section_item_delete(*, access: PartnershipAccess, version: AgreementVersion, section: str, item_id) -> None:
    version = draft_locked(access, version)
    item = selectors.section_item(version=version, model=_section(section)[0], item_id=item_id)
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.DELETE, record=item,
                 partnership=access.partnership,
                 label=_item_label(section, item, version),
                 changes=changes_between(snapshot(item, _section(section)[1]), {}))
    item.delete()
    touch(version)


