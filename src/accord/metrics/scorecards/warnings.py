"""Early-warning rules: pure functions over one indicator's recent values, no ORM.

Each warning states its rule and the numbers that fired it, so the page can show why it fired.
"""

import datetime
import functools
from dataclasses import dataclass
from decimal import Decimal

from accord.metrics import periods

from .calculations import (
    CPI,
    HIGHER_IS_BETTER,
    RED,
    IndicatorSpec,
    number,
    round_attainment,
    status_for,
)

TREND_POINTS = 6  # rule (d) fits a line through the last 6 periods
TREND_HORIZON = 2  # … and looks this many periods ahead
WORSENING_RUN = 3  # rule (c): 3 consecutive periods each worse than the one before
HISTORY_NEEDED = TREND_POINTS  # periods of history the warning rules read

RULE_NAMES = {
    "cpi_red": "(a) a CPI is red",
    "red_twice": "(b) red in 2 consecutive periods",
    "worsening": "(c) 3 consecutive periods, each worse than the one before",
    "trend_to_red": "(d) the straight-line trend of the last 6 periods reaches red within 2 periods",
}


@functools.lru_cache(maxsize=4096)
def _series_starts(frequency: str, month: datetime.date, count: int) -> tuple:
    last = periods.period_start(periods.period_end(month, periods.MONTHLY), frequency)
    return tuple(periods.shift(last, frequency, -i) for i in range(count - 1, -1, -1))


def native_series(spec: IndicatorSpec, values: dict, month: datetime.date, count: int = HISTORY_NEEDED) -> list:
    """The last ``count`` periods of the indicator's own frequency up to ``month``, oldest first, as
    (period start, value or None). Weekly: up to the last week starting in the month."""
    return [(start, values.get(start)) for start in _series_starts(spec.frequency, month, count)]


@dataclass(frozen=True)
class EarlyWarning:
    rule: str
    code: str
    name: str
    kind: str
    period: datetime.date
    message: str
    numbers: dict

    @property
    def rule_name(self) -> str:
        return RULE_NAMES[self.rule]

    def as_dict(self) -> dict:
        return {"rule": self.rule, "rule_name": self.rule_name, "code": self.code, "name": self.name,
                "kind": self.kind, "period": self.period.isoformat(), "message": self.message,
                "numbers": self.numbers}


def _worse(later: Decimal, earlier: Decimal, direction: str) -> bool:
    return later < earlier if direction == HIGHER_IS_BETTER else later > earlier


@functools.lru_cache(maxsize=16)
def _fit_weights(n: int) -> tuple:
    mean_x = Decimal(n - 1) / 2
    sxx = sum(((Decimal(x) - mean_x) ** 2 for x in range(n)), Decimal("0"))
    return mean_x, sxx, tuple(Decimal(x) - mean_x for x in range(n))


def least_squares(points: list[Decimal]) -> tuple[Decimal, Decimal]:
    """Intercept and slope of the straight line through ``points`` at x = 0, 1, 2, …

    slope = Σ(x − x̄)(y − ȳ) ÷ Σ(x − x̄)², which equals Σ(x − x̄)·y ÷ Σ(x − x̄)² since Σ(x − x̄) = 0.
    """
    mean_x, sxx, offsets = _fit_weights(len(points))
    slope = sum((w * y for w, y in zip(offsets, points, strict=True)), Decimal("0")) / sxx
    return sum(points, Decimal("0")) / len(points) - slope * mean_x, slope


def early_warnings(spec: IndicatorSpec, series: list) -> list[EarlyWarning]:
    """The warnings one indicator raises in the last period of ``series``.

    ``series`` is consecutive periods of the indicator's own frequency, oldest first, as
    (period start, value or None); a period without data breaks every run. Each warning states
    its rule and the numbers that fired it.
    """
    if not series or series[-1][1] is None:
        return []
    period = series[-1][0]
    values = [value for _, value in series]
    target, direction, bands = spec.target, spec.direction, spec.bands

    def status(value):
        return status_for(value, target=target, direction=direction, bands=bands)

    def tail(count):
        last = values[-count:]
        return last if len(last) == count and None not in last else None

    def warning(rule, message, numbers):
        return EarlyWarning(rule, spec.code, spec.name, spec.kind, period, message, numbers)

    found = []
    latest = values[-1]
    latest_status = status(latest)
    if latest_status == RED and spec.kind == CPI:
        found.append(warning("cpi_red", f"CPI {spec.code} is red at {number(latest)} (target {number(target)}): "
                             "a critical breach.", {"actual": latest, "target": target}))
    if latest_status == RED and (last_two := tail(2)) and status(last_two[0]) == RED:
        found.append(warning("red_twice", f"{spec.code} has been red for 2 periods in a row: "
                             f"{number(last_two[0])} then {number(last_two[1])}.", {"values": last_two}))
    if (run := tail(WORSENING_RUN + 1)) and all(_worse(b, a, direction) for a, b in zip(run, run[1:], strict=False)):
        found.append(warning("worsening", f"{spec.code} got worse 3 periods running: "
                             f"{' → '.join(number(v) for v in run)}.", {"values": run}))
    if latest_status != RED and (points := tail(TREND_POINTS)):
        intercept, slope = least_squares(points)
        for step in range(1, TREND_HORIZON + 1):
            projected = round_attainment(intercept + slope * (TREND_POINTS - 1 + step))
            if status(projected) == RED:
                found.append(warning(
                    "trend_to_red",
                    f"{spec.code}'s trend over the last {TREND_POINTS} periods ({', '.join(number(v) for v in points)}; "
                    f"slope {number(round_attainment(slope))} per period) reaches red in {step} period(s): "
                    f"projected {number(projected)}.",
                    {"values": points, "slope": round_attainment(slope), "projected": projected, "periods_ahead": step},
                ))
                break
    return found
