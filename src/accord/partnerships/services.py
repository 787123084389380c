"""Writes inside a partnership. Each service validates, writes, and records one audit event."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify

from accord.accounts.models import Organization, User
from accord.core.audit import AuditAction, changes_between, record_event, snapshot
from accord.core.errors import Conflict

from .access import PartnershipAccess
from .models import (
    Partnership,
    Party,
    PartyMember,
    PartyMemberRole,
    PartyNote,
    PartyRole,
    PartyStatus,
    Status,
    Visibility,
)

PARTNERSHIP_FIELDS = ("name", "description", "engagement_type", "phase", "status", "start_date", "end_date")
NOTE_FIELDS = ("text", "visibility")
ACTIVATION_MESSAGE = "A partnership becomes active only once at least two parties have accepted."


def _unique_slug(name: str) -> str:
    base = slugify(name)[:200] or "partnership"
    slug, n = base, 2
    while Partnership.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_revision(record, revision: int | None) -> None:
    """Optimistic locking: a caller that sends the revision it read cannot overwrite a newer one."""
    if revision is not None and int(revision) != record.revision:
        raise Conflict()


def _require_two_parties_to_activate(partnership: Partnership) -> None:
    if partnership.status == Status.ACTIVE and partnership.parties.accepted().count() < 2:
        raise ValidationError({"status": ACTIVATION_MESSAGE})


@transaction.atomic
def partnership_create(*, acting_user: User, name: str, role: str, description: str = "",
                       engagement_type: str | None = None, phase: str | None = None,
                       status: str = Status.PROPOSED, start_date=None, end_date=None) -> Partnership:
    """Create a partnership with the acting user's organization as its first (accepted) party."""
    membership = acting_user.membership
    if not membership.can_manage:
        raise PermissionDenied("Only a manager or an admin of your organization can create a partnership.")
    partnership = Partnership(
        name=(name or "").strip(), description=description, start_date=start_date, end_date=end_date,
        status=status, created_by=acting_user,
    )
    if engagement_type:
        partnership.engagement_type = engagement_type
    if phase:
        partnership.phase = phase
    partnership.slug = _unique_slug(partnership.name)
    party = Party(organization=membership.organization, role=role, status=PartyStatus.ACCEPTED,
                  invited_by=acting_user, responded_by=acting_user, responded_at=timezone.now())
    errors = {}
    for instance, exclude in ((partnership, []), (party, ["partnership"])):
        try:
            instance.full_clean(exclude=exclude, validate_unique=False)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    if partnership.status == Status.ACTIVE:  # it has one party so far
        raise ValidationError({"status": ACTIVATION_MESSAGE})
    partnership.save()
    party.partnership = partnership
    party.save()
    PartyMember.objects.create(party=party, user=acting_user, role=PartyMemberRole.LEAD)
    record_event(actor=acting_user, acting_party=party, action=AuditAction.CREATE, record=partnership,
                 changes=changes_between({}, snapshot(partnership, PARTNERSHIP_FIELDS)))
    return partnership


@transaction.atomic
def partnership_update(*, access: PartnershipAccess, revision: int | None = None, **fields) -> Partnership:
    access.require_manage()
    partnership = Partnership.objects.select_for_update().get(pk=access.partnership.pk)
    _check_revision(partnership, revision)
    unknown = set(fields) - set(PARTNERSHIP_FIELDS)
    if unknown:
        raise ValidationError({name: "This field cannot be changed." for name in unknown})
    before = snapshot(partnership, PARTNERSHIP_FIELDS)
    for name, value in fields.items():
        setattr(partnership, name, value.strip() if name == "name" and isinstance(value, str) else value)
    partnership.full_clean(validate_unique=False)
    _require_two_parties_to_activate(partnership)
    changes = changes_between(before, snapshot(partnership, PARTNERSHIP_FIELDS))
    if not changes:
        return partnership
    partnership.revision = F("revision") + 1
    partnership.save()
    partnership.refresh_from_db()
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE,
                 record=partnership, changes=changes)
    return partnership


@transaction.atomic
def party_invite(*, access: PartnershipAccess, organization_id, role: str) -> Party:
    """Invite another organization as a party. Its admin accepts or declines."""
    access.require_manage()
    if role not in PartyRole.values:
        raise ValidationError({"role": f"Choose one of: {', '.join(PartyRole.values)}."})
    try:
        organization = Organization.objects.get(pk=organization_id)
    except (Organization.DoesNotExist, ValueError, TypeError):
        raise ValidationError({"organization": "There is no such organization."}) from None
    existing = Party.objects.filter(partnership=access.partnership, organization=organization).first()
    if existing and existing.status != PartyStatus.DECLINED:
        verb = "is already a party" if existing.status == PartyStatus.ACCEPTED else "has already been invited"
        raise ValidationError({"organization": f"{organization.name} {verb} to this partnership."})
    party = existing or Party(partnership=access.partnership, organization=organization)
    party.role = role
    party.status = PartyStatus.INVITED
    party.invited_by = access.user
    party.invited_at = timezone.now()
    party.responded_by = None
    party.responded_at = None
    party.save()
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.CREATE, record=party,
                 partnership=access.partnership, label=f"invitation of {organization.name} as {party.get_role_display()}",
                 changes=[{"field": "status", "before": None, "after": PartyStatus.INVITED}])
    return party


