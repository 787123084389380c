"""Scorecard arithmetic: pure functions over plain values, no ORM.

Every result carries its own explanation (inputs, formula, thresholds) so that the page, the API
and reports can show how a number came about. Decimals throughout, with explicit rounding:
attainment to 4 decimal places, scores to 2.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from accord.metrics import periods

GREEN, AMBER, RED = "green", "amber", "red"
NO_DATA, CRITICAL_BREACH = "no_data", "critical_breach"
HIGHER_IS_BETTER, LOWER_IS_BETTER = "higher_is_better", "lower_is_better"
CPI, KPI, KFI, RELATIONSHIP = "cpi", "kpi", "kfi", "relationship"
KINDS = (CPI, KPI, KFI, RELATIONSHIP)
SCORED_KINDS = (KPI, KFI)  # the overall score; CPIs are gates, relationship indicators are shown beside
STATUSES = (GREEN, AMBER, RED)

ATTAINMENT_CAP = Decimal("1.5")
AMBER_TOLERANCE = Decimal("0.10")  # without bands: amber within 10% of the target
ATTAINMENT_PLACES = Decimal("0.0001")
SCORE_PLACES = Decimal("0.01")
DEFAULT_GREEN_AT = Decimal("100")
DEFAULT_AMBER_AT = Decimal("90")
MAX_BANDS = 5

def number(value: Decimal | None) -> str:
    """A Decimal as plain text without exponent or trailing zeros, for explanations."""
    if value is None:
        return "—"
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def round_attainment(value: Decimal) -> Decimal:
    return value.quantize(ATTAINMENT_PLACES, rounding=ROUND_HALF_UP)


def round_score(value: Decimal) -> Decimal:
    return value.quantize(SCORE_PLACES, rounding=ROUND_HALF_UP)


# Bands --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Band:
    """A range ``[low, high)`` of the measured value; ``None`` is an open end."""

    low: Decimal | None
    high: Decimal | None
    status: str

    def contains(self, value: Decimal) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value < self.high)

    def describe(self) -> str:
        low = number(self.low) if self.low is not None else "−∞"
        high = number(self.high) if self.high is not None else "+∞"
        return f"[{low}, {high})"

    def as_dict(self) -> dict:
        return {"low": self.low, "high": self.high, "status": self.status}


class BandError(ValueError):
    """Bands that cannot be used; ``row`` is the 1-based row the problem is on (0: the whole set)."""

    def __init__(self, message: str, row: int = 0):
        super().__init__(message)
        self.row = row


def _to_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        result = Decimal(str(value).strip())
    except ArithmeticError:
        raise ValueError(f"{value!r} is not a number") from None
    if not result.is_finite():
        raise ValueError(f"{value!r} is not a number")
    return result


def parse_bands(rows: list) -> tuple[Band, ...]:
    """Read and check a list of ``{"low", "high", "status"}``: none, or 2 to 5 non-overlapping bands.

    Raises ``BandError`` naming the row. Returns the bands sorted from the lowest range up.
    """
    if not rows:
        return ()
    if not isinstance(rows, list | tuple):
        raise BandError("Bands must be a list of {low, high, status}.")
    bands = []
    for row, item in enumerate(rows, start=1):
        if not isinstance(item, dict):
            raise BandError(f"Row {row}: a band needs low, high and status.", row)
        try:
            low, high = _to_decimal(item.get("low")), _to_decimal(item.get("high"))
        except ValueError as exc:
            raise BandError(f"Row {row}: {exc}.", row) from None
        status = item.get("status")
        if status not in STATUSES:
            raise BandError(f"Row {row}: status must be green, amber or red.", row)
        if low is not None and high is not None and low >= high:
            raise BandError(f"Row {row}: low ({number(low)}) must be below high ({number(high)}).", row)
        bands.append((row, Band(low, high, status)))
    if not 2 <= len(bands) <= MAX_BANDS:
        raise BandError(f"Give between 2 and {MAX_BANDS} bands (or none); you gave {len(bands)}.")
    lowest_first = sorted(bands, key=lambda rb: (rb[1].low is not None, rb[1].low or 0))
    for (_, before), (row, after) in zip(lowest_first, lowest_first[1:], strict=False):
        if before.high is None or after.low is None or after.low < before.high:
            raise BandError(f"Row {row}: {after.describe()} overlaps {before.describe()}.", row)
    return tuple(band for _, band in lowest_first)


# One indicator in one period ------------------------------------------------------------

@dataclass(frozen=True)
class IndicatorSpec:
    """What the arithmetic needs to know about an indicator."""

    id: int
    code: str
    name: str
    kind: str
    direction: str
    target: Decimal
    weight: Decimal = Decimal("1")
    bands: tuple[Band, ...] = ()
    frequency: str = periods.MONTHLY
    aggregation: str = "average"
    unit: str = ""
    active_from: datetime.date | None = None
    active_to: datetime.date | None = None
    note: str = ""  # how the definition came about, when it was agreed after its start (a retroactive change)
    scope: str = "partnership"  # or "market", "site": measured per market (or site) and rolled up
    rollup: str = "average"  # how markets roll up: sum, average, weighted or worst

    def is_active_in(self, month: datetime.date) -> bool:
        return periods.is_active(month, periods.MONTHLY, self.active_from, self.active_to)


def zero_target_met(actual: Decimal, target: Decimal, direction: str) -> bool:
    """A zero target met: no more than 0 (lower is better) or at least 0 (higher is better).

    Zero targets are normal for CPIs (incidents, breaches, complaints), where the ratio is undefined
    or always 0; meeting one attains exactly 1.
    """
    if target != 0:
        return False
    return actual <= 0 if direction == LOWER_IS_BETTER else actual >= 0


def attainment(actual: Decimal, target: Decimal, direction: str) -> Decimal:
    """actual ÷ target (higher is better) or target ÷ actual (lower is better), capped at 1.5.

    A met zero target attains 1. Otherwise 0 when the ratio is undefined (a zero divisor) or
    negative. Rounded to 4 places.
    """
    if zero_target_met(actual, target, direction):
        return Decimal("1.0000")
    numerator, divisor = (actual, target) if direction == HIGHER_IS_BETTER else (target, actual)
    if divisor == 0:
        return Decimal("0.0000")
    ratio = numerator / divisor
    if ratio < 0:
        return Decimal("0.0000")
    return round_attainment(min(ratio, ATTAINMENT_CAP))


def status_for(value: Decimal, *, target: Decimal, direction: str, bands: tuple[Band, ...] = ()) -> str:
    """The red/amber/green status of a measured value.

    The band whose ``[low, high)`` holds the value decides; without bands (or if the value falls
    in a gap between them): green when the target is met, amber within 10% of it, red otherwise.
    """
    for band in bands:
        if band.contains(value):
            return band.status
    tolerance = abs(target) * AMBER_TOLERANCE
    if direction == HIGHER_IS_BETTER:
        return GREEN if value >= target else AMBER if value >= target - tolerance else RED
    return GREEN if value <= target else AMBER if value <= target + tolerance else RED


def status_explained(value: Decimal, *, target: Decimal, direction: str, bands: tuple[Band, ...] = ()) -> str:
    """Why ``status_for`` gives the status it gives, in words and numbers."""
    status = status_for(value, target=target, direction=direction, bands=bands)
    for band in bands:
        if band.contains(value):
            return f"{number(value)} is in band {band.describe()} → {status}"
    prefix = "in no band; " if bands else ""
    tolerance = abs(target) * AMBER_TOLERANCE
    higher = direction == HIGHER_IS_BETTER
    sign, edge = ("≥", target - tolerance) if higher else ("≤", target + tolerance)
    if status == GREEN:
        return f"{prefix}{number(value)} {sign} target {number(target)} → green"
    if status == AMBER:
        return f"{prefix}{number(value)} {sign} {number(edge)} (within 10% of target {number(target)}) → amber"
    return f"{prefix}{number(value)} misses target {number(target)} by more than 10% → red"


@dataclass(frozen=True)
class IndicatorResult:
    spec: IndicatorSpec
    actual: Decimal | None
    attainment: Decimal | None
    status: str
    inputs: tuple = ()  # (period, value) pairs the actual came from
    # A per-market indicator's roll-up (``rollups.Rollup``), its markets ({"market", "actual", "status"}) and
    # their consistency ({"cv", "min", "max", "worst", "best", "flagged"}); empty for a whole-partnership one.
    rollup: object = None
    markets: tuple = ()
    consistency: dict | None = None

    @property
    def has_data(self) -> bool:
        return self.actual is not None

    @property
    def explanation(self) -> str:
        """The formula with its inputs; built on demand (portfolio-wide reads never need it)."""
        spec, actual = self.spec, self.actual
        if actual is None:
            rolled = f"{self.rollup.explanation} " if self.rollup is not None else ""
            return f"{rolled}No measurement for this period: no data, left out of every average."
        if spec.direction == HIGHER_IS_BETTER:
            formula, numerator, divisor = "actual ÷ target", actual, spec.target
        else:
            formula, numerator, divisor = "target ÷ actual", spec.target, actual
        if zero_target_met(actual, spec.target, spec.direction):
            sign = "≤" if spec.direction == LOWER_IS_BETTER else "≥"
            steps = f"{number(actual)} {sign} target 0: a zero target met → 1"
        elif divisor == 0:
            steps = f"{formula} = {number(numerator)} ÷ 0 is undefined → 0"
        elif numerator / divisor < 0:
            steps = f"{formula} = {number(numerator)} ÷ {number(divisor)} is negative → 0"
        elif numerator / divisor > ATTAINMENT_CAP:
            steps = (f"{formula} = {number(numerator)} ÷ {number(divisor)} = "
                     f"{number(round_attainment(numerator / divisor))}, capped at 1.5")
        else:
            steps = f"{formula} = {number(numerator)} ÷ {number(divisor)} = {number(self.attainment)}"
        why = status_explained(actual, target=spec.target, direction=spec.direction, bands=spec.bands)
        rolled = f"{self.rollup.explanation}; " if self.rollup is not None else ""
        return f"{rolled}attainment = {steps}; status: {why}"


def evaluate_indicator(spec: IndicatorSpec, actual: Decimal | None, inputs: tuple = (), **places) -> IndicatorResult:
    """Attainment and status of one indicator in one period. No value → no data (never 0, never 100).
    ``places``: a per-market indicator's ``rollup``, ``markets`` and ``consistency``, carried along."""
    if actual is None:
        return IndicatorResult(spec, None, None, NO_DATA, inputs, **places)
    status = status_for(actual, target=spec.target, direction=spec.direction, bands=spec.bands)
    return IndicatorResult(spec, actual, attainment(actual, spec.target, spec.direction), status, inputs, **places)


