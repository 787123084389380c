"""The health index of a partnership per period (0–100, explained): operational, relationship, behavioural.

Everything here reads shared records only, so every party — and the portfolio — gets the same numbers.
``health_for_periods`` reads each source once for all the periods asked, so that the portfolio can call it
for many partnerships without a query per period.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from accord.governance.models import ActionItem, Meeting, MeetingKind, MeetingStatus
from accord.governance.selectors import escalation_response_events
from accord.metrics import periods
from accord.metrics.scorecards import selectors as scorecards
from accord.partnerships.access import PartnershipAccess, records_shared

from . import calculations
from .calculations import COMPONENTS, OK
from .models import HealthSettings, RoundStatus, SurveyRound
from .results import round_results

WINDOW = 6  # behavioural evidence: the last six periods, the period itself included


@dataclass(frozen=True)
class Event:
    """Something that fell due on ``due`` and was done on time, or not."""

    kind: str
    due: datetime.date
    on_time: bool


def shared_reader(partnership) -> PartnershipAccess:
    """An access for reading the partnership's *shared* records only: they are the same for every party, so any
    accepted party's seat will do. Never used for private records or for writing (no user, no membership)."""
    party = partnership.accepted_parties().first()
    return PartnershipAccess(partnership=partnership, party=party, user=None, membership=None)


def health_settings(partnership) -> HealthSettings:
    """The partnership's weights and alert lines (the defaults until someone changes them)."""
    return HealthSettings.objects.filter(partnership=partnership).first() or HealthSettings(partnership=partnership)


# Behavioural evidence ------------------------------------------------------------------------------------

def action_events(access: PartnershipAccess, start: datetime.date, end: datetime.date,
                  today: datetime.date) -> list[Event]:
    """Actions due in [start, end] that have fallen due (or are done): on time when done by their due date."""
    rows = records_shared(ActionItem.objects.filter(due_date__range=(start, end)), access).values_list(
        "status", "due_date", "completed_on")
    return [Event("actions", due, status == "done" and done_on is not None and done_on <= due)
            for status, due, done_on in rows
            if status != "cancelled" and not (status == "open" and due >= today)]


def meeting_events(access: PartnershipAccess, start: datetime.date, end: datetime.date,
                   today: datetime.date) -> list[Event]:
    """Meetings the cadence planned in [start, end] that are in the past: on time when held (not cancelled) in
    the month they were planned for. Extraordinary meetings are not due, so they do not count."""
    rows = records_shared(Meeting.objects.exclude(kind=MeetingKind.EXTRAORDINARY), access).filter(
        starts_at__date__lt=today).values_list("status", "planned_on", "starts_at")
    events = []
    for status, planned_on, starts_at in rows:
        held_on = timezone.localtime(starts_at).date()
        due = planned_on or held_on
        if start <= due <= end:
            events.append(Event("meetings", due, status != MeetingStatus.CANCELLED
                                and (held_on.year, held_on.month) == (due.year, due.month)))
    return events


def escalation_events(access: PartnershipAccess, start: datetime.date, end: datetime.date,
                      today: datetime.date) -> list[Event]:
    """Escalation levels whose response target fell in [start, end]: on time when the receiving party answered
    by then. A level still within its target and unanswered is not due yet, so it does not count."""
    return [Event("escalation responses", due, on_time)
            for due, responded_at, on_time in escalation_response_events(access.partnership, start,
                                                                          end + datetime.timedelta(days=1))
            if responded_at is not None or due < today]


# THE place where kinds of behavioural evidence are listed: each source is
# ``source(access, start, end, today) -> list[Event]`` over shared records.
EVENT_SOURCES = (escalation_events, action_events, meeting_events)


def behaviour_events(access: PartnershipAccess, start: datetime.date, end: datetime.date,
                     today: datetime.date | None = None) -> list[Event]:
    today = today or timezone.localdate()
    return [event for source in EVENT_SOURCES for event in source(access, start, end, today)]


# The index -----------------------------------------------------------------------------------------------

