"""The financial model's JSON → plain values (``calculations.FinancialModel``), with a message per field.

Pure: the indicators a model may name are passed in as ``{code: kind}`` (the service gives the
partnership's shared agreed indicators only), so the rules can be tested without a database.
"""

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from . import calculations as calc

HUNDRED = Decimal("100")
SECTIONS = ("currency", "base_fee", "at_risk", "bonus", "cpi_penalty", "gainshare", "revenue_share", "innovation",
            "caps")
MAX_ALLOCATIONS = 50
MAX_BANDS = 10
MAX_EARN_BACK_PERIODS = 24
MAX_AMOUNT = Decimal("1000000000000")  # fits the statement's DecimalField(max_digits=18, 3 places)


class _Reader:
    def __init__(self, indicators: Mapping[str, str]):
        self.indicators = indicators
        self.errors: dict[str, str] = {}

    def fail(self, field: str, message: str):
        self.errors.setdefault(field, message)

    def section(self, data, name) -> dict | None:
        value = data.get(name)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.fail(name, "Give an object.")
            return None
        return value

    def decimal(self, data: dict, field: str, path: str, *, required=True, percent=False,
                positive=False) -> Decimal | None:
        raw = data.get(field)
        if raw is None or raw == "":
            if required:
                self.fail(path, "Required.")
            return None
        if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
            self.fail(path, "Give a number as a decimal string, e.g. \"10.5\".")
            return None
        try:
            value = Decimal(str(raw).strip())
        except InvalidOperation:
            self.fail(path, f"{raw!r} is not a number.")
            return None
        if not value.is_finite():
            self.fail(path, "Give a finite number.")
            return None
        if value < 0:
            self.fail(path, "Must not be negative.")
        elif positive and value == 0:
            self.fail(path, "Must be more than 0.")
        elif percent and value > HUNDRED:
            self.fail(path, "A percentage is at most 100.")
        elif value > MAX_AMOUNT:
            self.fail(path, f"At most {MAX_AMOUNT:,}.")
        return value

    def indicator(self, data: dict, field: str, path: str, kinds: tuple[str, ...]) -> str:
        code = str(data.get(field) or "").strip()
        if not code:
            self.fail(path, "Name an indicator by its code.")
        elif code not in self.indicators:
            self.fail(path, f"No shared agreed indicator with the code {code!r} in this partnership.")
        elif self.indicators[code] not in kinds:
            wanted = " or ".join(kind.upper() for kind in kinds)
            self.fail(path, f"{code} is a {self.indicators[code].upper()}; this needs a {wanted}.")
        return code


def validated_value(raw) -> Decimal | str:
    """An innovation's validated value (more than 0, within the amounts a statement holds), or the message
    saying what is wrong with it."""
    reader = _Reader({})
    value = reader.decimal({"value": raw}, "value", "value", positive=True)
    return reader.errors.get("value") or value


def parse_model(data, indicators: Mapping[str, str]) -> calc.FinancialModel:
    """The model described by ``data`` or a ``ValidationError`` with a message per field (dotted paths)."""
    if not isinstance(data, dict):
        raise ValidationError({"model": "Give the model as an object."})
    reader = _Reader(indicators)
    for key in data:
        if key not in SECTIONS and key != "applies_from":
            reader.fail(key, f"Unknown section; use {', '.join(SECTIONS)}.")
    currency = str(data.get("currency") or "").strip().upper()
    if currency not in calc.CURRENCY_MINOR_UNITS:
        reader.fail("currency", f"Unknown currency {currency!r}: use an ISO 4217 code among "
                                f"{', '.join(sorted(calc.CURRENCY_MINOR_UNITS))}.")
    model = calc.FinancialModel(
        currency=currency,
        base_fee=_base_fee(reader, reader.section(data, "base_fee")),
        at_risk=_at_risk(reader, reader.section(data, "at_risk")),
        bonus=_bonus(reader, reader.section(data, "bonus")),
        cpi_penalty=_cpi_penalty(reader, reader.section(data, "cpi_penalty")),
        gainshare=_gainshare(reader, reader.section(data, "gainshare")),
        revenue_share=_revenue_share(reader, reader.section(data, "revenue_share")),
        innovation=_innovation(reader, reader.section(data, "innovation")),
        caps=_caps(reader, reader.section(data, "caps")),
    )
    if reader.errors:
        raise ValidationError(reader.errors)
    return model


def _base_fee(reader, data):
    if data is None:
        return None
    kind = data.get("kind")
    if kind == "fixed":
        return calc.BaseFee("fixed", amount=reader.decimal(data, "amount", "base_fee.amount"))
    if kind != "cost_plus":
        reader.fail("base_fee.kind", "Use \"fixed\" or \"cost_plus\".")
        return None
    code = reader.indicator(data, "cost_indicator", "base_fee.cost_indicator", (calc.KFI,))
    percent = reader.decimal(data, "return_percent", "base_fee.return_percent", required=False)
    amount = reader.decimal(data, "return_amount", "base_fee.return_amount", required=False)
    if (percent is None) == (amount is None):
        reader.fail("base_fee.return_percent", "Give either return_percent or return_amount (one of them).")
    return calc.BaseFee("cost_plus", cost_indicator=code, return_percent=percent, return_amount=amount)


