"""What other areas add to a portfolio row: the next meeting, open escalations, the agreement's notice and renewal dates, and
the latest incentive statement's figures. One query each for a page of partnerships, shared records only
(read through ``access.py``), so every party of a partnership sees the same."""

import datetime

from django.db.models import Count, Min
from django.utils import timezone

from accord.agreements import calculations as agreement_calculations
from accord.agreements.models import AgreementVersion
from accord.governance.escalation_models import Escalation, EscalationStatus
from accord.governance.models import Meeting, MeetingStatus
from accord.incentives.models import StatementStatus
from accord.incentives.selectors import latest_statement_figures
from accord.partnerships.access import records_shared_in_organization_partnerships
from accord.partnerships.signing import VersionStatus

NO_DATES = {"term_end": None, "notice_deadline": None, "renewal_decision_date": None}


def next_meetings(organization_id, partnership_ids: list[int]) -> dict[int, datetime.datetime]:
    """Each partnership's next scheduled governance meeting (its start)."""
    if not partnership_ids:
        return {}
    meetings = records_shared_in_organization_partnerships(
        Meeting.objects.filter(partnership_id__in=partnership_ids, status=MeetingStatus.SCHEDULED,
                               starts_at__gte=timezone.now()), organization_id)
    return dict(meetings.order_by().values("partnership_id").annotate(first=Min("starts_at"))
                .values_list("partnership_id", "first"))


def open_escalations(organization_id, partnership_ids: list[int]) -> dict[int, int]:
    """How many escalations each partnership has open (not resolved), at any level."""
    if not partnership_ids:
        return {}
    escalations = records_shared_in_organization_partnerships(
        Escalation.objects.filter(partnership_id__in=partnership_ids).exclude(status=EscalationStatus.RESOLVED),
        organization_id)
    return dict(escalations.order_by().values("partnership_id").annotate(open=Count("id"))
                .values_list("partnership_id", "open"))


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


def latest_statements(partnership_ids: list[int]) -> dict[int, dict]:
    """Each partnership's latest approved incentive statement: its period, currency, net payable and the money
    at risk in it (``incentives.selectors.latest_statement_figures``, the one reading of them; one query)."""
    if not partnership_ids:
        return {}
    return {partnership_id: {"period": period, "status": StatementStatus.APPROVED, "currency": currency,
                             "net_payable": net_payable, "at_risk": at_risk}
            for partnership_id, (period, net_payable, at_risk, currency)
            in latest_statement_figures(partnership_ids).items()}