# One partnership in one period ----------------------------------------------------------

@dataclass(frozen=True)
class Thresholds:
    green_at: Decimal = DEFAULT_GREEN_AT
    amber_at: Decimal = DEFAULT_AMBER_AT

    def status_for(self, score: Decimal | None) -> str:
        if score is None:
            return NO_DATA
        if score >= self.green_at:
            return GREEN
        if score >= self.amber_at:
            return AMBER
        return RED


@dataclass(frozen=True)
class WeightedScore:
    score: Decimal | None
    weighted_sum: Decimal
    total_weight: Decimal
    count: int

    def explain(self, what: str) -> str:
        if self.score is None:
            return f"{what}: no data (no indicator with a measurement and a weight)."
        return (f"{what} = Σ(weight × attainment) ÷ Σ(weight) × 100 = {number(self.weighted_sum)} ÷ "
                f"{number(self.total_weight)} × 100 = {number(self.score)} over {self.count} indicator(s) with data")


def weighted_score(results) -> WeightedScore:
    """Σ(weight × attainment) ÷ Σ(weight) × 100 over the results that have data. ``None`` if nothing counts."""
    counted = [r for r in results if r.has_data]
    weighted_sum = sum((r.spec.weight * r.attainment for r in counted), Decimal("0"))
    total_weight = sum((r.spec.weight for r in counted), Decimal("0"))
    if total_weight == 0:
        return WeightedScore(None, weighted_sum, total_weight, len(counted))
    return WeightedScore(round_score(weighted_sum / total_weight * 100), weighted_sum, total_weight, len(counted))


