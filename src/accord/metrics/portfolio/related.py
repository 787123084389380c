"""What other areas add to a portfolio row: the next meeting, the agreement's notice and renewal dates, and
the latest incentive statement's figures. One query each for a page of partnerships, shared records only
(read through ``access.py``), so every party of a partnership sees the same."""

import datetime
from decimal import Decimal

from django.db.models import Min, OuterRef, Subquery
from django.utils import timezone

from accord.agreements import calculations as agreement_calculations
from accord.agreements.models import AgreementVersion
from accord.governance.models import Meeting, MeetingStatus
from accord.incentives.calculations import LineKind, round_money
from accord.incentives.models import Statement
from accord.partnerships.access import records_shared_in_organization_partnerships
from accord.partnerships.signing import VersionStatus

NO_DATES = {"term_end": None, "notice_deadline": None, "renewal_decision_date": None}
AT_RISK_KINDS = (LineKind.AT_RISK_FORFEIT, LineKind.AT_RISK_HELD)


def next_meetings(organization_id, partnership_ids: list[int]) -> dict[int, datetime.datetime]:
    """Each partnership's next scheduled governance meeting (its start)."""
    if not partnership_ids:
        return {}
    meetings = records_shared_in_organization_partnerships(
        Meeting.objects.filter(partnership_id__in=partnership_ids, status=MeetingStatus.SCHEDULED,
                               starts_at__gte=timezone.now()), organization_id)
    return dict(meetings.order_by().values("partnership_id").annotate(first=Min("starts_at"))
                .values_list("partnership_id", "first"))


def agreement_dates(organization_id, partnership_ids: list[int]) -> dict[int, dict]:
    """The term end, notice deadline and renewal decision date of each partnership's agreement in force
    (derived from its terms as the agreement page derives them), where it has them."""
    if not partnership_ids:
        return {}
    versions = records_shared_in_organization_partnerships(
        AgreementVersion.objects.filter(partnership_id__in=partnership_ids, status=VersionStatus.IN_FORCE),
        organization_id).values_list("partnership_id", "start_date", "end_date", "duration_months",
                                     "notice_period_days", "renewal", "renewal_term_months")
    today = timezone.localdate()
    found = {}
    for partnership_id, start, end, months, notice_days, renewal, renewal_months in versions:
        dates = agreement_calculations.key_dates(start_date=start, end_date=end, duration_months=months,
                                                 notice_period_days=notice_days, renewal=renewal,
                                                 renewal_term_months=renewal_months, today=today)
        found[partnership_id] = {"term_end": dates.term_end, "notice_deadline": dates.notice_deadline,
                                 "renewal_decision_date": dates.renewal_decision_date}
    return found


def latest_statement_figures_stored(organization_id, partnership_ids: list[int]) -> dict[int, dict]:
    """Each partnership's latest stored incentive statement (``incentives.Statement``: stored once a party
    approved it): its period, status, currency, net payable and at-risk exposure — the money at risk it
    forfeited or holds (the at-risk lines, as a positive amount). Read from the stored rows, never computed;
    one query."""
    if not partnership_ids:
        return {}
    newest = Statement.objects.filter(partnership_id=OuterRef("partnership_id")).order_by("-period").values("period")[:1]
    statements = records_shared_in_organization_partnerships(
        Statement.objects.filter(partnership_id__in=partnership_ids, period=Subquery(newest)), organization_id)
    found = {}
    for partnership_id, period, status, currency, net_payable, lines in statements.values_list(
            "partnership_id", "period", "status", "currency", "net_payable", "lines"):
        at_risk = sum((-Decimal(str(line.get("amount", "0"))) for line in lines or ()
                       if line.get("kind") in AT_RISK_KINDS), Decimal("0"))
        found[partnership_id] = {"period": period, "status": status, "currency": currency,
                                 "net_payable": round_money(net_payable, currency), "at_risk": at_risk}
    return found
