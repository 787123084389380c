"""Incentive arithmetic: the financial model's formulas as pure functions over plain values (no ORM).

Every amount is a ``Decimal``. Each statement line is rounded once, half-up (away from zero on a
tie, for deductions as for payments), to the currency's minor unit; ``net_payable`` is the sum of
the rounded lines, so the total on the page always equals the lines a reader adds up by hand.
Every line carries its formula in words and numbers and its inputs.

Sign convention: positive = paid to the provider, negative = deducted from the provider.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from accord.core.currencies import CURRENCY_MINOR_UNITS
from accord.metrics import periods

from .terms import (  # noqa: F401  (the model's plain values, re-exported beside the formulas that use them)
    Allocation,
    AtRisk,
    BaseFee,
    Bonus,
    Caps,
    CpiPenalty,
    FinancialModel,
    Gainshare,
    IndicatorFact,
    Innovation,
    PeriodFacts,
    RevenueShare,
    ShareBand,
)

GREEN, AMBER, RED, NO_DATA, CRITICAL_BREACH = "green", "amber", "red", "no_data", "critical_breach"
CPI, KPI, KFI = "cpi", "kpi", "kfi"
HUNDRED = Decimal("100")
ZERO = Decimal("0")

# The one list of supported currencies (ISO 4217, with minor units) lives in core.


class UnknownCurrency(ValueError):
    """A currency code outside ``CURRENCY_MINOR_UNITS``."""


class LineKind:
    BASE_FEE = "base_fee"
    AT_RISK_FORFEIT = "at_risk_forfeit"
    AT_RISK_HELD = "at_risk_held"
    AT_RISK_RELEASED = "at_risk_released"
    EARN_BACK = "earn_back"
    BONUS = "bonus"
    CPI_PENALTY = "cpi_penalty"
    GAINSHARE = "gainshare"
    PAINSHARE = "painshare"
    INNOVATION = "innovation"
    REVENUE_SHARE = "revenue_share"
    CAP = "cap"
    ADJUSTMENT = "adjustment"


CAP_ON_DEDUCTIONS, CAP_ON_BONUSES = "Cap on deductions", "Cap on bonuses"
DEDUCTION_KINDS = (LineKind.AT_RISK_FORFEIT, LineKind.CPI_PENALTY)
BONUS_KINDS = (LineKind.BONUS, LineKind.INNOVATION)


def minor_unit(currency: str) -> Decimal:
    """The smallest amount of ``currency``: 0.01 for EUR, 1 for JPY, 0.001 for KWD."""
    try:
        places = CURRENCY_MINOR_UNITS[currency]
    except KeyError:
        raise UnknownCurrency(f"Unknown currency {currency!r}: use one of "
                              f"{', '.join(sorted(CURRENCY_MINOR_UNITS))}.") from None
    return Decimal(1).scaleb(-places)


def round_money(amount: Decimal, currency: str) -> Decimal:
    """``amount`` rounded half-up (ties away from zero) to the minor unit of ``currency``."""
    return amount.quantize(minor_unit(currency), rounding=ROUND_HALF_UP)


def money(amount: Decimal) -> str:
    """An amount with thousands separators, for formulas: 100,000.00; a measured value keeps no more decimals
    than it needs (60000.000000 → 60,000)."""
    if amount.as_tuple().exponent < -2:
        amount = amount.normalize()
        if amount.as_tuple().exponent > 0:
            amount = amount.quantize(Decimal(1))
    return f"{amount:,}"


def number(value: Decimal) -> str:
    """A plain number without exponent or trailing zeros: 10, 2.5, 33.3333."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def exact(value: Decimal) -> str:
    """An unrounded intermediate, shown to six decimals at most (3.333333), so a reader can follow it."""
    if value.as_tuple().exponent < -6:
        value = value.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
    return number(value)


@dataclass(frozen=True)
class Line:
    kind: str
    label: str
    indicator: str
    formula: str
    inputs: dict
    amount: Decimal

    def as_dict(self) -> dict:
        return {"kind": self.kind, "label": self.label, "indicator": self.indicator, "formula": self.formula,
                "inputs": self.inputs, "amount": self.amount}