@dataclass(frozen=True)
class Scorecard:
    period: datetime.date
    status: str
    score: Decimal | None
    by_kind: dict
    indicators: tuple[IndicatorResult, ...]
    cpi_breaches: tuple[str, ...]
    explanation: str
    thresholds: Thresholds = field(default_factory=Thresholds)


def score_period(period: datetime.date, results, thresholds: Thresholds = Thresholds()) -> Scorecard:
    """Per-kind scores and the overall score and status of a partnership for one period.

    The overall score counts KPIs and KFIs with data. Any CPI in red is a critical breach whatever
    the score; otherwise green at ≥ ``green_at``, amber at ≥ ``amber_at``, red below; no KPI/KFI
    data → no data.
    """
    results = tuple(results)
    by_kind = {}
    breaches = tuple(r.spec.code for r in results if r.spec.kind == CPI and r.status == RED)
    for kind in KINDS:
        of_kind = [r for r in results if r.spec.kind == kind]
        if not of_kind:
            continue
        result = weighted_score(of_kind)
        status = CRITICAL_BREACH if kind == CPI and breaches else thresholds.status_for(result.score)
        by_kind[kind] = {"score": result.score, "status": status, "explanation": result.explain(f"{kind.upper()} score")}
    overall = weighted_score(r for r in results if r.spec.kind in SCORED_KINDS)
    bands = f"green at ≥ {number(thresholds.green_at)}, amber at ≥ {number(thresholds.amber_at)}, red below"
    explanation = overall.explain("Overall score (KPIs and KFIs)") + f"; {bands}"
    if breaches:
        status = CRITICAL_BREACH
        explanation += f"; critical breach: CPI {', '.join(breaches)} in red overrides the score"
    else:
        status = thresholds.status_for(overall.score)
    return Scorecard(period, status, overall.score, by_kind, results, breaches, explanation, thresholds)


# Values of sub-periods -------------------------------------------------------------------

def combine(values: list[Decimal], aggregation: str) -> Decimal | None:
    """Several period values as one: sum, average (4 places) or the last one."""
    if not values:
        return None
    if aggregation == "sum":
        return sum(values, Decimal("0"))
    if aggregation == "last":
        return values[-1]
    return round_attainment(sum(values, Decimal("0")) / len(values))


def value_for_month(spec: IndicatorSpec, values: dict, month: datetime.date) -> tuple[Decimal | None, tuple]:
    """The indicator's value for a monthly scorecard period, and the (period, value) inputs used.

    Monthly: that month's value. Quarterly/annual: the value of the quarter/year containing the
    month applies to each of its months. Weekly: the weeks starting in the month, combined by the
    indicator's aggregation.
    """
    if spec.frequency == periods.WEEKLY:
        inputs = tuple((week, values[week]) for week in periods.weeks_of_month(month) if week in values)
        return combine([v for _, v in inputs], spec.aggregation), inputs
    start = periods.period_start(month, spec.frequency)
    if start in values:
        return values[start], ((start, values[start]),)
    return None, ()
