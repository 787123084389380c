"""The benchmark portfolio: 1,000 partnerships x 20 indicators x 60 monthly periods (1.2 M measurements); 100 of
the partnerships run in 30 markets each, where two of their KPIs are measured per market (another 360,000).

Run inside a Django process whose settings point at the bench database (``run.py`` does that).
Organizations and people go through the product's services; the bulk rows (partnerships,
parties, indicators, measurements) go in with bulk_create and raw executemany/COPY, which is
what makes a 1.2 M-row portfolio take seconds rather than hours to build.
"""

import datetime
import random
import time
from decimal import Decimal

PARTNERSHIPS = 1000
INDICATORS = 20
PERIODS = 60
IMPORT_PERIODS = 50  # the import file back-fills 50 earlier months: 1,000 x 20 x 50 = 1,000,000 rows
PROVIDERS = 10
USERNAME = "bench"
PASSWORD = "bench-password-not-secret"
SEED = 44001

# (code, kind, direction, target, weight): a typical outsourcing scorecard.
INDICATOR_SET = [
    ("CPI-SAFETY", "cpi", "lower_is_better", "0", "3"),
    ("CPI-DATA", "cpi", "lower_is_better", "0", "3"),
    *[(f"KPI-{n:02d}", "kpi", "higher_is_better", "95", "1") for n in range(1, 13)],
    *[(f"KFI-{n:02d}", "kfi", "lower_is_better", "100000", "2") for n in range(1, 5)],
    ("REL-RESPONSE", "relationship", "lower_is_better", "24", "1"),
    ("REL-SURVEY", "relationship", "higher_is_better", "4", "1"),
]
assert len(INDICATOR_SET) == INDICATORS
MARKET_PARTNERSHIPS = 100  # the first 100 partnerships run in 30 markets each
MARKETS = 30
COUNTRIES = ("DE FR ES IT NL BE AT CH PL CZ SE NO DK FI IE PT GR HU RO BG GB US CA MX BR AR JP KR SG AU").split()
assert len(COUNTRIES) == MARKETS
PER_MARKET = {"KPI-01": "weighted", "KPI-02": "average"}  # code -> roll-up, in those partnerships
IMPORT_ROWS = 1_000_000


def market_codes() -> list[str]:
    return [f"M-{country}" for country in COUNTRIES]


def has_markets(slug: str) -> bool:
    return int(slug.rsplit("-", 1)[1]) <= MARKET_PARTNERSHIPS

# Every partnership's financial model, signed and in force for the last 12 months: a fixed fee with money at
# risk over a CPI and two KPIs (earn-back after 3 green months), a bonus, a CPI penalty, a gainshare on a KFI
# and caps — every kind of line a statement computes from the scorecard.
MODEL_MONTHS = 12
MODEL_TERMS = {
    "currency": "EUR",
    "base_fee": {"kind": "fixed", "amount": "100000.00"},
    "at_risk": {"percent": "10", "earn_back_periods": 3,
                "allocations": [{"indicator": "CPI-SAFETY", "share": "30", "mode": "red"},
                                {"indicator": "KPI-01", "share": "40", "mode": "graded"},
                                {"indicator": "KPI-02", "share": "30", "mode": "graded"}]},
    "bonus": {"floor_score": "90", "stretch_score": "100", "cap_percent": "5"},
    "cpi_penalty": {"amount": "2000"},
    "gainshare": {"indicator": "KFI-01", "baseline": "100000", "provider_share_percent": "50", "pain_cap": "10000"},
    "caps": {"max_deduction_percent": "15", "max_bonus_percent": "5"},
}


def months_ending(last: datetime.date, count: int) -> list[datetime.date]:
    from accord.metrics import periods

    return [periods.shift(last, periods.MONTHLY, -i) for i in range(count - 1, -1, -1)]


def history_months() -> list[datetime.date]:
    """The portfolio's 60 months, ending with the last full month (what scorecards show by default)."""
    from accord.metrics.scorecards.selectors import last_full_month

    return months_ending(last_full_month(), PERIODS)


def import_months() -> list[datetime.date]:
    """The 50 months before the portfolio's history: what the import file back-fills."""
    first = history_months()[0]
    from accord.metrics import periods

    return months_ending(periods.shift(first, periods.MONTHLY, -1), IMPORT_PERIODS)


