"""The financial model's terms and a period's facts as plain values (``validation.parse_model`` builds the terms
from the JSON; ``selectors.period_facts`` the facts from the shared scorecard)."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class BaseFee:
    kind: str  # "fixed" | "cost_plus"
    amount: Decimal | None = None
    cost_indicator: str = ""
    return_percent: Decimal | None = None
    return_amount: Decimal | None = None


@dataclass(frozen=True)
class Allocation:
    indicator: str
    share: Decimal
    mode: str  # "red" | "graded"


@dataclass(frozen=True)
class AtRisk:
    percent: Decimal
    allocations: tuple[Allocation, ...] = ()
    earn_back_periods: int = 0


@dataclass(frozen=True)
class Bonus:
    floor_score: Decimal
    stretch_score: Decimal
    cap_percent: Decimal


@dataclass(frozen=True)
class CpiPenalty:
    amount: Decimal | None = None
    percent: Decimal | None = None


@dataclass(frozen=True)
class ShareBand:
    """The provider's share of savings (or pain) up to ``up_to_percent`` of the baseline (None: beyond)."""

    provider_share_percent: Decimal
    up_to_percent: Decimal | None = None


@dataclass(frozen=True)
class Gainshare:
    indicator: str
    baseline: Decimal
    bands: tuple[ShareBand, ...]
    pain_cap: Decimal | None = None


@dataclass(frozen=True)
class RevenueShare:
    indicator: str
    provider_percent: Decimal


@dataclass(frozen=True)
class Innovation:
    percent: Decimal


@dataclass(frozen=True)
class Caps:
    max_deduction_percent: Decimal | None = None
    max_bonus_percent: Decimal | None = None


@dataclass(frozen=True)
class FinancialModel:
    currency: str
    base_fee: BaseFee | None = None
    at_risk: AtRisk | None = None
    bonus: Bonus | None = None
    cpi_penalty: CpiPenalty | None = None
    gainshare: Gainshare | None = None
    revenue_share: RevenueShare | None = None
    innovation: Innovation | None = None
    caps: Caps | None = None


# The period, as plain values (from the shared scorecard) ---------------------------------------

@dataclass(frozen=True)
class IndicatorFact:
    code: str
    name: str
    kind: str
    status: str  # green | amber | red | no_data
    value: Decimal | None = None


@dataclass(frozen=True)
class PeriodFacts:
    period: datetime.date
    score: Decimal | None
    status: str  # the scorecard's overall status, critical_breach included
    indicators: Mapping[str, IndicatorFact] = field(default_factory=dict)

    def fact(self, code: str) -> IndicatorFact | None:
        return self.indicators.get(code)
