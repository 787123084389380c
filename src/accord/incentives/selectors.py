"""Reads of the financial model and statements, always scoped to the caller through ``access``."""

import datetime
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404

from accord.agreements import selectors as agreement_selectors
from accord.core.errors import ExplainedNotFound
from accord.metrics.scorecards import calculations as scoring
from accord.metrics.scorecards.selectors import PartnershipFigures, parse_scorecard_period, partnership_figures
from accord.partnerships.access import NOT_FOUND_MESSAGE, PartnershipAccess, records_visible_to
from accord.partnerships.models import PartyRole
from accord.partnerships.signing import VersionStatus

from . import calculations as calc
from .models import (
    FinancialModelSignature,
    FinancialModelVersion,
    Statement,
    StatementApproval,
    StatementInnovation,
    StatementNote,
    StatementStatus,
)


def versions(*, access: PartnershipAccess) -> QuerySet[FinancialModelVersion]:
    """Every version (all are shared), newest first, with their signatures."""
    return records_visible_to(FinancialModelVersion.objects.all(), access).select_related(
        "created_by", "based_on").prefetch_related(
        Prefetch("signatures", queryset=FinancialModelSignature.objects.select_related("party__organization", "user")))


def version_get(*, access: PartnershipAccess, number) -> FinancialModelVersion:
    try:
        return versions(access=access).get(number=int(number))
    except (FinancialModelVersion.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND_MESSAGE) from None


def version_in_force(*, access: PartnershipAccess) -> FinancialModelVersion | None:
    return versions(access=access).filter(status=VersionStatus.IN_FORCE).first()


def version_open(*, access: PartnershipAccess) -> FinancialModelVersion | None:
    return versions(access=access).filter(status__in=[VersionStatus.DRAFT, VersionStatus.PROPOSED]).first()


def version_for_period(*, access: PartnershipAccess, period: datetime.date) -> FinancialModelVersion:
    """The version that applies to ``period``: of those that came into force, the latest start on or before it
    (a later version never rewrites an earlier period). ``Http404`` with a clear message when none does."""
    version = (versions(access=access).filter(in_force_at__isnull=False, applies_from__lte=period)
               .order_by("-applies_from", "-number").first())
    if version is None:
        raise ExplainedNotFound(f"No signed financial model applies to {period:%B %Y}.")
    return version


def signed_versions(*, access: PartnershipAccess) -> QuerySet[FinancialModelVersion]:
    """The versions that came into force (in force now or superseded since): the ones statements use."""
    return records_visible_to(FinancialModelVersion.objects.filter(in_force_at__isnull=False), access)


def agreed_provider_revenue_percent(*, access: PartnershipAccess) -> Decimal | None:
    """The provider's revenue share (percent) in the commercial terms of the agreement in force, or None when
    there is no agreement in force or it gives no share to exactly one provider party."""
    agreement = agreement_selectors.version_in_force(access=access)
    if agreement is None:
        return None
    shares = [share.share_percent for share in agreement.revenue_shares.all()
              if share.party.role == PartyRole.PROVIDER]
    return shares[0] if len(shares) == 1 else None


def shared_indicator_kinds(figures: PartnershipFigures) -> dict[str, str]:
    """``{code: kind}`` of the partnership's shared agreed indicators: the only ones a model may name."""
    return {spec.code: spec.kind for spec in figures.specs}


def figures_for(*, access: PartnershipAccess) -> PartnershipFigures:
    """The shared scorecard's figures: the same for every party."""
    return partnership_figures(access=access)


def parse_period(value) -> datetime.date:
    return parse_scorecard_period(value)


def period_facts(figures: PartnershipFigures, period: datetime.date,
                 overrides: dict | None = None) -> calc.PeriodFacts:
    """The shared scorecard of ``period`` as plain values; ``overrides`` ({code: value}) re-evaluate those
    indicators (the what-if) and the overall score and status with them."""
    card = figures.scorecard(period)
    results = card.indicators
    if overrides:
        results = tuple(scoring.evaluate_indicator(r.spec, overrides[r.spec.code]) if r.spec.code in overrides else r
                        for r in results)
        card = scoring.score_period(period, results, figures.thresholds)
    return calc.PeriodFacts(period, card.score, card.status, {
        r.spec.code: calc.IndicatorFact(r.spec.code, r.spec.name, r.spec.kind, r.status, r.actual)
        for r in card.indicators})


def statements(*, access: PartnershipAccess) -> QuerySet[Statement]:
    return records_visible_to(Statement.objects.all(), access).select_related("version").prefetch_related(
        Prefetch("approvals", queryset=StatementApproval.objects.select_related("party__organization", "user")))


def statements_approved(*, access: PartnershipAccess) -> QuerySet[Statement]:
    """The approved statements, oldest first (what later statements carry forward), without their approvals."""
    return records_visible_to(Statement.objects.filter(status=StatementStatus.APPROVED), access).select_related(
        "version").order_by("period")


def innovations(*, access: PartnershipAccess, period: datetime.date | None = None) -> QuerySet[StatementInnovation]:
    """The innovations entered on statements (always shared), of one period or all."""
    found = records_visible_to(StatementInnovation.objects.all(), access).select_related("created_by")
    return found.filter(period=period) if period is not None else found


def statement_stored(*, access: PartnershipAccess, period: datetime.date) -> Statement | None:
    return statements(access=access).filter(period=period).first()


def statement_notes(*, access: PartnershipAccess, period: datetime.date) -> QuerySet[StatementNote]:
    """The caller's party's notes on a period plus shared ones: the visibility rule."""
    return records_visible_to(StatementNote.objects.filter(period=period), access).select_related(
        "created_by", "owner_party__organization")


def latest_statement_figures(partnership_ids) -> dict[int, tuple[datetime.date, Decimal, Decimal, str]]:
    """``{partnership_id: (period, net_payable, at_risk_exposure, currency)}`` of each partnership's latest
    approved statement (the numbers every party agreed); partnerships without one are left out.

    The at-risk exposure is the model's at-risk pool for that period: the statement's base fee × the at-risk
    percent of the version it was computed with, rounded to the currency's minor unit (0 without an at-risk
    section). One query whatever the number of partnerships. Statements are always shared; the caller passes
    the ids of partnerships it resolved through ``partnerships/access.py`` (e.g. ``organization_parties``).
    """
    latest = (Statement.objects.filter(partnership_id=OuterRef("partnership_id"), status=StatementStatus.APPROVED)
              .order_by("-period").values("period")[:1])
    rows = (Statement.objects.filter(partnership_id__in=list(partnership_ids), status=StatementStatus.APPROVED,
                                     period=Subquery(latest))
            .values_list("partnership_id", "period", "net_payable", "currency", "lines", "version__terms"))
    result = {}
    for partnership_id, period, net_payable, currency, lines, terms in rows:
        base_fee = sum((Decimal(line["amount"]) for line in lines if line["kind"] == calc.LineKind.BASE_FEE),
                       Decimal(0))
        percent = (terms.get("at_risk") or {}).get("percent")
        exposure = base_fee * Decimal(str(percent)) / calc.HUNDRED if percent not in (None, "") else Decimal(0)
        result[partnership_id] = (period, calc.round_money(Decimal(net_payable), currency),
                                  calc.round_money(exposure, currency), currency)
    return result
