"""Demo indicators and 24 months of measurements for every demo partnership.

Deterministic (a random generator seeded by the partnership's key), idempotent (a partnership that
already has indicators is left alone) and fast (measurements go in with one ``bulk_create``).
Each partnership shows: mostly green months with some amber and red, exactly one CPI breach in a
recent month, one indicator whose falling trend raises early warnings in the latest month, and a
gap of two months without data.
"""

import random
from decimal import Decimal

from django.utils import timezone

from accord.core.demo import DemoWorld
from accord.partnerships.access import partnership_access
from accord.partnerships.models import Visibility

from . import periods
from .indicators import definitions, library, services
from .measurements.writing import measurements_save
from .models import Indicator, MeasurementSource

MONTHS = 24
# code, entered by (client or other party), entry_by
INDICATOR_SET = [
    ("SLA", "other", "owner"), ("PRIV", "other", "owner"),
    ("OTD", "other", "owner"), ("QAS", "client", "both"), ("CSAT", "client", "owner"), ("FCR", "other", "owner"),
    ("NPS", "client", "owner"),
    ("CPU", "other", "both"), ("REV", "client", "both"),
    ("RESP", "other", "both"),
]
TREND_CODE = "OTD"  # falls over the last six months: trend and worsening warnings in the latest month
BREACH_CODE, BREACH_MONTHS_AGO = "PRIV", 2  # the one CPI breach
GAP_CODE, GAP_MONTHS_AGO = "CSAT", (8, 9)  # two months without data
BAD_MONTH_AGO = 14


def _value(rng: random.Random, spec: dict, months_ago: int) -> Decimal:
    code, target = spec["code"], spec["target"]
    if code == BREACH_CODE:
        return Decimal("95" if months_ago == BREACH_MONTHS_AGO else "100")
    if code == TREND_CODE and months_ago < 6:
        # 98.5, 96.5 … 88.5: amber now, projected red within two months.
        return Decimal("88.5") + Decimal(2) * months_ago
    if code == "SLA":
        return Decimal(str(round(rng.uniform(97.6, 99.6), 1)))
    if months_ago == BAD_MONTH_AGO:
        drift = rng.gauss(-0.13, 0.02)  # a bad month across the board: the overall score goes red
    elif months_ago < 3:
        drift = rng.gauss(0.02, 0.01)  # the latest months are steady, so the designed warnings stand out
    elif rng.random() < 0.12:
        drift = rng.gauss(-0.09, 0.03)  # a bad month now and then
    else:
        drift = rng.gauss(0.005, 0.025)
    factor = 1 + drift if spec["direction"] == "higher_is_better" else 1 - drift
    return Decimal(str(round(float(target) * factor, 2)))


def _seed_partnership(key: str, partnership, world: DemoWorld, client_user, other_user) -> None:
    if Indicator.objects.filter(partnership=partnership).exists():
        return
    rng = random.Random(f"accord-demo-metrics-{key}")
    accesses = {"client": partnership_access(client_user, partnership_id=partnership.pk),
                "other": partnership_access(other_user, partnership_id=partnership.pk)}
    indicators = []
    for code, owner, entry_by in INDICATOR_SET:
        fields = {name: value for name, value in library.BY_CODE[code].items()}
        fields["entry_by"] = entry_by
        if code in ("CSAT", "OTD", "FCR"):
            fields["weight"] = Decimal("2")  # what the client cares about most counts double
        indicator = services.indicator_create(access=accesses[owner], **fields)
        # Shared indicators are agreed: the other party accepts each, as it would on the indicator's page.
        definitions.indicator_creation_accept(access=accesses["client" if owner == "other" else "other"],
                                              indicator=indicator)
        indicators.append((indicator, accesses[owner]))
    # One private indicator per partnership: the client's own view of what it costs, never shown to the other party.
    services.indicator_create(
        access=accesses["client"], code="INT-COST", name="Internal cost of managing the partnership", kind="kfi",
        unit="USD", direction="lower_is_better", target=Decimal("18000"), visibility=Visibility.PRIVATE,
        description="Our own time and tools spent on governance; private to our party.",
    )
    last = periods.shift(periods.period_start(timezone.localdate(), periods.MONTHLY), periods.MONTHLY, -1)
    months = [periods.shift(last, periods.MONTHLY, -i) for i in range(MONTHS - 1, -1, -1)]
    rows = {key: [] for key in accesses}  # through the one writer, as each party would have entered them
    for indicator, access in indicators:
        spec = library.BY_CODE[indicator.code]
        starts = sorted({periods.period_start(month, indicator.frequency) for month in months})
        for start in starts:
            months_ago = (last.year - start.year) * 12 + last.month - start.month
            if indicator.code == GAP_CODE and months_ago in GAP_MONTHS_AGO:
                continue
            key = next(name for name, candidate in accesses.items() if candidate is access)
            rows[key].append({"indicator": indicator.code, "period": start.isoformat(),
                              "value": str(_value(rng, spec, months_ago))})
    for key, access in accesses.items():
        result = measurements_save(user=access.user, access=access, rows=rows[key], source=MeasurementSource.MANUAL)
        if not result.ok:
            raise RuntimeError(f"demo measurements refused: {result.errors[:3]}")


def seed(world: DemoWorld) -> None:
    from accord.partnerships.demo import PARTNERSHIPS

    for spec in PARTNERSHIPS:
        partnership = world.partnerships.get(spec["key"])
        if partnership is None:
            continue
        _seed_partnership(spec["key"], partnership, world, world.users[spec["client"][1]],
                          world.users[spec["other"][1]])


__all__ = ["seed"]
