"""The arithmetic of relationship health: pure functions over plain values, each returning what it used.

Results of a round per party and dimension, the perception gap, NPS, maturity levels and the health index.
Means are kept to two decimals and 0–100 scores to one, rounded half up, once.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .catalog import SCALE_0_10

TWO, ONE = Decimal("0.01"), Decimal("0.1")
NOT_ENOUGH = "not_enough_responses"
OK = "ok"
NO_DATA = "no_data"


def mean(values) -> Decimal | None:
    values = [Decimal(value) for value in values]
    return (sum(values) / len(values)).quantize(TWO, ROUND_HALF_UP) if values else None


def score_100(mean_1_5: Decimal | None) -> Decimal | None:
    """A mean on the 1–5 scale as 0–100: ``(mean − 1) ÷ 4 × 100``."""
    if mean_1_5 is None:
        return None
    return ((Decimal(mean_1_5) - 1) / 4 * 100).quantize(ONE, ROUND_HALF_UP)


def nps(values) -> dict:
    """% promoters (9–10) − % detractors (0–6) of 0–10 answers, with its counts."""
    values = list(values)
    promoters = sum(1 for value in values if value >= 9)
    detractors = sum(1 for value in values if value <= 6)
    if not values:
        return {"value": None, "promoters": 0, "passives": 0, "detractors": 0, "answers": 0}
    value = (Decimal(promoters - detractors) * 100 / len(values)).quantize(ONE, ROUND_HALF_UP)
    return {"value": value, "promoters": promoters, "passives": len(values) - promoters - detractors,
            "detractors": detractors, "answers": len(values)}


def party_result(answers: list[dict], comments: list[dict], questions: list[dict], *, threshold: int) -> dict:
    """One party's results from its people's answers: nothing but the count below ``threshold``; means and NPS
    at or above it; free text only above it (a written sentence says more about its author than a number)."""
    count = len(answers)
    if count < threshold:
        return {"responses": count, "status": NOT_ENOUGH, "dimensions": [], "nps": None, "comments": []}
    dimensions, nps_values = [], []
    for question in questions:
        values = [row[question["code"]] for row in answers if row.get(question["code"]) is not None]
        if question["scale"] == SCALE_0_10:
            nps_values.extend(values)
            continue
        average = mean(values)
        dimensions.append({"code": question["code"], "mean": average, "score": score_100(average),
                           "answers": len(values)})
    texts = sorted(text for row in comments for text in row.values() if text) if count > threshold else []
    return {"responses": count, "status": OK, "dimensions": dimensions,
            "nps": nps(nps_values) if any(q["scale"] == SCALE_0_10 for q in questions) else None,
            "comments": texts}


def gaps(first: dict, second: dict, *, first_party, second_party) -> list[dict]:
    """Per dimension that both parties have: first party's mean − second party's mean, and whose view is higher
    (``None`` when they agree)."""
    theirs = {row["code"]: row["mean"] for row in second["dimensions"]}
    found = []
    for row in first["dimensions"]:
        other = theirs.get(row["code"])
        if row["mean"] is None or other is None:
            continue
        gap = row["mean"] - other
        found.append({"code": row["code"], "gap": gap, "first": row["mean"], "second": other,
                      "higher": first_party if gap > 0 else second_party if gap < 0 else None})
    return found


def party_mean(result: dict) -> Decimal | None:
    """A party's overall mean on the 1–5 scale: the mean of its dimension means."""
    return mean([row["mean"] for row in result["dimensions"] if row["mean"] is not None])


# Maturity per practice ----------------------------------------------------------------------------------

MATURITY_LEVELS = [  # (below this mean, level code, label), then the top level
    (Decimal("2"), "failing", "Failing"),
    (Decimal("3"), "struggling", "Struggling"),
    (Decimal("4"), "performing", "Performing"),
    (Decimal("4.5"), "exceeding", "Exceeding"),
]
BEST = ("best_practice", "Best practice")


