"""Pure rules of the charter: review dates, the field-by-field diff, the values text format.

No database here: plain values in, plain values out, so every rule is tested on its own.
"""

import calendar
import datetime
import re

# The fields a charter version is compared on, in the order people read them.
CHARTER_FIELDS = ("tagline", "purpose", "vision", "vision_horizon", "mission", "values",
                  "card_purpose", "card_vision", "card_mission", "card_values")
DUE_SOON_DAYS = 30
MAX_VALUES = 12
VALUE_NAME_MAX = 60
VALUE_DESCRIPTION_MAX = 280

# "Name — description": an em dash, an en dash, a spaced hyphen or a colon separates the two.
_VALUE_SEPARATOR = re.compile(r"\s+[—–-]\s+|\s*[—–]\s*|:\s+")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved ``months`` calendar months on; the 31st becomes the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_schedule(*, in_force_at: datetime.date | None, purpose_values_months: int,
                    mission_vision_months: int, today: datetime.date) -> dict:
    """When each group of the charter is next due for review, and whether a review is overdue.

    Purpose and values change rarely; mission and vision are reviewed more often for continued
    relevance to the purpose (seed 001). Both count from the day the version came into force.
    """
    if in_force_at is None:
        return {"in_force_at": None, "purpose_values_due": None, "mission_vision_due": None,
                "purpose_values_overdue": False, "mission_vision_overdue": False,
                "overdue": False, "due_soon": False, "next_due": None,
                "purpose_values_months": purpose_values_months, "mission_vision_months": mission_vision_months}
    pv_due = add_months(in_force_at, purpose_values_months)
    mv_due = add_months(in_force_at, mission_vision_months)
    pv_overdue, mv_overdue = today > pv_due, today > mv_due
    next_due = min(pv_due, mv_due)
    overdue = pv_overdue or mv_overdue
    return {
        "in_force_at": in_force_at,
        "purpose_values_due": pv_due, "mission_vision_due": mv_due,
        "purpose_values_overdue": pv_overdue, "mission_vision_overdue": mv_overdue,
        "overdue": overdue,
        "due_soon": not overdue and (next_due - today).days <= DUE_SOON_DAYS,
        "next_due": next_due,
        "purpose_values_months": purpose_values_months, "mission_vision_months": mission_vision_months,
    }


def _value_key(name: str) -> str:
    return " ".join((name or "").split()).casefold()


def charter_diff(before: dict, after: dict) -> list[dict]:
    """What changed between two versions, field by field: ``[{"field", "before", "after"}]``.

    Values are matched by name (case and spacing ignored), so a reworded description shows as
    one change of that value rather than a removal and an addition; a changed order alone is
    reported once as ``values_order``.
    """
    changes = []
    for field in CHARTER_FIELDS:
        if field in ("values", "card_values"):
            changes.extend(_values_diff(before.get(field) or [], after.get(field) or [], field))
            continue
        old, new = before.get(field), after.get(field)
        if isinstance(old, str):
            old = old.strip()
        if isinstance(new, str):
            new = new.strip()
        if (old or None) != (new or None):
            changes.append({"field": field, "before": old or None, "after": new or None})
    return changes


def _values_diff(before: list[dict], after: list[dict], field: str = "values") -> list[dict]:
    old = {_value_key(v["name"]): v for v in before}
    new = {_value_key(v["name"]): v for v in after}
    changes = []
    for key, value in old.items():
        if key not in new:
            changes.append({"field": field, "name": value["name"], "before": value["description"], "after": None})
        elif (value.get("description") or "") != (new[key].get("description") or "") or value["name"] != new[key]["name"]:
            changes.append({"field": field, "name": new[key]["name"], "before": value.get("description") or "",
                            "after": new[key].get("description") or ""})
    for key, value in new.items():
        if key not in old:
            changes.append({"field": field, "name": value["name"], "before": None, "after": value["description"]})
    common_before = [k for k in old if k in new]
    common_after = [k for k in new if k in old]
    if common_before != common_after:
        changes.append({"field": f"{field}_order", "before": [old[k]["name"] for k in common_before],
                        "after": [new[k]["name"] for k in common_after]})
    return changes


def values_problems(values) -> list[str]:
    """What is wrong with a list of values, one message per problem (empty when all is well)."""
    if not isinstance(values, list):
        return ["Give the values as a list of {name, description}."]
    problems, seen = [], set()
    if len(values) > MAX_VALUES:
        problems.append(f"Keep to {MAX_VALUES} values or fewer: people remember a short list.")
    for index, value in enumerate(values, start=1):
        if not isinstance(value, dict) or not isinstance(value.get("name", ""), str) \
                or not isinstance(value.get("description", ""), str):
            problems.append(f"Value {index}: give a name and a description as text.")
            continue
        name = value.get("name", "").strip()
        if not name:
            problems.append(f"Value {index}: the name is missing.")
        elif len(name) > VALUE_NAME_MAX:
            problems.append(f"Value {index} ({name[:20]}…): keep the name to {VALUE_NAME_MAX} characters.")
        elif _value_key(name) in seen:
            problems.append(f"Value {index} ({name}) appears twice.")
        if len(value.get("description", "")) > VALUE_DESCRIPTION_MAX:
            problems.append(f"Value {index} ({name}): keep the description to {VALUE_DESCRIPTION_MAX} characters.")
        seen.add(_value_key(name))
    return problems


def clean_values(values: list[dict]) -> list[dict]:
    """Values with surrounding spaces removed and nothing but name and description kept."""
    return [{"name": " ".join(v.get("name", "").split()), "description": " ".join(v.get("description", "").split())}
            for v in values]


def parse_values_text(text: str) -> tuple[list[dict], list[str]]:
    """Parse one value per line, ``Name — description``; blank lines are skipped.

    Returns ``(values, errors)``; each error names its line, so the person can find it.
    """
    values, errors = [], []
    for line_number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip().lstrip("•*·").strip()
        if not line:
            continue
        parts = _VALUE_SEPARATOR.split(line, maxsplit=1)
        name = parts[0].strip()
        description = parts[1].strip() if len(parts) > 1 else ""
        if not name:
            errors.append(f"Line {line_number}: the value has no name before the dash.")
            continue
        if len(name) > VALUE_NAME_MAX:
            errors.append(f"Line {line_number}: the name is longer than {VALUE_NAME_MAX} characters — "
                          "separate name and description with “ — ”.")
            continue
        values.append({"name": name, "description": description})
    return values, errors


def values_to_text(values: list[dict]) -> str:
    return "\n".join(f"{v['name']} — {v['description']}" if v.get("description") else v["name"] for v in values)
