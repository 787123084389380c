"""Reads of the charter, scoped to the caller through ``access`` (charter versions are shared)."""

import datetime

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from accord.partnerships.access import NOT_FOUND_MESSAGE, PartnershipAccess, partnerships_for_user, records_visible_to
from accord.partnerships.models import Partnership, PartyMember, PartyMemberRole

from .calculations import review_schedule
from .models import Charter, CharterSignature, CharterVersion, VersionStatus

_SIGNATURES = Prefetch("signatures", queryset=CharterSignature.objects.select_related("party__organization", "user"))


def _with_details(queryset: QuerySet[CharterVersion]) -> QuerySet[CharterVersion]:
    return queryset.select_related("created_by", "proposed_by", "owner_party__organization").prefetch_related(_SIGNATURES)


def charter_get(*, access: PartnershipAccess) -> Charter | None:
    """The partnership's charter (its review cadence), or None before the first draft."""
    return records_visible_to(Charter.objects.all(), access).first()


def charter_versions(*, access: PartnershipAccess, status: str = "") -> QuerySet[CharterVersion]:
    """Every version, newest first, with signatures and their signers."""
    versions = _with_details(records_visible_to(CharterVersion.objects.all(), access))
    if status:
        versions = versions.filter(status=status)
    return versions.order_by("-number")


def charter_version_get(*, access: PartnershipAccess, number) -> CharterVersion:
    """One version by its number, or ``Http404`` (also for a number that is not a number)."""
    try:
        return charter_versions(access=access).get(number=int(number))
    except (CharterVersion.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND_MESSAGE) from None


def charter_version_in_force(partnership: Partnership) -> CharterVersion | None:
    """The version in force for ``partnership``, or None — for documents that print the charter.

    Charter versions are always shared, so the version is the same whichever party asks; callers
    must already have checked the caller's access to ``partnership``.
    """
    return _with_details(CharterVersion.objects.filter(
        partnership=partnership, status=VersionStatus.IN_FORCE, visibility="shared")).first()


def charter_review(*, access: PartnershipAccess, charter: Charter | None = None,
                   in_force: CharterVersion | None = None, today: datetime.date | None = None) -> dict:
    """Next review dates of the charter in force, with flags for overdue and due soon."""
    charter = charter or charter_get(access=access)
    in_force = in_force or charter_version_in_force(access.partnership)
    return review_schedule(
        in_force_at=in_force.in_force_at if in_force else None,
        purpose_values_months=charter.purpose_values_review_months if charter else 12,
        mission_vision_months=charter.mission_vision_review_months if charter else 6,
        today=today or timezone.localdate(),
    )


def charter_signatories(*, access: PartnershipAccess) -> list[dict]:
    """Each accepted party with its named signatories, for 'who still has to sign'."""
    parties = access.partnership.accepted_parties()
    members = PartyMember.objects.filter(party__in=parties, role=PartyMemberRole.SIGNATORY).select_related("user")
    by_party = {}
    for member in members:
        by_party.setdefault(member.party_id, []).append(member.user)
    return [{"party": party, "signatories": by_party.get(party.pk, [])} for party in parties]


def charter_copy_sources(*, access: PartnershipAccess) -> QuerySet[Partnership]:
    """The caller's other partnerships that have a charter to copy from."""
    with_versions = CharterVersion.objects.values("partnership_id")
    return partnerships_for_user(access.user).exclude(pk=access.partnership.pk).filter(pk__in=with_versions)


def version_content(version: CharterVersion) -> dict:
    """The wording of a version, as plain values for ``calculations.charter_diff``."""
    return {"tagline": version.tagline, "purpose": version.purpose, "vision": version.vision,
            "vision_horizon": version.vision_horizon.isoformat() if version.vision_horizon else None,
            "mission": version.mission, "values": version.values, "card_purpose": version.card_purpose,
            "card_vision": version.card_vision, "card_mission": version.card_mission,
            "card_values": version.card_values}


def version_with_wording(version: CharterVersion, wording: dict) -> CharterVersion:
    """An unsaved copy of ``version`` carrying ``wording`` — for previews; never saved."""
    copy = CharterVersion(**{f.attname: getattr(version, f.attname) for f in CharterVersion._meta.concrete_fields})
    copy.partnership = version.partnership
    for name, value in wording.items():
        setattr(copy, name, value)
    return copy


def pocket_card_version(*, access: PartnershipAccess, number=None) -> CharterVersion:
    """The version a pocket card is printed from: the one in force, or version ``number``."""
    if number not in (None, ""):
        return charter_version_get(access=access, number=number)
    version = charter_version_in_force(access.partnership)
    if version is None:
        raise Http404(NOT_FOUND_MESSAGE)
    return version


def party_names(partnership: Partnership) -> list[str]:
    """The accepted parties' organization names, the client first, for documents."""
    parties = partnership.accepted_parties()
    ordered = sorted(parties, key=lambda p: (p.role != "client", p.invited_at, p.pk))
    return [p.organization.name for p in ordered]


def charter_review_flag(*, access: PartnershipAccess, today: datetime.date | None = None) -> dict:
    """``charter_review`` in one query, for the flag other pages show (the overview)."""
    version = (records_visible_to(CharterVersion.objects.in_force(), access).select_related("charter")
               .only("in_force_at", "charter__purpose_values_review_months",
                     "charter__mission_vision_review_months").first())
    return review_schedule(
        in_force_at=version.in_force_at if version else None,
        purpose_values_months=version.charter.purpose_values_review_months if version else 12,
        mission_vision_months=version.charter.mission_vision_review_months if version else 6,
        today=today or timezone.localdate(),
    )