def maturity_level(value: Decimal | None) -> tuple[str, str] | None:
    """The maturity level of a practice from its mean: < 2 failing, < 3 struggling, < 4 performing,
    < 4.5 exceeding, ≥ 4.5 best practice; ``None`` without a mean."""
    if value is None:
        return None
    for below, code, label in MATURITY_LEVELS:
        if value < below:
            return code, label
    return BEST


# Health index -------------------------------------------------------------------------------------------

COMPONENTS = ("operational", "relationship", "behavioural")
OPERATIONAL_CAP, BREACH_CAP = Decimal("100"), Decimal("50")


@dataclass(frozen=True)
class Component:
    value: Decimal | None
    status: str  # "ok" or "no_data"
    explanation: str
    inputs: dict


def operational(score: Decimal | None, status: str) -> Component:
    """The period's overall score capped at 100; a critical breach caps it at 50."""
    if score is None or status == NO_DATA:
        return Component(None, NO_DATA, "The scorecard has no data for this period.",
                         {"score": score, "status": status})
    cap = BREACH_CAP if status == "critical_breach" else OPERATIONAL_CAP
    value = min(Decimal(score), cap).quantize(ONE, ROUND_HALF_UP)
    why = f"min(score {score}, cap {cap})" + (" — a critical breach caps it at 50" if cap == BREACH_CAP else "")
    return Component(value, OK, why, {"score": score, "status": status, "cap": cap})


def relationship(party_means: dict, *, round_title: str = "") -> Component:
    """The mean of the party means (each party equally) on 0–100; ``party_means`` holds only the parties at or
    above the threshold: {party name: mean on 1–5}."""
    if not party_means:
        return Component(None, NO_DATA, "No closed survey round with a party at or above its threshold.",
                         {"round": round_title or None, "parties": {}})
    overall = mean(party_means.values())
    value = score_100(overall)
    terms = " + ".join(str(m) for m in party_means.values())
    why = f"(({terms}) ÷ {len(party_means)} − 1) ÷ 4 × 100 = {value}"
    return Component(value, OK, why, {"round": round_title, "parties": dict(party_means), "mean": overall})


def behavioural(events: list[tuple[str, bool]]) -> Component:
    """The share of on-time events among the ``(kind, on_time)`` events that fell due, 0–100."""
    if not events:
        return Component(None, NO_DATA, "Nothing fell due in the last six periods.", {"events": {}})
    by_kind = {}
    for kind, on_time in events:
        due, timely = by_kind.get(kind, (0, 0))
        by_kind[kind] = (due + 1, timely + int(bool(on_time)))
    due = sum(count for count, _ in by_kind.values())
    timely = sum(count for _, count in by_kind.values())
    value = (Decimal(timely) * 100 / due).quantize(ONE, ROUND_HALF_UP)
    return Component(value, OK, f"{timely} on time of {due} due × 100 = {value}",
                     {"events": {kind: {"due": d, "on_time": t} for kind, (d, t) in by_kind.items()}})


def index(components: dict[str, Component], weights: dict[str, Decimal]) -> dict:
    """The weighted mean of the components that have data; a missing component's weight is left out, never
    counted as 0. ``{"value", "formula", "used_weights"}``; ``value`` is ``None`` when no component has data."""
    used = {name: Decimal(weights[name]) for name, component in components.items()
            if component.value is not None and Decimal(weights[name]) > 0}
    if not used:
        return {"value": None, "formula": "No component has data.", "used_weights": {}}
    total = sum(used.values())
    value = (sum(components[name].value * weight for name, weight in used.items()) / total).quantize(
        ONE, ROUND_HALF_UP)
    terms = " + ".join(f"{components[name].value} × {_plain(weight)}" for name, weight in used.items())
    return {"value": value, "formula": f"({terms}) ÷ {_plain(total)} = {value}", "used_weights": used}


def _plain(number: Decimal) -> str:
    """A weight as a person writes it: 50, 12.5 (not 50.00)."""
    return f"{number.normalize():f}"