def _at_risk(reader, data):
    if data is None:
        return None
    percent = reader.decimal(data, "percent", "at_risk.percent", percent=True)
    raw = data.get("allocations") or []
    if not isinstance(raw, list) or len(raw) > MAX_ALLOCATIONS:
        reader.fail("at_risk.allocations", f"Give a list of at most {MAX_ALLOCATIONS} allocations.")
        raw = []
    allocations, seen = [], set()
    for index, item in enumerate(raw):
        path = f"at_risk.allocations[{index}]"
        if not isinstance(item, dict):
            reader.fail(path, "Give an object with indicator, share and mode.")
            continue
        code = reader.indicator(item, "indicator", f"{path}.indicator", (calc.CPI, calc.KPI))
        if code in seen:
            reader.fail(f"{path}.indicator", f"{code} is allocated twice.")
        seen.add(code)
        share = reader.decimal(item, "share", f"{path}.share", percent=True)
        mode = item.get("mode", "red")
        if mode not in ("red", "graded"):
            reader.fail(f"{path}.mode", "Use \"red\" or \"graded\".")
        allocations.append(calc.Allocation(code, share or Decimal(0), mode))
    if allocations and sum((a.share for a in allocations), Decimal(0)) != HUNDRED:
        total = sum((a.share for a in allocations), Decimal(0))
        reader.fail("at_risk.allocations", f"The shares must add up to exactly 100; they add up to {total}.")
    periods = data.get("earn_back_periods", 0)
    if isinstance(periods, bool) or not isinstance(periods, int) or not 0 <= periods <= MAX_EARN_BACK_PERIODS:
        reader.fail("at_risk.earn_back_periods", f"A whole number of periods from 0 to {MAX_EARN_BACK_PERIODS}.")
        periods = 0
    return calc.AtRisk(percent or Decimal(0), tuple(allocations), periods)


def _bonus(reader, data):
    if data is None:
        return None
    floor = reader.decimal(data, "floor_score", "bonus.floor_score")
    stretch = reader.decimal(data, "stretch_score", "bonus.stretch_score")
    cap = reader.decimal(data, "cap_percent", "bonus.cap_percent", percent=True)
    if floor is not None and stretch is not None and stretch <= floor:
        reader.fail("bonus.stretch_score", f"The stretch score must be above the floor ({floor}).")
    return calc.Bonus(floor or Decimal(0), stretch or Decimal(0), cap or Decimal(0))


def _cpi_penalty(reader, data):
    if data is None:
        return None
    amount = reader.decimal(data, "amount", "cpi_penalty.amount", required=False)
    percent = reader.decimal(data, "percent", "cpi_penalty.percent", required=False, percent=True)
    if (amount is None) == (percent is None):
        reader.fail("cpi_penalty.amount", "Give either an amount or a percent of the base fee (one of them).")
    return calc.CpiPenalty(amount=amount, percent=percent)


def _gainshare(reader, data):
    if data is None:
        return None
    code = reader.indicator(data, "indicator", "gainshare.indicator", (calc.KFI,))
    baseline = reader.decimal(data, "baseline", "gainshare.baseline", positive=True)
    pain_cap = reader.decimal(data, "pain_cap", "gainshare.pain_cap", required=False)
    raw_bands = data.get("bands")
    if raw_bands is None:
        share = reader.decimal(data, "provider_share_percent", "gainshare.provider_share_percent", percent=True)
        bands = (calc.ShareBand(share or Decimal(0)),)
    else:
        bands = _bands(reader, raw_bands)
    return calc.Gainshare(code, baseline or Decimal(1), bands, pain_cap)


def _bands(reader, raw):
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_BANDS:
        reader.fail("gainshare.bands", f"Give a list of 1 to {MAX_BANDS} bands.")
        return ()
    bands, previous = [], Decimal(0)
    for index, item in enumerate(raw):
        path = f"gainshare.bands[{index}]"
        if not isinstance(item, dict):
            reader.fail(path, "Give an object with provider_share_percent and up_to_percent.")
            continue
        share = reader.decimal(item, "provider_share_percent", f"{path}.provider_share_percent", percent=True)
        last = index == len(raw) - 1
        up_to = reader.decimal(item, "up_to_percent", f"{path}.up_to_percent", required=not last)
        if up_to is not None and up_to <= previous:
            reader.fail(f"{path}.up_to_percent", "Each band must reach further than the one before.")
        previous = up_to if up_to is not None else previous
        bands.append(calc.ShareBand(share or Decimal(0), up_to))
    return tuple(bands)


def _revenue_share(reader, data):
    if data is None:
        return None
    code = reader.indicator(data, "indicator", "revenue_share.indicator", (calc.KFI,))
    percent = reader.decimal(data, "provider_percent", "revenue_share.provider_percent", percent=True)
    return calc.RevenueShare(code, percent or Decimal(0))


def _innovation(reader, data):
    if data is None:
        return None
    return calc.Innovation(reader.decimal(data, "percent", "innovation.percent", percent=True) or Decimal(0))


def _caps(reader, data):
    if data is None:
        return None
    return calc.Caps(
        max_deduction_percent=reader.decimal(data, "max_deduction_percent", "caps.max_deduction_percent",
                                             required=False, percent=True),
        max_bonus_percent=reader.decimal(data, "max_bonus_percent", "caps.max_bonus_percent", required=False,
                                         percent=True),
    )