def sample_value(rng: random.Random, kind: str, target: str) -> Decimal:
    if kind == "cpi":
        return Decimal(1 if rng.random() < 0.01 else 0)
    base = Decimal(target)
    if base == 0:
        return Decimal(rng.randint(0, 3))
    spread = int(base * 100 * Decimal("0.08"))
    return (base * 100 + rng.randint(-spread, spread // 2)) / 100


def build() -> dict:
    """Build the portfolio into the (empty, migrated) default database; return what the figures need."""
    from django.db import connection, transaction
    from django.utils import timezone

    from accord.accounts.models import Role
    from accord.accounts.services import organization_create, user_create
    from accord.incentives.models import FinancialModelVersion
    from accord.markets.models import Market
    from accord.metrics.models import Indicator, IndicatorDefinition, Measurement
    from accord.partnerships.models import Partnership, Party, PartyStatus, Status

    rng = random.Random(SEED)
    with transaction.atomic():
        client = organization_create(name="Bench Client Holdings")
        providers = [organization_create(name=f"Bench Provider {n:02d}") for n in range(1, PROVIDERS + 1)]
        user = user_create(username=USERNAME, email="bench@example.com", password=PASSWORD, organization=client,
                           role=Role.ADMIN, first_name="Bench", check_password=False)
        user_create(username="bench-provider", email="provider@example.com", password=PASSWORD,
                    organization=providers[0], role=Role.ADMIN, check_password=False)
        start = history_months()[0]
        partnerships = Partnership.objects.bulk_create([
            Partnership(name=f"Bench partnership {n:04d}", slug=f"bench-{n:04d}", status=Status.ACTIVE,
                        phase="execution", start_date=start, created_by=user)
            for n in range(1, PARTNERSHIPS + 1)
        ])
        parties = []
        for n, partnership in enumerate(partnerships):
            parties.append(Party(partnership=partnership, organization=client, role="client",
                                 status=PartyStatus.ACCEPTED, invited_by=user))
            parties.append(Party(partnership=partnership, organization=providers[n % PROVIDERS], role="provider",
                                 status=PartyStatus.ACCEPTED, invited_by=user))
        parties = Party.objects.bulk_create(parties)
        client_party = {party.partnership_id: party for party in parties if party.organization_id == client.pk}
        with_markets = {partnership.pk for partnership in partnerships if has_markets(partnership.slug)}
        markets = Market.objects.bulk_create([
            Market(partnership=partnership, owner_party=client_party[partnership.pk], code=code,
                   name=f"Market {country}", country=country, currency="EUR", weight=Decimal(10 + n * 7),
                   created_by=user)
            for partnership in partnerships if partnership.pk in with_markets
            for n, (code, country) in enumerate(zip(market_codes(), COUNTRIES, strict=True))
        ])
        markets_of = {}
        for market in markets:
            markets_of.setdefault(market.partnership_id, []).append(market.pk)

        def scope(partnership, code):
            if partnership.pk in with_markets and code in PER_MARKET:
                return {"scope": "market", "rollup": PER_MARKET[code]}
            return {}

        indicators = Indicator.objects.bulk_create([
            Indicator(partnership=partnership, owner_party=client_party[partnership.pk], code=code,
                      name=f"{code.title()} measure", kind=kind, direction=direction, target=Decimal(target),
                      weight=Decimal(weight), frequency="monthly", aggregation="average", entry_by="both",
                      created_by=user, **scope(partnership, code))
            for partnership in partnerships for code, kind, direction, target, weight in INDICATOR_SET
        ])
        # Scorecards read the agreed definitions: each indicator's from the start, as if accepted.
        IndicatorDefinition.objects.bulk_create([
            IndicatorDefinition(indicator=indicator, effective_from=None, kind=indicator.kind,
                                direction=indicator.direction, target=indicator.target, bands=[],
                                frequency=indicator.frequency, aggregation=indicator.aggregation,
                                weight=indicator.weight, scope=indicator.scope, rollup=indicator.rollup)
            for indicator in indicators
        ])
        spec = {code: (kind, target) for code, kind, _, target, _ in INDICATOR_SET}
        months = history_months()
        table = connection.ops.quote_name(Measurement._meta.db_table)
        at = connection.ops.adapt_datetimefield_value(datetime.datetime.now(datetime.UTC))
        rows = [
            (indicator.partnership_id, indicator.pk, month, sample_value(rng, *spec[indicator.code]), "", "manual",
             user.pk, at, market_id)
            for indicator in indicators
            for market_id in (markets_of[indicator.partnership_id] if indicator.scope == "market" else (None,))
            for month in months
        ]
        _bulk_insert(connection, table, rows)
        now = timezone.now()
        FinancialModelVersion.objects.bulk_create([
            FinancialModelVersion(partnership=partnership, owner_party=client_party[partnership.pk], created_by=user,
                                  number=1, status="in_force", applies_from=months[-MODEL_MONTHS], currency="EUR",
                                  terms=MODEL_TERMS, proposed_at=now, proposed_by=user, in_force_at=now)
            for partnership in partnerships
        ])
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    # The stored portfolio, as ``accord portfolio-rebuild`` (or ``migrate``) makes it for an existing database.
    from accord.metrics.portfolio.refresh import portfolio_rebuild

    started = time.perf_counter()
    portfolio_rebuild()
    stored_seconds = round(time.perf_counter() - started, 1)
    return {"user": USERNAME, "partnerships": PARTNERSHIPS, "measurements": len(rows), "stored_seconds": stored_seconds}


def _bulk_insert(connection, table, rows) -> None:
    columns = "partnership_id, indicator_id, period, value, comment, source, entered_by_id, entered_at, market_id"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)", rows)


def write_import_file(path, partnership_slugs: list[str]) -> int:
    """The 1,000,000-row CSV with a market column: 50 back-filled months of every indicator, partnership by
    partnership — per market (30 rows a month) for the per-market KPIs of the first 100 — until a million rows."""
    import csv

    rng = random.Random(SEED + 1)
    months = [month.strftime("%Y-%m") for month in import_months()]
    count = 0
    with open(path, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["partnership", "indicator", "period", "value", "comment", "market"])
        for slug in partnership_slugs:
            for code, kind, _, target, _ in INDICATOR_SET:
                places = market_codes() if has_markets(slug) and code in PER_MARKET else [""]
                for market in places:
                    for month in months:
                        if count == IMPORT_ROWS:
                            return count
                        writer.writerow([slug, code, month, sample_value(rng, kind, target), "", market])
                        count += 1
    return count
