"""A review pack (a QBR or an annual review) for a range of months: a list of sections built here,
once, and rendered three ways — the page, the PDF (WeasyPrint) and the PowerPoint deck.

Every section is a ``Section``: a title, a sentence, a table (columns and rows of text) and, for the
scorecard, the figures and series of its charts. A new section (escalations, health) is one more
builder in ``SECTION_BUILDERS``; the page, the PDF and the deck show it without further change.

The pack is what the parties present to each other, so it is read from shared records only: the
shared scorecard, shared statements, decisions and actions; a party's private record is never in it.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone

from accord.calendars.selectors import partnership_entries
from accord.governance import selectors as governance
from accord.governance.models import ActionStatus
from accord.health.index import health_for_periods
from accord.incentives import selectors as incentives
from accord.metrics import periods
from accord.metrics.scorecards import charts
from accord.metrics.scorecards.calculations import parse_bands
from accord.metrics.scorecards.selectors import (
    indicator_history,
    last_full_month,
    partnership_figures,
    scorecard_for_period,
    scorecard_history,
    warnings_for,
)
from accord.partnerships.access import PartnershipAccess, records_shared

MAX_MONTHS = 24
QUARTER_MONTHS = 3
UPCOMING_DAYS = 90


@dataclass
class Section:
    key: str
    title: str
    summary: str = ""
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    empty: str = "Nothing in this period."
    facts: list[tuple[str, str]] = field(default_factory=list)  # headline figures: (label, value)
    series: list[tuple[str, float | None]] = field(default_factory=list)  # (month label, overall score)
    charts: list[tuple[str, str]] = field(default_factory=list)  # (title, inline SVG) for the page and the PDF


@dataclass
class ReviewPack:
    partnership: object
    start: datetime.date
    end: datetime.date
    kind: str
    sections: list[Section]
    generated_at: datetime.datetime

    @property
    def months(self) -> int:
        return months_between(self.start, self.end)

    @property
    def period_label(self) -> str:
        first, last = periods.label(self.start, periods.MONTHLY), periods.label(self.end, periods.MONTHLY)
        return first if first == last else f"{first} – {last}"

    @property
    def title(self) -> str:
        return f"{self.kind}: {self.partnership.name}"

    @property
    def stem(self) -> str:
        """The downloads' file name without its extension."""
        from django.utils.text import slugify

        return f"{slugify(self.partnership.name)[:80] or 'partnership'}-review-{self.start:%Y-%m}-to-{self.end:%Y-%m}"


def months_between(start: datetime.date, end: datetime.date) -> int:
    """The number of months from ``start`` to ``end``, both included."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _month(value, name: str) -> datetime.date:
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    text = str(value or "").strip()
    try:
        month = periods.parse_period(text, periods.MONTHLY)
    except periods.PeriodError:
        raise ValidationError({name: f"“{text[:20]}” is not a month: write it as YYYY-MM." if text
                               else "Give the month as YYYY-MM."}) from None
    problem = periods.range_problem(month, timezone.localdate())
    if problem:
        raise ValidationError({name: problem.replace("; record a period once it has started",
                                                     ": a review covers months that have started") + "."})
    return month


def review_range(start, end) -> tuple[datetime.date, datetime.date]:
    """``(from, to)`` months from ``YYYY-MM`` texts (or dates): from ≤ to, at most 24 months, months that
    have started; ``ValidationError`` naming ``from`` or ``to`` otherwise."""
    first, last = _month(start, "from"), _month(end, "to")
    if last < first:
        raise ValidationError({"to": "The last month comes on or after the first month."})
    if months_between(first, last) > MAX_MONTHS:
        raise ValidationError({"to": f"A review pack covers at most {MAX_MONTHS} months; this range has "
                                     f"{months_between(first, last)}."})
    return first, last


def default_range(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The last full quarter of months: what a QBR looks back on."""
    end = last_full_month(today)
    return periods.shift(end, periods.MONTHLY, -(QUARTER_MONTHS - 1)), end


def _number(value, unit: str = "") -> str:
    return "—" if value is None else charts.format_value(value, unit=unit)


