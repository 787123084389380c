"""What a meeting's agenda says, worked out from the partnership's data with no database.

``agenda_from`` takes the shared scorecard (as ``scorecard_for_period`` gives it) and the open actions,
and returns the generated items in the order a chair would take them: what is broken (CPI breaches,
red indicators), what is slipping (amber, early warnings), then what people owe (actions).
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


def agenda_from(*, scorecard: dict | None, actions: list[OpenAction], meeting_day: datetime.date,
                today: datetime.date) -> list[GeneratedItem]:
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
        for warning in scorecard.get("warnings", []):
            row = by_code.get(warning["code"], {})
            items.append(GeneratedItem("warning", f"Early warning: {warning['message']}", "indicator",
                                       f"{row.get('id', '')}:{warning['rule']}", warning["code"]))
    for action in sorted(actions, key=lambda a: (a.due_date, a.id)):
        if action.due_date < today:
            items.append(GeneratedItem("action_overdue", f"Overdue since {action.due_date:%-d %b %Y}: {action.title} "
                                       f"({action.owner})", "action", str(action.id)))
        elif action.due_date <= meeting_day:
            items.append(GeneratedItem("action_due", f"Due {action.due_date:%-d %b %Y}: {action.title} ({action.owner})",
                                       "action", str(action.id)))
    return items