def _line(kind, label, formula, inputs, raw: Decimal, currency: str, indicator: str = "") -> Line:
    amount = round_money(raw, currency)
    if raw != amount:
        formula = f"{formula} → {money(amount)} (rounded half-up to {minor_unit(currency)})"
    return Line(kind, label, indicator, formula, {k: str(v) for k, v in inputs.items()}, amount)


# Base fee ------------------------------------------------------------------------------------

def base_fee_line(fee: BaseFee, currency: str, facts: PeriodFacts) -> Line:
    """``fixed``: the amount. ``cost_plus``: the cost KFI's actual plus a return (a percentage or an amount)."""
    if fee.kind == "fixed":
        return _line(LineKind.BASE_FEE, "Base fee (fixed)", f"fixed fee = {money(fee.amount)}",
                     {"amount": fee.amount}, fee.amount, currency)
    fact = facts.fact(fee.cost_indicator)
    if fact is None or fact.value is None:
        return _line(LineKind.BASE_FEE, "Base fee (cost plus)",
                     f"no value of {fee.cost_indicator} for this period yet → 0", {"cost": "no data"}, ZERO,
                     currency, fee.cost_indicator)
    cost = fact.value
    if fee.return_percent is not None:
        raw = cost * (1 + fee.return_percent / HUNDRED)
        formula = (f"cost + return = {money(cost)} + {money(cost)} × {number(fee.return_percent)}% "
                   f"= {money(cost)} × {number(1 + fee.return_percent / HUNDRED)} = {exact(raw)}")
        inputs = {"cost": cost, "return_percent": fee.return_percent}
    else:
        raw = cost + fee.return_amount
        formula = f"cost + return = {money(cost)} + {money(fee.return_amount)} = {money(raw)}"
        inputs = {"cost": cost, "return_amount": fee.return_amount}
    return _line(LineKind.BASE_FEE, "Base fee (cost plus)", formula, inputs, raw, currency, fee.cost_indicator)


# Money at risk -----------------------------------------------------------------------------

def allocation_amount(base_fee: Decimal, at_risk: AtRisk, allocation: Allocation) -> Decimal:
    """Base fee × at-risk % × share %, unrounded."""
    return base_fee * at_risk.percent / HUNDRED * allocation.share / HUNDRED


def forfeited_fraction(mode: str, status: str) -> Decimal:
    """``red``: all when red. ``graded``: half when amber, all when red. Nothing when green."""
    if status == RED:
        return Decimal(1)
    if status == AMBER and mode == "graded":
        return Decimal("0.5")
    return ZERO


def _allocation_words(base_fee, at_risk, allocation) -> str:
    return (f"{money(base_fee)} × {number(at_risk.percent)}% × {number(allocation.share)}% "
            f"= {number(allocation_amount(base_fee, at_risk, allocation))}")


def at_risk_lines(at_risk: AtRisk, base_fee: Decimal, currency: str, facts: PeriodFacts) -> list[Line]:
    """A forfeit per allocation whose indicator is red (or amber, graded); a held line when no data."""
    lines = []
    for allocation in at_risk.allocations:
        fact = facts.fact(allocation.indicator)
        status = fact.status if fact is not None else NO_DATA
        name = fact.name if fact is not None else allocation.indicator
        share = allocation_amount(base_fee, at_risk, allocation)
        inputs = {"base_fee": base_fee, "at_risk_percent": at_risk.percent, "share": allocation.share,
                  "mode": allocation.mode, "status": status, "period": facts.period.isoformat()}
        if status == NO_DATA:
            lines.append(_line(LineKind.AT_RISK_HELD, f"Held: {name} has no value yet",
                               f"allocation = {_allocation_words(base_fee, at_risk, allocation)}; no data → held "
                               "(not paid yet, not forfeited)", inputs, -share, currency, allocation.indicator))
            continue
        fraction = forfeited_fraction(allocation.mode, status)
        if fraction:
            part = "all" if fraction == 1 else "half"
            words = "" if fraction == 1 else f": {number(share)} × {number(fraction)} = {exact(share * fraction)}"
            lines.append(_line(LineKind.AT_RISK_FORFEIT, f"At risk forfeited: {name} is {status}",
                               f"allocation = {_allocation_words(base_fee, at_risk, allocation)}; {status} "
                               f"(mode {allocation.mode}) → {part} forfeited{words}", inputs, -share * fraction,
                               currency, allocation.indicator))
    return lines


