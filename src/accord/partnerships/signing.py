"""Who may sign a document of the partnership (charter, agreement), and when it is in force.

One rule for every signed document: a party signs through one of its named signatories
(``PartyMember`` with role ``signatory``), only for itself; the document is in force once every
accepted party has signed.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404

from accord.core.audit import AuditAction, record_event
from accord.core.updates import check_revision

from .access import NOT_FOUND_MESSAGE, PartnershipAccess
from .models import Partnership

ONLY_DRAFTS = "Only a draft can be changed. Start a new draft from this version to rework it."


class VersionStatus(models.TextChoices):
    """The life of every signed document's version."""

    DRAFT = "draft", "Draft"
    PROPOSED = "proposed", "Proposed"
    IN_FORCE = "in_force", "In force"
    SUPERSEDED = "superseded", "Superseded"


def require_may_sign(access: PartnershipAccess, *, party_id=None, document: str) -> None:
    """Raise ``PermissionDenied`` unless the caller may sign ``document`` for ``party_id`` (default: their own)."""
    access.require_write()
    if party_id is not None and str(party_id) != str(access.party.pk):
        raise PermissionDenied(f"You can sign only for your own party, {access.party.organization.name}.")
    if not access.is_signatory:
        raise PermissionDenied(f"Only a named signatory of {access.party.organization.name} can sign the {document} "
                               "for it. A manager names signatories on the partnership's people page.")


def signed_by_every_party(partnership: Partnership, signed_party_ids: Iterable[int]) -> bool:
    accepted = set(partnership.parties.accepted().values_list("pk", flat=True))
    return bool(accepted) and accepted <= set(signed_party_ids)


WITHDRAWAL_REASON_MAX = 1000


def signed_message(access: PartnershipAccess, version) -> str:
    """What the signer reads once their party's signature is in: the version in force, or waiting for the others."""
    if version.status == VersionStatus.IN_FORCE:
        return f"Signed. Every party has signed: version {version.number} is now in force."
    return f"Signed for {access.party.organization.name}. Waiting for the other signatures."


def withdrawal_reason_clean(reason, *, document: str) -> str:
    """The reason for taking a proposed ``document`` back from signature, required and tidy.

    Withdrawing clears (or sets aside) the other party's signature, so they are owed a word: the
    reason is shown on the version's page and in the activity.
    """
    text = " ".join(str(reason or "").split())
    if not text:
        raise ValidationError({"reason": f"Say why you take the {document} back from signature: the other party "
                                         "sees the reason on the version and in the activity."})
    if len(text) > WITHDRAWAL_REASON_MAX:
        raise ValidationError({"reason": f"Keep the reason to {WITHDRAWAL_REASON_MAX} characters."})
    return text


def withdrawal_change(reason: str) -> dict:
    """The audit change that carries a withdrawal's reason into the activity."""
    return {"field": "withdrawal_reason", "before": None, "after": reason}


def draft_locked(access: PartnershipAccess, version, revision: int | None = None):
    """``version`` read again under a row lock, for a writer changing it: ``Http404`` if it is not of this
    partnership, a ``ValidationError`` unless it is a draft, ``Conflict`` if ``revision`` is stale."""
    access.require_write()
    version = type(version).objects.select_for_update().get(pk=version.pk)
    if version.partnership_id != access.partnership.pk:
        raise Http404(NOT_FOUND_MESSAGE)
    if version.status != VersionStatus.DRAFT:
        raise ValidationError({"status": ONLY_DRAFTS})
    check_revision(version, revision)
    return version


def signature_add(*, access: PartnershipAccess, version, signature_model, document: str):
    """The caller's party's signature on ``version`` (already locked), with its audit event.

    Refused unless the version is proposed and the party has not signed it yet. The caller brings the
    version into force when ``signed_by_every_party`` says so.
    """
    if version.status != VersionStatus.PROPOSED:
        raise ValidationError({"status": f"Only a proposed version can be signed; version {version.number} is "
                                         f"{version.get_status_display().lower()}."})
    if version.signatures.filter(party=access.party).exists():
        raise ValidationError({"party": f"{access.party.organization.name} has already signed version "
                                        f"{version.number}."})
    signature = signature_model.objects.create(version=version, party=access.party, user=access.user)
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.CREATE, record=signature,
                 partnership=access.partnership,
                 label=f"signature of {access.party.organization.name} on {document} version {version.number}",
                 changes=[{"field": "signed_by", "before": None, "after": access.user.username}])
    return signature
