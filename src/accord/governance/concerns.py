"""What an escalation is about: an indicator, a deliverable, a term of the agreement or an incentive statement,
resolved inside the caller's partnership. An escalation is shared, so only shared things can be named in it
(a private indicator is answered like one that does not exist)."""

from django.core.exceptions import ValidationError

from accord.agreements.models import AgreementVersion, Deliverable, Term
from accord.incentives.models import Statement
from accord.metrics.models import Indicator
from accord.partnerships.access import PartnershipAccess, records_shared, records_visible_to

from .escalation_models import ConcernType

NOT_FOUND = {
    ConcernType.INDICATOR: "Choose a shared indicator of this partnership.",
    ConcernType.DELIVERABLE: "Choose a deliverable of this partnership's agreement.",
    ConcernType.TERM: f"Choose a term of the agreement: {', '.join(Term.values)}.",
    ConcernType.STATEMENT: "Choose an incentive statement of this partnership.",
}


def _whole_number(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 12 else None


def concern_label(access: PartnershipAccess, concerns_type: str, concerns_id) -> str:
    """A short name of what ``concerns_type``/``concerns_id`` point at, or ``ValidationError`` naming
    ``concerns`` (the same answer for "does not exist" and "not yours")."""
    if concerns_type not in ConcernType.values:
        raise ValidationError({"concerns": f"Say what it concerns: one of {', '.join(ConcernType.values)}."})
    if concerns_type == ConcernType.TERM:
        if concerns_id not in Term.values:
            raise ValidationError({"concerns": NOT_FOUND[ConcernType.TERM]})
        return Term(concerns_id).label
    pk = _whole_number(concerns_id)
    found = None
    if pk is not None:
        if concerns_type == ConcernType.INDICATOR:
            found = records_shared(Indicator.objects.filter(pk=pk), access).first()
            found = found and f"{found.code} {found.name}"
        elif concerns_type == ConcernType.DELIVERABLE:
            versions = records_visible_to(AgreementVersion.objects.all(), access)
            found = Deliverable.objects.filter(pk=pk, version__in=versions).first()
            found = found and found.title
        else:
            found = records_shared(Statement.objects.filter(pk=pk), access).first()
            found = found and f"Incentive statement {found.period:%B %Y}"
    if not found:
        raise ValidationError({"concerns": NOT_FOUND[concerns_type]})
    return found