@dataclass(frozen=True)
class Held:
    """An allocation held on an earlier statement, waiting for its value."""

    period: datetime.date
    indicator: str
    amount: Decimal  # the positive amount held
    mode: str


def held_resolution_lines(held: Iterable[Held], statuses: Mapping[tuple, str], currency: str,
                          names: Mapping[str, str] = {}) -> list[Line]:
    """For each held allocation whose value has arrived: release it, then forfeit what its status warrants.

    ``statuses`` maps ``(period, indicator code)`` to the status now known; a hold still without
    data stays held (no line).
    """
    lines = []
    for item in held:
        status = statuses.get((item.period, item.indicator), NO_DATA)
        if status == NO_DATA:
            continue
        name = names.get(item.indicator, item.indicator)
        inputs = {"held_period": item.period.isoformat(), "held": item.amount, "status": status, "mode": item.mode}
        lines.append(_line(LineKind.AT_RISK_RELEASED, f"Released: {name} for {item.period:%b %Y}",
                           f"held {money(item.amount)} on {item.period:%b %Y}; the value arrived ({status}) "
                           f"→ the hold is released: + {money(item.amount)}", inputs, item.amount, currency,
                           item.indicator))
        fraction = forfeited_fraction(item.mode, status)
        if fraction:
            lines.append(_line(LineKind.AT_RISK_FORFEIT, f"At risk forfeited: {name} for {item.period:%b %Y}",
                               f"{item.period:%b %Y} is {status} (mode {item.mode}) → {number(fraction * 100)}% "
                               f"of {money(item.amount)} forfeited", inputs, -item.amount * fraction, currency,
                               item.indicator))
    return lines


@dataclass(frozen=True)
class Forfeit:
    """An amount forfeited for ``indicator`` in ``period`` (positive)."""

    period: datetime.date
    indicator: str
    amount: Decimal


def add_months(period: datetime.date, months: int) -> datetime.date:
    return periods.shift(period, periods.MONTHLY, months)


def earn_back_lines(period: datetime.date, earn_back_periods: int, forfeits: Iterable[Forfeit],
                    statuses: Mapping[tuple, str], currency: str, names: Mapping[str, str] = {}) -> list[Line]:
    """A forfeit of period F comes back on the statement of F + N when the indicator is green in each of
    F+1 … F+N. Each forfeit can come back once only, on that one statement; N = 0 means no earn-back."""
    if earn_back_periods <= 0:
        return []
    lines = []
    for forfeit in forfeits:
        if add_months(forfeit.period, earn_back_periods) != period:
            continue
        months = [add_months(forfeit.period, k) for k in range(1, earn_back_periods + 1)]
        if all(statuses.get((month, forfeit.indicator)) == GREEN for month in months):
            name = names.get(forfeit.indicator, forfeit.indicator)
            lines.append(_line(
                LineKind.EARN_BACK, f"Earned back: {name} forfeit of {forfeit.period:%b %Y}",
                f"{money(forfeit.amount)} forfeited on {forfeit.period:%b %Y}; green in each of the next "
                f"{earn_back_periods} periods ({', '.join(f'{m:%b %Y}' for m in months)}) → + {money(forfeit.amount)}",
                {"forfeit_period": forfeit.period.isoformat(), "forfeit": forfeit.amount,
                 "earn_back_periods": earn_back_periods}, forfeit.amount, currency, forfeit.indicator))
    return lines


