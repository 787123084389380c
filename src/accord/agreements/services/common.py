"""What every agreement service shares: the locked draft, parties named in input, the field lists."""

from django.core.exceptions import ValidationError

from accord.partnerships.access import PartnershipAccess
from accord.partnerships.models import Party

from ..models import AgreementVersion

COMMERCIAL_FIELDS = (
    "start_date", "end_date", "duration_months", "renewal", "renewal_term_months", "notice_period_days",
    "term_negotiability", "revenue_sharing_basis", "revenue_sharing_negotiability", "licence_fee_amount",
    "licence_fee_currency", "licence_fee_period", "licence_fee_description", "licence_fee_negotiability",
)


def party_in(parties_by_id: dict, value, field: str) -> Party | None:
    """A party named in input, resolved among the partnership's accepted parties only."""
    if value in (None, ""):
        return None
    key = value.pk if isinstance(value, Party) else value
    try:
        return parties_by_id[int(key)]
    except (KeyError, ValueError, TypeError):
        raise ValidationError({field: "Choose one of the partnership's parties."}) from None


def parties_by_id(access: PartnershipAccess) -> dict[int, Party]:
    return {party.pk: party for party in access.partnership.accepted_parties()}




def touch(version: AgreementVersion) -> None:
    """Any change to a draft's sections bumps its revision, so stale editors get a conflict."""
    version.revision += 1
    version.save(update_fields=["revision", "updated_at"])


def clean_errors(instance, exclude=()) -> dict:
    """A row's field errors as ``{field: [messages]}`` (rows of a replaced table report all at once)."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return dict(exc.message_dict)
    return {}


def blank_not_null(model, name: str, value):
    """Input as stored: text stripped, and an emptied text field blank rather than null."""
    if isinstance(value, str):
        value = value.strip()
    if value is None and not model._meta.get_field(name).null:
        value = ""
    return value
