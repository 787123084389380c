"""The audit score, as pure arithmetic over plain values (no ORM).

Score = Σ (weight × answer ÷ scale max) ÷ Σ weight of the items not answered N/A × 100, for each
section and for the audit as a whole. A yes counts as the scale's maximum, a no as 0. The sums are
exact fractions; rounding happens once, for display (``display``), half-up to one decimal.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

ONE_DECIMAL = Decimal("0.1")
STORED = Decimal("0.000001")  # the measurements' precision


@dataclass(frozen=True)
class ScoredItem:
    section: str
    weight: Decimal
    scale_max: int
    value: int | None  # None: not applicable


@dataclass(frozen=True)
class Score:
    """An exact score (``None`` when every item was N/A) with the sums behind it."""

    earned: Fraction  # Σ weight × answer ÷ scale max
    possible: Fraction  # Σ weight of applicable items

    @property
    def value(self) -> Fraction | None:
        return None if not self.possible else self.earned / self.possible * 100


@dataclass(frozen=True)
class AuditScore:
    overall: Score
    sections: dict  # section code → Score, in the order first seen


def score(items: list[ScoredItem]) -> AuditScore:
    """The audit's score overall and per section."""
    sums: dict[str, list[Fraction]] = {}
    for item in items:
        earned, possible = sums.setdefault(item.section, [Fraction(0), Fraction(0)])
        if item.value is not None:
            weight = Fraction(item.weight)
            sums[item.section] = [earned + weight * item.value / item.scale_max, possible + weight]
    sections = {code: Score(earned=earned, possible=possible) for code, (earned, possible) in sums.items()}
    overall = Score(earned=sum((s.earned for s in sections.values()), Fraction(0)),
                    possible=sum((s.possible for s in sections.values()), Fraction(0)))
    return AuditScore(overall=overall, sections=sections)


def to_decimal(value: Fraction | None, quantum: Decimal = STORED) -> Decimal | None:
    """An exact fraction as a decimal, rounded half-up once to ``quantum``."""
    if value is None:
        return None
    scaled = value / Fraction(quantum)
    whole = scaled.numerator // scaled.denominator
    if (scaled - whole) * 2 >= 1:
        whole += 1
    return (Decimal(whole) * quantum).quantize(quantum)


def display(value) -> Decimal | None:
    """A score for people: one decimal, half-up (``87.45`` → ``87.5``)."""
    if value is None:
        return None
    if isinstance(value, Fraction):
        return to_decimal(value, ONE_DECIMAL)
    return Decimal(value).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def combine(scores: list[Fraction], aggregation: str) -> Fraction | None:
    """Several audits' scores in one period, as the indicator aggregates: ``sum``, ``average`` or ``last``
    (``scores`` in the order the audits happened)."""
    if not scores:
        return None
    if aggregation == "sum":
        return sum(scores, Fraction(0))
    if aggregation == "last":
        return scores[-1]
    return sum(scores, Fraction(0)) / len(scores)