def party_invitation_get_for_admin(*, acting_user: User, party_id) -> Party:
    """A pending invitation addressed to the acting user's organization, for its admin to answer."""
    membership = getattr(acting_user, "membership", None)
    try:
        party = Party.objects.select_related("partnership", "organization").get(
            pk=party_id, organization_id=getattr(membership, "organization_id", None), status=PartyStatus.INVITED
        )
    except (Party.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found.") from None
    if not membership.is_admin:
        raise PermissionDenied("Only an admin of your organization can answer an invitation.")
    return party


@transaction.atomic
def party_respond(*, acting_user: User, party_id, accept: bool) -> Party:
    party = party_invitation_get_for_admin(acting_user=acting_user, party_id=party_id)
    party.status = PartyStatus.ACCEPTED if accept else PartyStatus.DECLINED
    party.responded_by = acting_user
    party.responded_at = timezone.now()
    party.save()
    if accept:
        PartyMember.objects.get_or_create(party=party, user=acting_user, role=PartyMemberRole.LEAD)
    record_event(actor=acting_user, acting_party=party if accept else None, action=AuditAction.UPDATE,
                 record=party, partnership=party.partnership,
                 label=f"invitation of {party.organization.name}",
                 changes=[{"field": "status", "before": PartyStatus.INVITED, "after": party.status}])
    return party


def _member_label(member: PartyMember) -> str:
    return f"{member.user.get_full_name() or member.user.username} as {member.get_role_display().lower()}"


@transaction.atomic
def party_member_add(*, access: PartnershipAccess, user_id, role: str) -> PartyMember:
    """Name one of the party's own people on the partnership, in a role."""
    access.require_manage()
    if role not in PartyMemberRole.values:
        raise ValidationError({"role": f"Choose one of: {', '.join(PartyMemberRole.values)}."})
    try:
        user = User.objects.get(pk=user_id, membership__organization_id=access.party.organization_id)
    except (User.DoesNotExist, ValueError, TypeError):
        raise ValidationError({"user": "Choose a person from your own organization."}) from None
    if PartyMember.objects.filter(party=access.party, user=user, role=role).exists():
        raise ValidationError({"role": f"{user.get_full_name() or user.username} already has this role."})
    member = PartyMember.objects.create(party=access.party, user=user, role=role)
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.CREATE, record=member,
                 partnership=access.partnership, label=_member_label(member),
                 changes=[{"field": "role", "before": None, "after": role}])
    return member


@transaction.atomic
def party_member_remove(*, access: PartnershipAccess, member_id) -> None:
    access.require_manage()
    member = PartyMember.objects.filter(pk=member_id, party=access.party).select_related("user").first()
    if member is None:
        raise Http404("Not found.")
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.DELETE, record=member,
                 partnership=access.partnership, label=_member_label(member),
                 changes=[{"field": "role", "before": member.role, "after": None}])
    member.delete()


# Party notes -------------------------------------------------------------------------------

def _own_note(access: PartnershipAccess, note: PartyNote) -> None:
    if note.owner_party_id != access.party.pk:
        raise PermissionDenied("Only the party that wrote a note can change it.")


@transaction.atomic
def note_create(*, access: PartnershipAccess, text: str, visibility: str = Visibility.PRIVATE) -> PartyNote:
    access.require_write()
    note = PartyNote(partnership=access.partnership, owner_party=access.party, created_by=access.user,
                     text=(text or "").strip(), visibility=visibility or Visibility.PRIVATE)
    note.full_clean()
    note.save()
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.CREATE, record=note,
                 label="a note", changes=changes_between({}, snapshot(note, NOTE_FIELDS)))
    return note


@transaction.atomic
def note_update(*, access: PartnershipAccess, note: PartyNote, revision: int | None = None, **fields) -> PartyNote:
    access.require_write()
    _own_note(access, note)
    note = PartyNote.objects.select_for_update().get(pk=note.pk)
    _check_revision(note, revision)
    before = snapshot(note, NOTE_FIELDS)
    for name, value in fields.items():
        if name not in NOTE_FIELDS:
            raise ValidationError({name: "This field cannot be changed."})
        setattr(note, name, value.strip() if name == "text" and isinstance(value, str) else value)
    note.full_clean()
    changes = changes_between(before, snapshot(note, NOTE_FIELDS))
    if not changes:
        return note
    note.revision += 1
    note.save()
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=note,
                 label="a note", changes=changes)
    return note


@transaction.atomic
def note_delete(*, access: PartnershipAccess, note: PartyNote) -> None:
    access.require_write()
    _own_note(access, note)
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.DELETE, record=note,
                 label="a note", changes=changes_between(snapshot(note, NOTE_FIELDS), {}))
    note.delete()
