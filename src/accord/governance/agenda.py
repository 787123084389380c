"""What a meeting's agenda says, worked out from the partnership's data with no database.

``agenda_from`` takes the shared scorecard (as ``scorecard_for_period`` gives it), the open actions,
escalations, deliverables and milestones, review and notice dates, and returns the generated items in the
order a chair would take them: what is broken (CPI breaches, red indicators), the problems raised to this
body (escalations), what is slipping (amber, early warnings), what people owe (actions, deliverables), then
the dates the partnership must not miss (reviews, notice and renewal).
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class GeneratedItem:
    source: str
    title: str
    ref_type: str
    ref_id: str
    ref_code: str = ""

    @property
    def key(self) -> tuple:
        """Identifies the item across refreshes: the same fact gives the same key."""
        return (self.source, self.ref_type, self.ref_id)


@dataclass(frozen=True)
class OpenAction:
    id: int
    title: str
    due_date: datetime.date
    owner: str


@dataclass(frozen=True)
class OpenEscalation:
    id: int
    title: str
    level: str
    severity: str
    raised_by: str


@dataclass(frozen=True)
class DueDate:
    """A deliverable or milestone (``kind``), a review (``charter``) or an agreement date (``notice_deadline``,
    ``renewal_decision``) with the day it falls on."""

    kind: str
    id: str
    title: str
    day: datetime.date
    done: bool = False


NOTICE_WINDOW_DAYS = 90  # notice and renewal dates this close to the meeting are on its agenda


def _dates(*, due: list[DueDate], meeting_day: datetime.date, today: datetime.date) -> list[GeneratedItem]:
    items = []
    for thing in sorted(due, key=lambda d: (d.day, d.kind, d.id)):
        when = f"{thing.day:%-d %b %Y}"
        if thing.kind in ("deliverable", "milestone") and not thing.done and thing.day <= meeting_day:
            label = "overdue since" if thing.day < today else "due"
            items.append(GeneratedItem("deliverable_due", f"{thing.kind.title()} {label} {when}: {thing.title}",
                                       thing.kind, thing.id))
        elif thing.kind == "charter" and thing.day <= meeting_day:
            label = "was due" if thing.day < today else "is due"
            items.append(GeneratedItem("review_due", f"The charter's review {label} {when}", "charter", thing.id))
        elif (thing.kind in ("notice_deadline", "renewal_decision")
              and today <= thing.day <= meeting_day + datetime.timedelta(days=NOTICE_WINDOW_DAYS)):
            items.append(GeneratedItem("notice_date", f"{thing.title}: {when}", "agreement", thing.id, thing.kind))
    return items


def agenda_from(*, scorecard: dict | None, actions: list[OpenAction], meeting_day: datetime.date,
                today: datetime.date, escalations: list[OpenEscalation] = (),
                due: list[DueDate] = ()) -> list[GeneratedItem]:
    """The generated items. ``escalations`` are the open ones at this body's level (the caller picks them)."""
    items = []
    if scorecard:
        period = scorecard.get("period_label", "")
        by_code = {row["code"]: row for row in scorecard.get("indicators", [])}
        for code in scorecard.get("cpi_breaches", []):
            row = by_code.get(code, {})
            items.append(GeneratedItem("cpi_breach", f"Critical indicator breached: {code} {row.get('name', '')}"
                                       .strip() + f" ({period})", "indicator", str(row.get("id", "")), code))
        for status, source in (("red", "indicator_red"), ("amber", "indicator_amber")):
            for row in scorecard.get("indicators", []):
                if row["status"] == status and row["code"] not in scorecard.get("cpi_breaches", []):
                    items.append(GeneratedItem(source, f"{row['code']} {row['name']} is {status} in {period}",
                                               "indicator", str(row["id"]), row["code"]))
            if status == "red":  # the problems raised to this body come right after what is broken
                items.extend(_escalation_items(escalations))
        for warning in scorecard.get("warnings", []):
            row = by_code.get(warning["code"], {})
            items.append(GeneratedItem("warning", f"Early warning: {warning['message']}", "indicator",
                                       f"{row.get('id', '')}:{warning['rule']}", warning["code"]))
    if not scorecard:
        items.extend(_escalation_items(escalations))
    for action in sorted(actions, key=lambda a: (a.due_date, a.id)):
        if action.due_date < today:
            items.append(GeneratedItem("action_overdue", f"Overdue since {action.due_date:%-d %b %Y}: {action.title} "
                                       f"({action.owner})", "action", str(action.id)))
        elif action.due_date <= meeting_day:
            items.append(GeneratedItem("action_due", f"Due {action.due_date:%-d %b %Y}: {action.title} ({action.owner})",
                                       "action", str(action.id)))
    items.extend(_dates(due=list(due), meeting_day=meeting_day, today=today))
    return items


SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}


def _escalation_items(escalations) -> list[GeneratedItem]:
    return [GeneratedItem("escalation", f"Escalation ({escalation.severity}, raised by {escalation.raised_by}): "
                                        f"{escalation.title}", "escalation", str(escalation.id))
            for escalation in sorted(escalations, key=lambda e: (SEVERITY_ORDER.get(e.severity, 9), e.id))]
