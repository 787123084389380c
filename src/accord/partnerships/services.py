"""Writes inside a partnership. Each service validates, writes, and records one audit event."""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from accord.accounts import throttle
from accord.accounts.models import Organization, PartnershipInvitation, Role, User, hash_secret, membership_of
from accord.accounts.services import organization_create, user_create
from accord.core.audit import (
    AuditAction,
    AuditEventType,
    changes_between,
    record_event,
    record_organization_event,
    snapshot,
)
from accord.core.updates import model_update

from .access import PartnershipAccess
from .models import (
    Partnership,
    Party,
    PartyMember,
    PartyMemberRole,
    PartyRole,
    PartyStatus,
    Status,
)

# Not ``phase``: it moves only through ``health.phase.phase_move``, which checks the criteria for moving on.
PARTNERSHIP_FIELDS = ("name", "description", "engagement_type", "status", "start_date", "end_date")
NOTE_FIELDS = ("text", "visibility")
ACTIVATION_MESSAGE = "A partnership becomes active only once at least two parties have accepted."


SLUG_SUFFIX_BYTES = 3  # six hex digits: 16 million suffixes per name


def _unique_slug(name: str) -> str:
    """The name's slug with a random suffix, always.

    Slugs are unique across the server; a counter (``-2``) would tell whoever creates a
    partnership that another organization already has one of that name. A random suffix on
    every slug looks the same whether or not the name is taken.
    """
    base = slugify(name)[:190].strip("-") or "partnership"
    while True:
        slug = f"{base}-{secrets.token_hex(SLUG_SUFFIX_BYTES)}"
        if not Partnership.objects.filter(slug=slug).exists():
            return slug


@transaction.atomic
def partnership_create(*, acting_user: User, name: str, role: str, description: str = "",
                       engagement_type: str | None = None, phase: str | None = None,
                       status: str = Status.PROPOSED, start_date=None, end_date=None) -> Partnership:
    """Create a partnership with the acting user's organization as its first (accepted) party."""
    membership = membership_of(acting_user)
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
    # Imported here: governance builds on partnerships, not the other way round.
    from accord.governance.services import bodies_create_defaults

    bodies_create_defaults(partnership=partnership, party=party, acting_user=acting_user)
    return partnership


def _partnership_rules(partnership: Partnership) -> dict:
    if partnership.status == Status.ACTIVE and partnership.parties.accepted().count() < 2:
        return {"status": ACTIVATION_MESSAGE}
    return {}


@transaction.atomic
def partnership_update(*, access: PartnershipAccess, revision: int | None = None, **fields) -> Partnership:
    access.require_manage()
    partnership = Partnership.objects.select_for_update().get(pk=access.partnership.pk)
    model_update(access=access, instance=partnership, fields=fields, allowed=PARTNERSHIP_FIELDS, revision=revision,
                 normalize=lambda name, value: value.strip() if name == "name" and isinstance(value, str) else value,
                 validate=_partnership_rules, validate_unique=False)
    return partnership


# Party invitations -------------------------------------------------------------------------

PARTY_INVITATION_LIFETIME = datetime.timedelta(days=30)
PARTY_INVITATION_THROTTLED = "Too many invitations for now. Try again in a few minutes."
# One answer for a name, whether or not an organization of that name is on the server.
INVITED_BY_NAME = ("If an organization named “{target}” is on Accord, its admins were asked to accept or decline. "
                   "Organizations are not listed, so this answer is the same either way.")
INVITED_BY_EMAIL = ("An invitation was sent to {target}. If they have no account yet, the link in it lets them "
                    "bring their organization onto Accord and answer.")


def invitation_sent_message(invitation: PartnershipInvitation) -> str:
    """What the inviter is told: the same words whatever the invitation resolved to."""
    template = INVITED_BY_EMAIL if invitation.email else INVITED_BY_NAME
    return template.format(target=invitation.target)


def _invitation_target_errors(access: PartnershipAccess, role: str, name: str, email: str) -> dict:
    errors = {}
    if role not in PartyRole.values:
        errors["role"] = [f"Choose one of: {', '.join(PartyRole.values)}."]
    if bool(name) == bool(email):
        errors["organization_name"] = ["Give either the exact name of an organization or the e-mail address of "
                                       "its admin."]
        return errors
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = ["Enter a valid e-mail address."]
    target = email or name
    # The inviter can see the accepted parties and the invitations sent, so naming them reveals nothing.
    if name and access.partnership.parties.accepted().filter(organization__name__iexact=name).exists():
        errors["organization_name"] = [f"{name} is already a party to this partnership."]
    elif access.partnership.sent_invitations.filter(
        expires_at__gt=timezone.now(), **({"email__iexact": target} if email else {"organization_name__iexact": target})
    ).exists():
        errors["email" if email else "organization_name"] = [f"{target} has already been invited."]
    return errors


def _invited_party(invitation: PartnershipInvitation, organization: Organization) -> Party | None:
    """The organization's invitation as a party, unless it already has a seat (or is the inviter)."""
    existing = Party.objects.filter(partnership=invitation.partnership, organization=organization).first()
    if existing and existing.status != PartyStatus.DECLINED:
        return None
    party = existing or Party(partnership=invitation.partnership, organization=organization)
    party.role = invitation.role
    party.status = PartyStatus.INVITED
    party.invited_by = invitation.invited_by
    party.invited_at = timezone.now()
    party.responded_by = None
    party.responded_at = None
    party.save()
    return party


