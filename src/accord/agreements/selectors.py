"""Reads of the agreement, always scoped to the caller through ``access``."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from accord.partnerships.access import NOT_FOUND_MESSAGE, PartnershipAccess, records_visible_to
from accord.partnerships.models import Party, PartyMember, PartyMemberRole

from . import calculations
from .models import (
    AgreementSignature,
    AgreementVersion,
    Deliverable,
    LegalItem,
    Liaison,
    ResponsibilityArea,
    RevenueShare,
    VersionStatus,
)


def versions(*, access: PartnershipAccess) -> QuerySet[AgreementVersion]:
    """Every version the caller may see (all are shared), newest first, with their signatures."""
    return records_visible_to(AgreementVersion.objects.all(), access).select_related(
        "created_by", "proposed_by", "based_on").prefetch_related(
        Prefetch("signatures", queryset=AgreementSignature.objects.select_related("party__organization", "user")))


def _with_sections(queryset: QuerySet[AgreementVersion]) -> QuerySet[AgreementVersion]:
    return queryset.prefetch_related(
        Prefetch("areas", queryset=ResponsibilityArea.objects.prefetch_related("assignments")),
        Prefetch("deliverables", queryset=Deliverable.objects.select_related("owner_party__organization")),
        "milestones", "channels",
        Prefetch("liaisons", queryset=Liaison.objects.select_related("user", "party__organization")),
        Prefetch("legal_items", queryset=LegalItem.objects.select_related("ip_owner_party__organization")),
        Prefetch("revenue_shares", queryset=RevenueShare.objects.select_related("party__organization")),
        "shared_costs", "exit_clauses",
    )


def version_get(*, access: PartnershipAccess, number) -> AgreementVersion:
    """One version with all its sections, or ``Http404`` (also for a number that is not a number)."""
    try:
        return _with_sections(versions(access=access)).get(number=int(number))
    except (AgreementVersion.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND_MESSAGE) from None


def version_in_force(*, access: PartnershipAccess) -> AgreementVersion | None:
    return _with_sections(versions(access=access)).filter(status=VersionStatus.IN_FORCE).first()


def version_current(*, access: PartnershipAccess) -> AgreementVersion | None:
    """The version in force, or (before any is in force) the latest one."""
    return version_in_force(access=access) or _with_sections(versions(access=access)).first()


def version_open(*, access: PartnershipAccess) -> AgreementVersion | None:
    """The draft or proposal being worked on, if any (there is at most one)."""
    return versions(access=access).filter(status__in=[VersionStatus.DRAFT, VersionStatus.PROPOSED]).first()


def parties(*, access: PartnershipAccess) -> list[Party]:
    """The accepted parties, in a stable order: the columns of every table per party."""
    return list(access.partnership.accepted_parties().prefetch_related(
                    Prefetch("members", queryset=PartyMember.objects.filter(role=PartyMemberRole.SIGNATORY)
                             .select_related("user"), to_attr="signatories")))


@dataclass
class AgreementView:
    """A version laid out for reading: the matrix by party, flags, key dates and who has signed."""

    version: AgreementVersion
    parties: list
    matrix: list = field(default_factory=list)  # (area, [code or "" per party])
    deliverables: list = field(default_factory=list)  # (deliverable, overdue)
    overdue_count: int = 0
    key_dates: calculations.KeyDates | None = None
    shares: list = field(default_factory=list)  # (party, percent or None)
    liaisons: list = field(default_factory=list)  # (party, user or None)
    signing: list = field(default_factory=list)  # (party, signature or None, [signatory users])


def agreement_view(*, version: AgreementVersion, parties: list, today: datetime.date | None = None) -> AgreementView:
    """Lay out a version fetched by ``version_get``/``version_current``; no further queries."""
    today = today or timezone.localdate()
    view = AgreementView(version=version, parties=parties)
    for area in version.areas.all():
        codes = {cell.party_id: cell.role for cell in area.assignments.all()}
        view.matrix.append((area, [codes.get(party.pk, "") for party in parties]))
    for deliverable in version.deliverables.all():
        overdue = calculations.deliverable_is_overdue(deliverable.due_date, deliverable.status, today)
        view.deliverables.append((deliverable, overdue))
        view.overdue_count += overdue
    view.key_dates = calculations.key_dates(
        start_date=version.start_date, end_date=version.end_date, duration_months=version.duration_months,
        notice_period_days=version.notice_period_days, renewal=version.renewal,
        renewal_term_months=version.renewal_term_months, today=today)
    shares = {share.party_id: share.share_percent for share in version.revenue_shares.all()}
    view.shares = [(party, shares.get(party.pk)) for party in parties] if shares else []
    liaisons = {liaison.party_id: liaison.user for liaison in version.liaisons.all()}
    view.liaisons = [(party, liaisons.get(party.pk)) for party in parties]
    signatures = {signature.party_id: signature for signature in version.signatures.all()}
    view.signing = [(party, signatures.get(party.pk), [m.user for m in getattr(party, "signatories", [])])
                    for party in parties]
    return view


def section_item(*, version: AgreementVersion, model, item_id):
    """One row of a list section of a version the caller already reached through ``version_get``."""
    try:
        return model.objects.get(pk=item_id, version=version)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND_MESSAGE) from None