def _scorecard(access: PartnershipAccess, start: datetime.date, end: datetime.date) -> Section:
    figures = partnership_figures(access=access)
    # The range often ends in a month not measured yet: the scorecard shown is its latest month with data.
    latest = figures.latest_month()
    card = scorecard_for_period(access, latest if latest and start <= latest <= end else end)
    history = scorecard_history(access, months_between(start, end), end)
    trend = indicator_history(figures, end, months_between(start, end))
    thresholds = card["thresholds"]
    section = Section(
        key="scorecard", title="Shared scorecard",
        summary=f"{card['period_label']}: overall score {_number(card['score'])} "
                f"({card['status'].replace('_', ' ')}). {card['explanation']}",
        columns=["Indicator", "Kind", "Actual", "Target", "Status"],
        rows=[[f"{row['code']} {row['name']}", row["kind"].upper(), _number(row["actual"], row["unit"]),
               _number(row["target"], row["unit"]), row["status"].replace("_", " ")] for row in card["indicators"]],
        empty="No agreed shared indicators yet.",
        facts=[("Overall score", _number(card["score"])), ("Status", card["status"].replace("_", " ")),
               ("Month", card["period_label"]),
               ("Critical breaches", ", ".join(card["cpi_breaches"]) or "none")],
        series=[(row["period_label"], None if row["score"] is None else float(row["score"])) for row in history],
    )
    section.charts.append(("Overall score", charts.score_chart(
        history=history, green_at=thresholds["green_at"], amber_at=thresholds["amber_at"])))
    for row in card["indicators"]:
        points = trend.get(row["id"], [])
        section.charts.append((f"{row['code']} {row['name']}", charts.indicator_chart(
            code=row["code"], points=[(month, actual) for month, actual, _ in points], target=row["target"],
            bands=parse_bands(row["bands"]), statuses={month: status for month, _, status in points},
            unit=row["unit"])))
    return section


def _warnings(access: PartnershipAccess, start: datetime.date, end: datetime.date) -> Section:
    items = warnings_for(access, end)["items"]
    return Section(key="warnings", title="Early warnings", summary=f"Raised in {periods.label(end, periods.MONTHLY)}.",
                   columns=["Indicator", "Rule", "Warning"],
                   rows=[[f"{item['code']} {item['name']}", item["rule_name"], item["message"]] for item in items],
                   empty="No early warnings.")


def _statements(access: PartnershipAccess, start: datetime.date, end: datetime.date) -> Section | None:
    statements = list(records_shared(incentives.statements(access=access), access).filter(
        period__gte=start, period__lte=end).order_by("period"))
    if not statements and not incentives.versions(access=access).exists():
        return None  # no financial model: nothing to say about incentives
    return Section(key="incentives", title="Incentive statements",
                   summary="Statements stored for the months of the review (approved or awaiting approval).",
                   columns=["Month", "Status", "Net payable"],
                   rows=[[periods.label(statement.period, periods.MONTHLY), statement.get_status_display(),
                          f"{statement.currency} {charts.format_value(statement.net_payable_in_currency)}"]
                         for statement in statements],
                   empty="No statement stored for these months.")


