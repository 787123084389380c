"""Who may sign a document of the partnership (charter, agreement), and when it is in force.

One rule for every signed document: a party signs through one of its named signatories
(``PartyMember`` with role ``signatory``), only for itself; the document is in force once every
accepted party has signed.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from .access import PartnershipAccess
from .models import Partnership


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