# Bonus and penalties ---------------------------------------------------------------------

def bonus_line(bonus: Bonus, base_fee: Decimal, currency: str, facts: PeriodFacts) -> Line:
    """base fee × cap % × min(1, (score − floor) ÷ (stretch − floor)); none below the floor, none in a
    critical breach, none without a score."""
    inputs = {"base_fee": base_fee, "score": facts.score if facts.score is not None else "no data",
              "floor_score": bonus.floor_score, "stretch_score": bonus.stretch_score, "cap_percent": bonus.cap_percent,
              "status": facts.status}
    if facts.status == CRITICAL_BREACH:
        return _line(LineKind.BONUS, "Performance bonus", "critical breach (a CPI in red) → no bonus", inputs,
                     ZERO, currency)
    if facts.score is None:
        return _line(LineKind.BONUS, "Performance bonus", "no overall score for this period → no bonus", inputs,
                     ZERO, currency)
    if facts.score <= bonus.floor_score:
        return _line(LineKind.BONUS, "Performance bonus",
                     f"score {number(facts.score)} ≤ floor {number(bonus.floor_score)} → no bonus", inputs, ZERO,
                     currency)
    progress = (facts.score - bonus.floor_score) / (bonus.stretch_score - bonus.floor_score)
    used = min(Decimal(1), progress)
    raw = base_fee * bonus.cap_percent / HUNDRED * used
    formula = (f"base fee × cap % × min(1, (score − floor) ÷ (stretch − floor)) = {money(base_fee)} × "
               f"{number(bonus.cap_percent)}% × min(1, ({number(facts.score)} − {number(bonus.floor_score)}) ÷ "
               f"({number(bonus.stretch_score)} − {number(bonus.floor_score)})) = {money(base_fee)} × "
               f"{number(bonus.cap_percent)}% × {number(used) if used == 1 else _ratio(progress)} = {exact(raw)}")
    return _line(LineKind.BONUS, "Performance bonus", formula, inputs, raw, currency)


def _ratio(value: Decimal) -> str:
    return number(value.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP))


def cpi_penalty_lines(penalty: CpiPenalty, base_fee: Decimal, currency: str, facts: PeriodFacts) -> list[Line]:
    """One penalty per CPI in red: a fixed amount, or a percentage of the base fee."""
    lines = []
    for fact in sorted(facts.indicators.values(), key=lambda f: f.code):
        if fact.kind != CPI or fact.status != RED:
            continue
        if penalty.amount is not None:
            raw, formula = penalty.amount, f"{fact.code} is red → penalty {money(penalty.amount)}"
            inputs = {"amount": penalty.amount}
        else:
            raw = base_fee * penalty.percent / HUNDRED
            formula = (f"{fact.code} is red → base fee × {number(penalty.percent)}% = {money(base_fee)} × "
                       f"{number(penalty.percent)}% = {exact(raw)}")
            inputs = {"base_fee": base_fee, "percent": penalty.percent}
        lines.append(_line(LineKind.CPI_PENALTY, f"CPI breach: {fact.name}", formula, inputs, -raw, currency,
                           fact.code))
    return lines


# Gainshare, revenue share, innovation -----------------------------------------------------------

def shared_amount(amount: Decimal, baseline: Decimal, bands: tuple[ShareBand, ...]) -> tuple[Decimal, list[str]]:
    """The provider's part of ``amount`` (≥ 0) across bands of the baseline; returns it and the steps."""
    remaining, total, steps, lower = amount, ZERO, [], ZERO
    for band in bands:
        if remaining <= 0:
            break
        if band.up_to_percent is None:
            slice_ = remaining
        else:
            upper = baseline * band.up_to_percent / HUNDRED
            slice_ = min(remaining, max(ZERO, upper - lower))
            lower = upper
        part = slice_ * band.provider_share_percent / HUNDRED
        steps.append(f"{money(slice_)} × {number(band.provider_share_percent)}%")
        total += part
        remaining -= slice_
    return total, steps