def _in_range(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    after_end = periods.shift(end, periods.MONTHLY, 1)
    zone = timezone.get_current_timezone()
    return (datetime.datetime.combine(start, datetime.time.min, tzinfo=zone),
            datetime.datetime.combine(after_end, datetime.time.min, tzinfo=zone))


def _decisions(access: PartnershipAccess, start: datetime.date, end: datetime.date) -> Section:
    since, until = _in_range(start, end)
    decisions = records_shared(governance.decision_log(access=access), access).filter(
        meeting__starts_at__gte=since, meeting__starts_at__lt=until).order_by("meeting__starts_at", "id")
    return Section(key="decisions", title="Decisions", summary="Taken in the meetings of the period.",
                   columns=["Meeting", "Body", "Decision"],
                   rows=[[f"{timezone.localdate(decision.meeting.starts_at):%-d %b %Y}", decision.meeting.body.name,
                          decision.text] for decision in decisions],
                   empty="No decisions recorded in this period.")


def _action_row(action) -> list[str]:
    owner = action.assignee.get_full_name() or action.assignee.username
    return [f"{action.due_date:%-d %b %Y}", action.title, f"{owner} ({action.assignee_party.organization.name})"]


def _open_actions(access: PartnershipAccess, start: datetime.date, end: datetime.date) -> Section:
    actions = records_shared(governance.action_list(access=access, status=ActionStatus.OPEN), access)
    today = timezone.localdate()
    rows = [[*_action_row(action), "overdue" if action.due_date < today else "open"] for action in actions]
    return Section(key="actions_open", title="Open actions", summary="Every action still open today.",
                   columns=["Due", "Action", "Owner", "Status"], rows=rows, empty="No open actions.")


def _done_actions(access: PartnershipAccess, start: datetime.date, end: datetime.date) -> Section:
    actions = records_shared(governance.action_list(access=access, status=ActionStatus.DONE), access).filter(
        completed_on__gte=start, completed_on__lt=periods.shift(end, periods.MONTHLY, 1))
    rows = [[*_action_row(action), f"{action.completed_on:%-d %b %Y}"
             + (" (late)" if action.completed_on > action.due_date else "")] for action in actions]
    return Section(key="actions_done", title="Actions done", summary="Completed in the period.",
                   columns=["Due", "Action", "Owner", "Done"], rows=rows, empty="No actions completed in this period.")


def _escalations(access: PartnershipAccess, start: datetime.date, end: datetime.date) -> Section:
    """Escalations raised in the period, and any raised earlier that were still open at its start."""
    since, until = _in_range(start, end)
    escalations = records_shared(governance.escalation_list(access=access), access).filter(
        created_at__lt=until).exclude(resolved_at__lt=since).order_by("created_at", "id")
    rows = [[f"{timezone.localdate(escalation.created_at):%-d %b %Y}", escalation.title,
             f"{escalation.get_category_display()}, {escalation.get_severity_display().lower()}",
             escalation.owner_party.organization.name, escalation.get_level_display(),
             escalation.get_status_display() + (f": {escalation.resolution}" if escalation.resolution else "")]
            for escalation in escalations]
    return Section(key="escalations", title="Escalations",
                   summary="Raised in the period or still open at its start, with the level each reached.",
                   columns=["Raised", "Problem", "Category", "Raised by", "Level", "Status"], rows=rows,
                   empty="No escalations in this period.")


def _health(access: PartnershipAccess, start: datetime.date, end: datetime.date) -> Section:
    """The health index of each month of the period, with its three components (0–100)."""
    months = periods.months_back(end, months_between(start, end))
    found = health_for_periods(access.partnership, months)

    def value(component) -> str:
        return "—" if component["value"] is None else charts.format_value(component["value"])

    rows = [[periods.label(month, periods.MONTHLY), "—" if health["index"] is None
             else charts.format_value(health["index"]),
             *(value(health["components"][name]) for name in ("operational", "relationship", "behavioural"))]
            for month, health in zip(months, found, strict=True)]
    latest = found[-1] if found else None
    return Section(key="health", title="Relationship health",
                   summary=(f"{periods.label(end, periods.MONTHLY)}: {latest['formula']}" if latest else ""),
                   columns=["Month", "Health index", "Operational", "Relationship", "Behavioural"], rows=rows,
                   empty="No health figures for these months.")


def _upcoming(access: PartnershipAccess, start: datetime.date, end: datetime.date) -> Section:
    today = timezone.localdate()
    entries = [entry for entry in partnership_entries(access=access, since=today)
               if entry.day <= today + datetime.timedelta(UPCOMING_DAYS) and not entry.cancelled]
    return Section(key="upcoming", title="Upcoming dates", summary=f"The next {UPCOMING_DAYS} days.",
                   columns=["Date", "What"],
                   rows=[[f"{entry.day:%-d %b %Y}" + ("" if entry.all_day else f" {timezone.localtime(entry.start):%H:%M}"),
                          entry.title] for entry in entries],
                   empty="Nothing dated in the next 90 days.")


# The pack's sections, in the order they are presented. Each takes (access, from, to) and returns a
# Section, or None when it does not apply to the partnership.
SECTION_BUILDERS = (_scorecard, _warnings, _health, _statements, _decisions, _escalations, _open_actions, _done_actions,
                    _upcoming)


def review_pack(access: PartnershipAccess, start: datetime.date, end: datetime.date) -> ReviewPack:
    """The pack for the months ``start`` to ``end`` (checked by ``review_range``)."""
    sections = [section for build in SECTION_BUILDERS if (section := build(access, start, end)) is not None]
    kind = "Annual review" if months_between(start, end) >= 12 else "Quarterly business review"
    return ReviewPack(partnership=access.partnership, start=start, end=end, kind=kind, sections=sections,
                      generated_at=timezone.now())
