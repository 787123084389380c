"""Per-market figures of a partnership: each market's values, their roll-up into the partnership's value, the
markets' consistency, one market's scorecard and the market × indicator heat map.

No queries here: ``selectors.partnership_figures`` fetches the values and markets (``Places``) and these functions
turn them into results with the pure arithmetic of ``calculations`` and ``rollups``.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from accord.metrics import periods

from . import calculations as calc
from . import rollups

PARTNERSHIP, MARKET, SITE = "partnership", "market", "site"


@dataclass(frozen=True)
class MarketFacts:
    id: int
    code: str
    name: str
    weight: Decimal | None


@dataclass
class Places:
    """The partnership's markets and sites, and the values measured in them (per indicator)."""

    markets: dict = field(default_factory=dict)  # market id -> MarketFacts, in code order
    sites: dict = field(default_factory=dict)  # site id -> (code, market id)
    # indicator id -> (market id, site id or None) -> {period: value}
    values: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(dict)))

    def add(self, indicator_id: int, market_id: int, site_id: int | None, period: datetime.date, value) -> None:
        self.values[indicator_id][(market_id, site_id)][period] = value

    def by_code(self, code: str) -> MarketFacts | None:
        return next((market for market in self.markets.values() if market.code == code), None)

    def series(self, spec: calc.IndicatorSpec) -> dict:
        """market id -> {period: value}. A per-site indicator's sites roll into their market period by period,
        by the indicator's roll-up (sites carry no weight: ``weighted`` averages them)."""
        stored = self.values.get(spec.id, {})
        if spec.scope != SITE:
            return {market_id: values for (market_id, site_id), values in stored.items() if site_id is None}
        by_market = defaultdict(lambda: defaultdict(list))  # market id -> period -> [PlaceValue]
        for (market_id, site_id), values in stored.items():
            if site_id is None:
                continue
            code = self.sites.get(site_id, (str(site_id), market_id))[0]
            for period, value in values.items():
                by_market[market_id][period].append(rollups.PlaceValue(code, value))
        kind = rollups.AVERAGE if spec.rollup == rollups.WEIGHTED else spec.rollup
        return {market_id: {period: rollups.roll_up(kind, spec.direction, places, "sites").actual
                            for period, places in by_period.items()}
                for market_id, by_period in by_market.items()}

    def rolled_series(self, spec: calc.IndicatorSpec) -> dict:
        """{period: the markets' values rolled up}: what warnings and charts follow for a per-market indicator."""
        series = self.series(spec)
        all_periods = {period for values in series.values() for period in values}
        rolled = {}
        for period in all_periods:
            places = [rollups.PlaceValue(self._code(market_id), values[period], self._weight(market_id))
                      for market_id, values in series.items() if period in values]
            actual = rollups.roll_up(spec.rollup, spec.direction, places).actual
            if actual is not None:
                rolled[period] = actual
        return rolled

    def _code(self, market_id: int) -> str:
        market = self.markets.get(market_id)
        return market.code if market else str(market_id)

    def _weight(self, market_id: int) -> Decimal | None:
        market = self.markets.get(market_id)
        return market.weight if market else None


def _status(spec: calc.IndicatorSpec, actual: Decimal | None) -> str:
    if actual is None:
        return calc.NO_DATA
    return calc.status_for(actual, target=spec.target, direction=spec.direction, bands=spec.bands)


def market_values(places: Places, spec: calc.IndicatorSpec, month: datetime.date) -> list[tuple]:
    """Every market of the partnership with its (actual or None, inputs) for ``month``, in code order."""
    series = places.series(spec)
    return [(market, *calc.value_for_month(spec, series.get(market.id, {}), month)) for market in places.markets.values()]


def rolled_result(places: Places, spec: calc.IndicatorSpec, month: datetime.date) -> calc.IndicatorResult:
    """A per-market indicator's result for the partnership: its markets rolled up, with the markets behind it,
    their consistency, and the markets red while the roll-up is green."""
    rows = market_values(places, spec, month)
    place_values = [rollups.PlaceValue(market.code, actual, market.weight) for market, actual, _inputs in rows]
    rollup = rollups.roll_up(spec.rollup, spec.direction, place_values)
    markets = tuple({"market": market.code, "actual": actual, "status": _status(spec, actual)}
                    for market, actual, _inputs in rows)
    spread = rollups.consistency(spec.direction, place_values)
    status = _status(spec, rollup.actual)
    consistency = None if spread is None else {
        **spread.as_dict(),
        "flagged": rollups.red_while_green(status, ((row["market"], row["status"]) for row in markets)),
    }
    inputs = tuple((period, value) for _market, _actual, market_inputs in rows for period, value in market_inputs)
    return calc.evaluate_indicator(spec, rollup.actual, inputs, rollup=rollup, markets=markets,
                                   consistency=consistency)


def market_result(places: Places, spec: calc.IndicatorSpec, month: datetime.date,
                  market: MarketFacts) -> calc.IndicatorResult:
    """A per-market indicator's result in one market."""
    actual, inputs = calc.value_for_month(spec, places.series(spec).get(market.id, {}), month)
    return calc.evaluate_indicator(spec, actual, inputs)


def heat_map(places: Places, specs: list[calc.IndicatorSpec], month: datetime.date) -> dict:
    """Rows: the per-market indicators in force; columns: the markets; each cell the market's actual and status,
    the last column the roll-up. ``flagged`` cells are red while the roll-up is green."""
    rows = []
    for spec in specs:
        if spec.scope == PARTNERSHIP:
            continue
        result = rolled_result(places, spec, month)
        flagged = set((result.consistency or {}).get("flagged", ()))
        rows.append({
            "code": spec.code, "name": spec.name, "unit": spec.unit, "direction": spec.direction,
            "target": spec.target, "rollup": spec.rollup,
            "cells": [{**cell, "flagged": cell["market"] in flagged} for cell in result.markets],
            "actual": result.actual, "status": result.status, "consistency": result.consistency,
            "explanation": result.explanation,
        })
    return {"period": month.isoformat(), "period_label": periods.label(month, periods.MONTHLY),
            "markets": [{"code": m.code, "name": m.name, "weight": m.weight} for m in places.markets.values()],
            "rows": rows}