def _mail_on_commit(subject: str, body: str, recipients: list[str], *, notify: bool = True) -> None:
    if notify and recipients:
        transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients))


@transaction.atomic
def party_invite(*, access: PartnershipAccess, role: str, organization_name: str = "",
                 email: str = "", notify: bool = True) -> PartnershipInvitation:
    """Invite another organization as a party, by its exact name or by the e-mail address of its admin.

    Nothing here answers differently for an organization (or a person) that is not on the
    server: the inviter gets back the invitation as typed and ``invitation_sent_message``. An
    organization found by name (case-insensitive exact match) gets a party invitation that its
    admins are mailed about; an address with an account does the same for that person's
    organization; an address without one gets a sign-up link (``party_join``). ``notify=False``
    sends no mail (seeded demo data has nobody to tell).
    """
    access.require_manage()
    # Two managers inviting the same organization at once: the second waits here, then finds the
    # first's invitation and gets the ordinary "already invited" answer instead of a constraint error.
    Partnership.objects.select_for_update().filter(pk=access.partnership.pk).first()
    name = " ".join((organization_name or "").split())
    email = (email or "").strip().lower()
    errors = _invitation_target_errors(access, role, name, email)
    if errors:
        raise ValidationError(errors)
    throttle.require(("invite-organization", str(access.party.organization_id)), ("invite-recipient", email or name),
                     message=PARTY_INVITATION_THROTTLED)
    invitation = PartnershipInvitation(partnership=access.partnership, role=role, email=email, organization_name=name,
                                       invited_by=access.user, expires_at=timezone.now() + PARTY_INVITATION_LIFETIME)
    invitation.full_clean()  # lengths and the address's form, before anything is looked up or sent
    inviter = f"{access.user.get_full_name() or access.user.username} ({access.party.organization.name})"
    role_label = PartyRole(role).label.lower()
    recipients: list[str] = []
    if name:
        organization = Organization.objects.filter(name__iexact=name).first()
    else:
        person = User.objects.filter(email__iexact=email, is_active=True).select_related("membership").first()
        organization = person.organization if person else None
        if person is None:
            token = secrets.token_urlsafe(32)
            invitation.token_hash = hash_secret(token)
            link = settings.SITE_URL + reverse("partnerships:join", args=[token])
            _mail_on_commit(
                f"{inviter} invites your organization to a partnership on Accord",
                f"{inviter} invites your organization to the partnership “{access.partnership.name}” on Accord as "
                f"{role_label}.\n\nCreate your organization and your account, then accept or decline: {link}\n\n"
                f"The link works for {PARTY_INVITATION_LIFETIME.days} days.", [email], notify=notify)
        else:
            recipients.append(email)
    if organization is not None:
        invitation.party = _invited_party(invitation, organization)
        if invitation.party is not None:
            recipients += list(organization.memberships.filter(role=Role.ADMIN, user__is_active=True)
                               .values_list("user__email", flat=True))
            _mail_on_commit(
                f"{organization.name} is invited to a partnership on Accord",
                f"{inviter} invites {organization.name} to the partnership “{access.partnership.name}” as "
                f"{role_label}.\n\nAn admin of {organization.name} can accept or decline: "
                f"{settings.SITE_URL}{reverse('partnerships:list')}", sorted(set(recipients)), notify=notify)
    invitation.save()
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.CREATE, record=invitation,
                 partnership=access.partnership, event_type=AuditEventType.PARTY_INVITED,
                 organization=access.party.organization,
                 label=f"invitation of {invitation.target} as {role_label}",
                 details={"target": invitation.target, "by": "email" if email else "name", "role": role})
    return invitation


def partnership_invitation_get_pending(*, token: str) -> PartnershipInvitation:
    """The invitation behind a sign-up link that still works."""
    invitation = (PartnershipInvitation.objects.link_pending().select_related("partnership", "invited_by")
                  .filter(token_hash=hash_secret(token or "")).first())
    if invitation is None:
        raise Http404("This invitation does not exist, has expired or was already used.")
    return invitation


@transaction.atomic
def party_join(*, token: str, organization_name: str, username: str, password: str, first_name: str = "",
               last_name: str = "") -> User:
    """Follow a party invitation's sign-up link: create the organization and its first admin (the invited
    address), and turn the link into a party invitation that this admin then accepts or declines."""
    invitation = partnership_invitation_get_pending(token=token)
    try:
        organization = organization_create(name=organization_name)
    except ValidationError as exc:
        raise ValidationError({"organization_name": exc.message_dict.get("name", exc.messages)}) from None
    user = user_create(username=username, email=invitation.email, password=password, organization=organization,
                       role=Role.ADMIN, first_name=first_name, last_name=last_name)
    invitation.party = _invited_party(invitation, organization)
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["party", "used_at"])
    record_organization_event(actor=user, organization=organization, event_type=AuditEventType.ORGANIZATION_CREATED,
                              action=AuditAction.CREATE, record=organization,
                              details={"invited_to": invitation.partnership.name, "admin": user.username})
    return user


def party_invitation_get_for_admin(*, acting_user: User, party_id) -> Party:
    """A pending invitation addressed to the acting user's organization, for its admin to answer."""
    membership = membership_of(acting_user)
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
                 record=party, partnership=party.partnership, organization=party.organization,
                 event_type=AuditEventType.PARTY_ACCEPTED if accept else AuditEventType.PARTY_DECLINED,
                 label=f"invitation of {party.organization.name}",
                 details={"organization": party.organization.name, "role": party.role},
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
