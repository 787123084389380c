"""The benchmark portfolio: 1,000 partnerships x 20 indicators x 60 monthly periods (1.2 M measurements).

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

    from accord.accounts.models import Role
    from accord.accounts.services import organization_create, user_create
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
        indicators = Indicator.objects.bulk_create([
            Indicator(partnership=partnership, owner_party=client_party[partnership.pk], code=code,
                      name=f"{code.title()} measure", kind=kind, direction=direction, target=Decimal(target),
                      weight=Decimal(weight), frequency="monthly", aggregation="average", entry_by="both",
                      created_by=user)
            for partnership in partnerships for code, kind, direction, target, weight in INDICATOR_SET
        ])
        # Scorecards read the agreed definitions: each indicator's from the start, as if accepted.
        IndicatorDefinition.objects.bulk_create([
            IndicatorDefinition(indicator=indicator, effective_from=None, kind=indicator.kind,
                                direction=indicator.direction, target=indicator.target, bands=[],
                                frequency=indicator.frequency, aggregation=indicator.aggregation,
                                weight=indicator.weight)
            for indicator in indicators
        ])
        spec = {code: (kind, target) for code, kind, _, target, _ in INDICATOR_SET}
        months = history_months()
        table = connection.ops.quote_name(Measurement._meta.db_table)
        at = connection.ops.adapt_datetimefield_value(datetime.datetime.now(datetime.UTC))
        rows = [
            (indicator.partnership_id, indicator.pk, month, sample_value(rng, *spec[indicator.code]), "", "manual",
             user.pk, at)
            for indicator in indicators for month in months
        ]
        _bulk_insert(connection, table, rows)
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
    columns = "partnership_id, indicator_id, period, value, comment, source, entered_by_id, entered_at"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", rows)


def write_import_file(path, partnership_slugs: list[str]) -> int:
    """The 1,000,000-row CSV: every indicator of every partnership, 50 back-filled months."""
    import csv

    rng = random.Random(SEED + 1)
    months = [month.strftime("%Y-%m") for month in import_months()]
    count = 0
    with open(path, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["partnership", "indicator", "period", "value", "comment"])
        for slug in partnership_slugs:
            for code, kind, _, target, _ in INDICATOR_SET:
                for month in months:
                    writer.writerow([slug, code, month, sample_value(rng, kind, target), ""])
                    count += 1
    return count
