"""Markets into one partnership: roll-ups and consistency, pure functions over plain values (no ORM).

A per-market indicator is measured in each market; the partnership's value is the markets' values rolled
up by the indicator's ``rollup``: ``sum``, ``average``, ``weighted`` (by each market's weight) or ``worst``
(by the indicator's direction). A market without a value for the period is left out (never counted as 0),
and so is a market without a weight in a weighted roll-up; each result says which markets it used.

Consistency is the spread across the markets with data: the coefficient of variation (population standard
deviation ÷ mean, a ratio), the range, and the worst and best market by the indicator's direction.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from .calculations import HIGHER_IS_BETTER, RED, number

SUM, AVERAGE, WEIGHTED, WORST = "sum", "average", "weighted", "worst"
ROLLUPS = (SUM, AVERAGE, WEIGHTED, WORST)
PLACES = Decimal("0.0001")  # averages and ratios: 4 places, half-up, like the scorecard's attainment


def _round(value: Decimal) -> Decimal:
    return value.quantize(PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PlaceValue:
    """One market's (or site's) value for the period: ``actual`` None when it has no data."""

    code: str
    actual: Decimal | None
    weight: Decimal | None = None


@dataclass(frozen=True)
class Rollup:
    """The rolled-up value, the markets behind it, those left out and why, in words and numbers."""

    kind: str
    actual: Decimal | None
    used: tuple[PlaceValue, ...]
    left_out: tuple[str, ...]
    explanation: str


def worst_of(values: list[PlaceValue], direction: str) -> PlaceValue:
    """The worst value by direction (lowest when higher is better); ties go to the first code."""
    pick = min if direction == HIGHER_IS_BETTER else max
    return pick(values, key=lambda place: place.actual)


def best_of(values: list[PlaceValue], direction: str) -> PlaceValue:
    pick = max if direction == HIGHER_IS_BETTER else min
    return pick(values, key=lambda place: place.actual)


def roll_up(kind: str, direction: str, places: Iterable[PlaceValue], what: str = "markets") -> Rollup:
    """The partnership's value from its ``places`` (markets, or a market's sites) by ``kind``."""
    if kind not in ROLLUPS:
        raise ValueError(f"unknown roll-up {kind!r}")
    places = sorted(places, key=lambda place: place.code)
    with_data = [place for place in places if place.actual is not None]
    no_data = [place.code for place in places if place.actual is None]
    if kind == WEIGHTED:
        used = [place for place in with_data if place.weight is not None and place.weight > 0]
        unweighted = [place.code for place in with_data if place not in used]
    else:
        used, unweighted = with_data, []
    left = []
    if no_data:
        left.append(f"left out, no data: {', '.join(no_data)}")
    if unweighted:
        left.append(f"left out, no weight: {', '.join(unweighted)}")
    tail = f" ({'; '.join(left)})" if left else ""
    if not used:
        return Rollup(kind, None, (), (*no_data, *unweighted), f"Roll-up ({kind}) of {what}: no data{tail}.")
    listed = ", ".join(f"{place.code} {number(place.actual)}" for place in used)
    if kind == SUM:
        actual = sum((place.actual for place in used), Decimal("0"))
        steps = f"sum of {len(used)} {what}: {listed} = {number(actual)}"
    elif kind == AVERAGE:
        actual = _round(sum((place.actual for place in used), Decimal("0")) / len(used))
        steps = f"average of {len(used)} {what}: ({listed}) ÷ {len(used)} = {number(actual)}"
    elif kind == WEIGHTED:
        weighted = sum((place.actual * place.weight for place in used), Decimal("0"))
        total = sum((place.weight for place in used), Decimal("0"))
        actual = _round(weighted / total)
        terms = " + ".join(f"{number(place.weight)} × {number(place.actual)} ({place.code})" for place in used)
        steps = (f"weighted average of {len(used)} {what}: ({terms}) ÷ {number(total)} = "
                 f"{number(weighted)} ÷ {number(total)} = {number(actual)}")
    else:
        worst = worst_of(used, direction)
        actual = worst.actual
        side = "lowest" if direction == HIGHER_IS_BETTER else "highest"
        steps = f"worst of {len(used)} {what} ({side}): {listed} → {worst.code} {number(actual)}"
    return Rollup(kind, actual, tuple(used), (*no_data, *unweighted), f"Roll-up: {steps}{tail}")


@dataclass(frozen=True)
class Consistency:
    """The spread across the markets with data; ``cv`` is None when the mean is 0 (a ratio to nothing)."""

    cv: Decimal | None
    minimum: Decimal
    maximum: Decimal
    worst: str
    best: str
    count: int

    def as_dict(self) -> dict:
        return {"cv": self.cv, "min": self.minimum, "max": self.maximum, "worst": self.worst, "best": self.best}


def consistency(direction: str, places: Iterable[PlaceValue]) -> Consistency | None:
    """Coefficient of variation (population standard deviation ÷ mean, 4 places), range, worst and best market.

    None without any market with data. One market: cv 0, worst and best the same market.
    """
    data = sorted((place for place in places if place.actual is not None), key=lambda place: place.code)
    if not data:
        return None
    values = [place.actual for place in data]
    with localcontext() as context:
        context.prec = 28
        mean = sum(values, Decimal("0")) / len(values)
        variance = sum(((value - mean) ** 2 for value in values), Decimal("0")) / len(values)
        deviation = variance.sqrt()
        cv = None if mean == 0 else _round(abs(deviation / mean))
    return Consistency(cv=cv, minimum=min(values), maximum=max(values), worst=worst_of(data, direction).code,
                       best=best_of(data, direction).code, count=len(data))


def red_while_green(rollup_status: str, market_statuses: Iterable[tuple[str, str]]) -> list[str]:
    """The markets in red while the roll-up is green: a good average hiding a bad market."""
    if rollup_status != "green":
        return []
    return sorted(code for code, status in market_statuses if status == RED)