def gainshare_line(gain: Gainshare, currency: str, facts: PeriodFacts) -> Line:
    """savings = baseline − actual; the provider's share of savings, or of pain (an overrun), capped."""
    fact = facts.fact(gain.indicator)
    if fact is None or fact.value is None:
        return _line(LineKind.GAINSHARE, "Gainshare", f"no value of {gain.indicator} for this period → 0",
                     {"baseline": gain.baseline, "actual": "no data"}, ZERO, currency, gain.indicator)
    savings = gain.baseline - fact.value
    inputs = {"baseline": gain.baseline, "actual": fact.value, "savings": savings}
    words = f"savings = baseline − actual = {money(gain.baseline)} − {money(fact.value)} = {money(savings)}"
    share, steps = shared_amount(abs(savings), gain.baseline, gain.bands)
    if savings >= 0:
        return _line(LineKind.GAINSHARE, "Gainshare", f"{words}; provider's share = {' + '.join(steps) or '0'} "
                     f"= {number(share)}", inputs, share, currency, gain.indicator)
    formula = f"{words} (an overrun); provider's share of the pain = {' + '.join(steps)} = {number(share)}"
    if gain.pain_cap is not None and share > gain.pain_cap:
        formula += f", capped at {money(gain.pain_cap)}"
        share = gain.pain_cap
        inputs["pain_cap"] = gain.pain_cap
    return _line(LineKind.PAINSHARE, "Painshare", formula, inputs, -share, currency, gain.indicator)


def revenue_share_line(share: RevenueShare, currency: str, facts: PeriodFacts) -> Line:
    fact = facts.fact(share.indicator)
    if fact is None or fact.value is None:
        return _line(LineKind.REVENUE_SHARE, "Revenue share", f"no value of {share.indicator} for this period → 0",
                     {"revenue": "no data"}, ZERO, currency, share.indicator)
    raw = fact.value * share.provider_percent / HUNDRED
    return _line(LineKind.REVENUE_SHARE, "Revenue share",
                 f"joint revenue × provider's share = {money(fact.value)} × {number(share.provider_percent)}% "
                 f"= {exact(raw)}", {"revenue": fact.value, "provider_percent": share.provider_percent}, raw,
                 currency, share.indicator)


@dataclass(frozen=True)
class InnovationEntry:
    label: str
    validated_value: Decimal
    validated_by: str = ""


def innovation_lines(innovation: Innovation, entries: Iterable[InnovationEntry], currency: str) -> list[Line]:
    lines = []
    for entry in entries:
        raw = entry.validated_value * innovation.percent / HUNDRED
        inputs = {"validated_value": entry.validated_value, "percent": innovation.percent}
        if entry.validated_by:
            inputs["validated_by"] = entry.validated_by
        lines.append(_line(LineKind.INNOVATION, f"Innovation: {entry.label}",
                           f"validated value × {number(innovation.percent)}% = {money(entry.validated_value)} × "
                           f"{number(innovation.percent)}% = {exact(raw)}", inputs, raw, currency))
    return lines


# Caps and adjustments --------------------------------------------------------------------

def cap_lines(caps: Caps, base_fee: Decimal, lines: list[Line], currency: str) -> list[Line]:
    """Deductions (forfeits and CPI penalties) at most X % of the base fee; bonuses (bonus and innovation) at
    most Y %. A binding cap adds a line that gives back (or takes back) the excess, over rounded lines."""
    result = []
    if caps.max_deduction_percent is not None:
        deducted = -sum((line.amount for line in lines if line.kind in DEDUCTION_KINDS), ZERO)
        limit = round_money(base_fee * caps.max_deduction_percent / HUNDRED, currency)
        if deducted > limit:
            result.append(_line(LineKind.CAP, CAP_ON_DEDUCTIONS,
                                f"deductions {money(deducted)} > cap {number(caps.max_deduction_percent)}% of "
                                f"{money(base_fee)} = {money(limit)} → + {money(deducted - limit)} given back",
                                {"deductions": deducted, "limit": limit}, deducted - limit, currency))
    if caps.max_bonus_percent is not None:
        bonus = sum((line.amount for line in lines if line.kind in BONUS_KINDS), ZERO)
        limit = round_money(base_fee * caps.max_bonus_percent / HUNDRED, currency)
        if bonus > limit:
            result.append(_line(LineKind.CAP, CAP_ON_BONUSES,
                                f"bonuses {money(bonus)} > cap {number(caps.max_bonus_percent)}% of "
                                f"{money(base_fee)} = {money(limit)} → − {money(bonus - limit)}",
                                {"bonuses": bonus, "limit": limit}, limit - bonus, currency))
    return result


