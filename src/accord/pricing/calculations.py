"""P3 arithmetic over plain values (no ORM): normalised prices, the median, the index and its flag.

normalised = price ÷ factor; index = normalised ÷ median(normalised of the service line's markets
in the period) × 100, rounded once to one decimal, half-up; a market whose index is above
100 + tolerance is ``above``, below 100 − tolerance ``below``, else ``ok``. Everything is exact
(fractions) until that one rounding.
"""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

ONE_DECIMAL = Decimal("0.1")
NORMALISED_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class MarketPrice:
    market: str
    price: Decimal
    factor: Decimal


@dataclass(frozen=True)
class MarketIndex:
    market: str
    price: Decimal
    factor: Decimal
    normalised: Fraction
    index: Decimal
    flag: str


@dataclass(frozen=True)
class ParityResult:
    median: Fraction | None
    markets: list  # MarketIndex, in the order given
    tolerance: Decimal


def median(values: list[Fraction]) -> Fraction | None:
    """The middle value; for an even count, the mean of the two middle ones."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def rounded(value: Fraction, quantum: Decimal) -> Decimal:
    """``value`` rounded once, half-up, to ``quantum`` (exact: no float on the way)."""
    sign = -1 if value < 0 else 1
    scaled = abs(value) / Fraction(quantum)
    whole = scaled.numerator // scaled.denominator
    if (scaled - whole) * 2 >= 1:
        whole += 1
    return (Decimal(sign * whole) * quantum).quantize(quantum)


def flag(index: Decimal, tolerance: Decimal) -> str:
    if index > 100 + tolerance:
        return "above"
    if index < 100 - tolerance:
        return "below"
    return "ok"


def parity(prices: list[MarketPrice], tolerance: Decimal) -> ParityResult:
    """The index of every market of one service line in one period."""
    normalised = [Fraction(p.price) / Fraction(p.factor) for p in prices]
    middle = median(normalised)
    markets = []
    for price, value in zip(prices, normalised, strict=True):
        index = rounded(value / middle * 100, ONE_DECIMAL) if middle else None
        markets.append(MarketIndex(market=price.market, price=price.price, factor=price.factor, normalised=value,
                                   index=index, flag=flag(index, tolerance) if index is not None else "ok"))
    return ParityResult(median=middle, markets=markets, tolerance=tolerance)


def shown(value: Fraction | None) -> Decimal | None:
    """A normalised price or median for people: four decimals, half-up."""
    return None if value is None else rounded(value, NORMALISED_PLACES)

