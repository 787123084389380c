"""The partnership's phase (alignment → execution → shared vision), the criteria for moving on with their
evidence, and the one writer that moves it (seed 003: effective alignment is the basis for execution; a
repeated record of execution for a shared vision)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from accord.agreements.models import AgreementVersion
from accord.charters.models import CharterVersion
from accord.core.audit import AuditAction, record_event
from accord.governance.models import GovernanceBody
from accord.metrics import periods
from accord.metrics.models import Indicator, IndicatorKind, IndicatorStatus
from accord.metrics.scorecards import selectors as scorecards
from accord.partnerships.access import PartnershipAccess, records_shared
from accord.partnerships.models import Partnership, Phase
from accord.partnerships.signing import VersionStatus

from .calculations import NO_DATA, OK
from .index import WINDOW, behaviour_events
from .models import RoundStatus, SurveyRound
from .results import round_results

ORDER = [Phase.ALIGNMENT, Phase.EXECUTION, Phase.SHARED_VISION]
SCORED_PERIODS, BREACH_FREE = 6, 3
REASON_MAX = 1000


def _criterion(stage, code, label, met, evidence) -> dict:
    return {"stage": stage, "code": code, "label": label, "met": bool(met), "evidence": evidence}


def _alignment_criteria(access) -> list[dict]:
    charter = records_shared(CharterVersion.objects.in_force(), access).first()
    agreement = records_shared(AgreementVersion.objects.filter(status=VersionStatus.IN_FORCE), access).first()
    agreed = records_shared(Indicator.objects.filter(status=IndicatorStatus.AGREED), access)
    cpis = list(agreed.filter(kind=IndicatorKind.CPI).values_list("code", flat=True))
    kpis = list(agreed.filter(kind=IndicatorKind.KPI).values_list("code", flat=True))
    stage = Phase.ALIGNMENT
    return [
        _criterion(stage, "charter_in_force", "A charter in force", charter,
                   f"Charter version {charter.number} in force." if charter else "No charter version is in force."),
        _criterion(stage, "agreement_in_force", "An agreement in force", agreement,
                   f"Agreement version {agreement.number} in force." if agreement
                   else "No agreement version is in force."),
        _criterion(stage, "indicators_defined", "At least one agreed CPI and one agreed KPI", cpis and kpis,
                   f"{len(cpis)} CPI ({', '.join(cpis[:5]) or 'none'}), {len(kpis)} KPI "
                   f"({', '.join(kpis[:5]) or 'none'})."),
    ]


def _execution_criteria(access) -> list[dict]:
    stage = Phase.EXECUTION
    figures = scorecards.partnership_figures(access=access)
    latest = scorecards.default_scorecard_period(figures)
    months = periods.months_back(latest, 120)
    cards = [figures.scorecard(month) for month in months]
    scored = [card for card in cards if card.status != NO_DATA]
    recent = [card for card in cards[-BREACH_FREE:]]
    breaches = [card for card in recent if card.cpi_breaches or card.status == "critical_breach"]
    closed = list(records_shared(SurveyRound.objects.filter(status=RoundStatus.CLOSED), access)
                  .select_related("partnership").order_by("-closed_on", "-id"))
    full = next((survey for survey in closed
                 if all(row["status"] == OK for row in round_results(survey)["parties"])), None)
    criteria = [
        _criterion(stage, "scored_periods", f"At least {SCORED_PERIODS} scored periods", len(scored) >= SCORED_PERIODS,
                   f"{len(scored)} months with a score (up to {periods.label(latest, periods.MONTHLY)})."),
        _criterion(stage, "no_recent_cpi_breach", f"No CPI breach in the last {BREACH_FREE} periods", not breaches,
                   "Breaches in " + ", ".join(periods.label(card.period, periods.MONTHLY) for card in breaches) + "."
                   if breaches else f"None from {periods.label(months[-BREACH_FREE], periods.MONTHLY)} to "
                                    f"{periods.label(latest, periods.MONTHLY)}."),
        _criterion(stage, "survey_every_party", "A closed survey round with every party at or above the threshold",
                   full, f"“{full.title}”, closed {full.closed_on:%d %b %Y}." if full
                   else f"{len(closed)} closed round(s); none with every party at or above its threshold."),
    ]
    if records_shared(GovernanceBody.objects.all(), access).exists():
        start = periods.shift(latest, periods.MONTHLY, -(WINDOW - 1))
        meetings = [event for event in behaviour_events(access, start, periods.period_end(latest, periods.MONTHLY))
                    if event.kind == "meetings"]
        missed = [event for event in meetings if not event.on_time]
        criteria.append(_criterion(stage, "meetings_on_cadence", "Governance meetings held on cadence",
                                   meetings and not missed,
                                   f"{len(meetings) - len(missed)} of {len(meetings)} planned meetings held on "
                                   f"cadence in the last {WINDOW} months." if meetings
                                   else f"No planned meeting in the last {WINDOW} months."))
    return criteria


def phase_view(*, access: PartnershipAccess) -> dict:
    """The current phase, the next one, and every criterion for moving on with its evidence."""
    partnership = access.partnership
    current = ORDER.index(partnership.phase)
    return {"phase": partnership.phase, "phase_label": Phase(partnership.phase).label,
            "next_phase": ORDER[current + 1] if current + 1 < len(ORDER) else None,
            "criteria": _alignment_criteria(access) + _execution_criteria(access)}


@transaction.atomic
def phase_move(*, access: PartnershipAccess, phase: str, reason: str = "") -> Partnership:
    """A manager moves the phase. Moving past a stage whose criteria are not all met needs a reason; the audit
    event records the move, the reason and the unmet criteria."""
    access.require_manage()
    if phase not in ORDER:
        raise ValidationError({"phase": f"Choose one of: {', '.join(ORDER)}."})
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": f"Keep the reason under {REASON_MAX} characters."})
    partnership = Partnership.objects.select_for_update().get(pk=access.partnership.pk)
    before, after = ORDER.index(partnership.phase), ORDER.index(phase)
    if before == after:
        raise ValidationError({"phase": "The partnership is already in this phase."})
    passed = ORDER[before:after]  # the stages left behind by this move (none when moving back)
    unmet = [c["code"] for c in phase_view(access=access)["criteria"] if c["stage"] in passed and not c["met"]]
    if unmet and not reason:
        raise ValidationError({"reason": "Some criteria for moving on are not met: give the reason for moving "
                                         f"anyway ({', '.join(unmet)})."})
    old = partnership.phase
    partnership.phase = phase
    partnership.revision += 1
    partnership.save(update_fields=["phase", "revision", "updated_at"])
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=partnership,
                 changes=[{"field": "phase", "before": old, "after": phase}],
                 details={"reason": reason, "unmet_criteria": unmet})
    return partnership
