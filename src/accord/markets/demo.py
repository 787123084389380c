"""Demo markets: the hospital partnership runs in four countries, with its hospitals as sites, and three
per-market indicators with a year of values, so the heat map, the roll-ups and consistency show something real
(the Netherlands red on patient experience while the weighted roll-up is green, in the latest month).

Idempotent: a partnership that has markets already is left alone. Values go through the one writer.
"""

import random
from decimal import Decimal

from django.utils import timezone

from accord.core.demo import DemoWorld
from accord.metrics import periods
from accord.metrics.indicators import definitions
from accord.metrics.indicators import services as indicator_services
from accord.metrics.measurements.writing import measurements_save
from accord.metrics.models import MeasurementSource
from accord.partnerships.access import partnership_access

from . import services
from .models import Market

HOSPITAL = "northwind-meridian"
MONTHS = 12
# code, name, country, currency, region, weight (staffed beds), sites
MARKETS = [
    ("GB", "United Kingdom", "GB", "GBP", "EMEA", "3200",
     [("GB-LDN", "Northwind Royal, London"), ("GB-MAN", "Northwind General, Manchester")]),
    ("DE", "Germany", "DE", "EUR", "EMEA", "1500", [("DE-BER", "Northwind Klinikum Berlin")]),
    ("IE", "Ireland", "IE", "EUR", "EMEA", "900", [("IE-DUB", "Northwind Dublin")]),
    ("NL", "Netherlands", "NL", "EUR", "EMEA", "600", [("NL-AMS", "Northwind Amsterdam")]),
]
INDICATORS = [
    {"code": "PXS", "name": "Patient experience score", "kind": "relationship", "unit": "score", "target": "85",
     "scope": "market", "rollup": "weighted", "direction": "higher_is_better",
     "description": "Survey score per country, weighted by staffed beds: one standard of experience everywhere."},
    {"code": "CLN", "name": "Cleaning audit score", "kind": "relationship", "unit": "%", "target": "90",
     "scope": "site", "rollup": "average", "direction": "higher_is_better",
     "description": "The monthly cleaning audit of each hospital; a country's score is its hospitals' average."},
    {"code": "RSP", "name": "Response time to service requests", "kind": "relationship", "unit": "hours",
     "target": "4", "scope": "market", "rollup": "worst", "direction": "lower_is_better",
     "description": "Median hours to respond; the partnership is as good as its slowest country."},
]
# Typical level per market (PXS, CLN, RSP): the Netherlands lags on experience, the UK on response time.
LEVELS = {"GB": (89, 93, 4.4), "DE": (88, 92, 3.2), "IE": (87, 94, 3.6), "NL": (80, 88, 3.9)}


def _value(rng: random.Random, code: str, market: str, months_ago: int) -> str:
    index = {"PXS": 0, "CLN": 1, "RSP": 2}[code]
    level = LEVELS[market][index]
    if code == "PXS" and market == "NL" and months_ago == 0:
        return "72"  # red while the weighted roll-up stays green: the consistency flag
    noise = rng.gauss(0, 0.08 if code == "RSP" else 1.2)
    return str(round(level + noise, 1))


def seed(world: DemoWorld) -> None:
    partnership = world.partnerships.get(HOSPITAL)
    if partnership is None or Market.objects.filter(partnership=partnership).exists():
        return
    alice = partnership_access(world.users["alice"], partnership_id=partnership.pk)
    bob = partnership_access(world.users["bob"], partnership_id=partnership.pk)
    for code, name, country, currency, region, weight, sites in MARKETS:
        services.market_create(access=alice, code=code, name=name, country=country, currency=currency,
                               region=region, weight=Decimal(weight))
        for site_code, site_name in sites:
            services.site_create(access=alice, code=site_code, name=site_name, market=code)
    for fields in INDICATORS:
        indicator = indicator_services.indicator_create(access=alice, entry_by="both",
                                                        **{**fields, "target": Decimal(fields["target"])})
        definitions.indicator_creation_accept(access=bob, indicator=indicator)
    rng = random.Random("accord-demo-markets")
    last = periods.shift(periods.period_start(timezone.localdate(), periods.MONTHLY), periods.MONTHLY, -1)
    rows = []
    for months_ago in range(MONTHS - 1, -1, -1):
        month = periods.shift(last, periods.MONTHLY, -months_ago).isoformat()
        for code, *_rest, sites in MARKETS:
            rows.append({"indicator": "PXS", "period": month, "market": code,
                         "value": _value(rng, "PXS", code, months_ago)})
            rows.append({"indicator": "RSP", "period": month, "market": code,
                         "value": _value(rng, "RSP", code, months_ago)})
            rows.extend({"indicator": "CLN", "period": month, "site": site_code,
                         "value": _value(rng, "CLN", code, months_ago)} for site_code, _name in sites)
    result = measurements_save(user=bob.user, access=bob, rows=rows, source=MeasurementSource.MANUAL)
    if not result.ok:
        raise RuntimeError(f"demo market measurements refused: {result.errors[:3]}")