def _relationship(rounds: list[SurveyRound], month_end: datetime.date) -> calculations.Component:
    """From the latest round closed by the period's end: the parties at or above its threshold."""
    closed = [survey for survey in rounds if survey.closed_on and survey.closed_on <= month_end]
    if not closed:
        return calculations.relationship({})
    survey = closed[-1]
    results = round_results(survey)
    means = {row["name"]: row["overall"] for row in results["parties"]
             if row["status"] == OK and row["overall"] is not None}
    component = calculations.relationship(means, round_title=survey.title)
    inputs = {**component.inputs, "round_id": survey.pk, "closed_on": survey.closed_on.isoformat(),
              "below_threshold": [row["name"] for row in results["parties"] if row["status"] != OK]}
    return calculations.Component(component.value, component.status, component.explanation, inputs)


def _component_dict(component: calculations.Component, weight) -> dict:
    return {"value": component.value, "status": component.status, "weight": weight,
            "explanation": component.explanation, "inputs": component.inputs}


def _health(month, card_score, card_status, rounds, events, weights) -> dict:
    month_end = periods.period_end(month, periods.MONTHLY)
    window_start = periods.shift(month, periods.MONTHLY, -(WINDOW - 1))
    components = {
        "operational": calculations.operational(card_score, card_status),
        "relationship": _relationship(rounds, month_end),
        "behavioural": calculations.behavioural(
            [(event.kind, event.on_time) for event in events if window_start <= event.due <= month_end]),
    }
    result = calculations.index(components, weights)
    return {"period": month.strftime("%Y-%m"), "period_label": periods.label(month, periods.MONTHLY),
            "index": result["value"], "formula": result["formula"], "weights": weights,
            "window": {"start": window_start.isoformat(), "end": month_end.isoformat()},
            "components": {name: _component_dict(components[name], weights[name]) for name in COMPONENTS}}


def _weights(partnership) -> dict:
    settings = health_settings(partnership)
    return {"operational": settings.operational_weight, "relationship": settings.relationship_weight,
            "behavioural": settings.behavioural_weight}


def _closed_rounds(access) -> list[SurveyRound]:
    return list(records_shared(SurveyRound.objects.filter(status=RoundStatus.CLOSED), access)
                .select_related("partnership").order_by("closed_on", "id"))


def health_for_periods(partnership, months: list) -> list[dict]:
    """The health of ``partnership`` for each month (dates or ``YYYY-MM``), in the order given. One read of each
    source whatever the number of months."""
    months = [scorecards.parse_scorecard_period(month) for month in months]
    if not months:
        return []
    figures = scorecards.partnership_figures(access=shared_reader(partnership))
    return health_for_scored_months(partnership, [(month, *_score_and_status(figures.scorecard(month)))
                                                  for month in months])


def _score_and_status(card) -> tuple:
    return card.score, card.status


def health_for_scored_months(partnership, scored: list[tuple]) -> list[dict]:
    """The health for each ``(month, score, status)`` whose shared scorecard is already known — the stored
    portfolio's rows give them — so that nothing computes a scorecard twice. One read of each other source."""
    if not scored:
        return []
    access = shared_reader(partnership)
    months = [month for month, _score, _status in scored]
    rounds, weights = _closed_rounds(access), _weights(partnership)
    events = behaviour_events(access, periods.shift(min(months), periods.MONTHLY, -(WINDOW - 1)),
                              periods.period_end(max(months), periods.MONTHLY))
    return [_health(month, score, status, rounds, events, weights) for month, score, status in scored]


def health_for_period(partnership, period=None) -> dict:
    """The health of ``partnership`` for one month (default: the scorecard's latest month with data), its
    operational component from the shared scorecard of that month."""
    access = shared_reader(partnership)
    card = scorecards.scorecard_for_period(access, period)
    month = datetime.date.fromisoformat(card["period"])
    window_start = periods.shift(month, periods.MONTHLY, -(WINDOW - 1))
    events = behaviour_events(access, window_start, periods.period_end(month, periods.MONTHLY))
    return _health(month, card["score"], card["status"], _closed_rounds(access), events, _weights(partnership))


def scored_months(partnership, *, count: int = 12) -> list[datetime.date]:
    """The last ``count`` months up to the latest with data (for the page's history)."""
    figures = scorecards.partnership_figures(access=shared_reader(partnership))
    return periods.months_back(scorecards.default_scorecard_period(figures), count)