def adjustment_line(period: datetime.date, approved_net: Decimal, recomputed_net: Decimal,
                    already_adjusted: Decimal, currency: str, trace: str) -> Line | None:
    """The difference between an approved statement and the same period recomputed after a correction,
    less what earlier adjustments already carried. ``None`` when there is nothing to carry."""
    difference = recomputed_net - approved_net - already_adjusted
    if difference == 0:
        return None
    return _line(LineKind.ADJUSTMENT, f"Adjustment for {period:%b %Y}",
                 f"recomputed {money(recomputed_net)} − approved {money(approved_net)} − already adjusted "
                 f"{money(already_adjusted)} = {money(difference)}; {trace}",
                 {"period": period.isoformat(), "approved_net": approved_net, "recomputed_net": recomputed_net,
                  "already_adjusted": already_adjusted}, difference, currency)


# The statement -----------------------------------------------------------------------------

@dataclass(frozen=True)
class StatementResult:
    period: datetime.date
    currency: str
    lines: tuple[Line, ...]

    @property
    def net_payable(self) -> Decimal:
        return sum((line.amount for line in self.lines), round_money(ZERO, self.currency))

    def amount_of(self, *kinds: str) -> Decimal:
        return sum((line.amount for line in self.lines if line.kind in kinds), ZERO)


@dataclass(frozen=True)
class History:
    """What earlier periods left for this one: holds waiting, forfeits that may come back, statuses known now,
    and adjustments to carry."""

    held: tuple[Held, ...] = ()
    forfeits: tuple[Forfeit, ...] = ()
    statuses: Mapping[tuple, str] = field(default_factory=dict)
    adjustments: tuple[Line, ...] = ()


def compute_statement(model: FinancialModel, facts: PeriodFacts, history: History = History(),
                      innovations: Iterable[InnovationEntry] = ()) -> StatementResult:
    """Every line of one period's statement, in reading order, each rounded once."""
    currency = model.currency
    minor_unit(currency)  # refuse an unknown currency before any arithmetic
    names = {code: fact.name for code, fact in facts.indicators.items()}
    lines: list[Line] = []
    base_fee = ZERO
    if model.base_fee is not None:
        base = base_fee_line(model.base_fee, currency, facts)
        lines.append(base)
        base_fee = base.amount
    if model.at_risk is not None:
        lines += at_risk_lines(model.at_risk, base_fee, currency, facts)
    lines += held_resolution_lines(history.held, history.statuses, currency, names)
    if model.at_risk is not None:
        lines += earn_back_lines(facts.period, model.at_risk.earn_back_periods, history.forfeits,
                                 history.statuses, currency, names)
    if model.bonus is not None:
        lines.append(bonus_line(model.bonus, base_fee, currency, facts))
    if model.cpi_penalty is not None:
        lines += cpi_penalty_lines(model.cpi_penalty, base_fee, currency, facts)
    if model.gainshare is not None:
        lines.append(gainshare_line(model.gainshare, currency, facts))
    if model.revenue_share is not None:
        lines.append(revenue_share_line(model.revenue_share, currency, facts))
    if model.innovation is not None:
        lines += innovation_lines(model.innovation, innovations, currency)
    if model.caps is not None:
        lines += cap_lines(model.caps, base_fee, lines, currency)
    lines += history.adjustments
    return StatementResult(facts.period, currency, tuple(lines))
