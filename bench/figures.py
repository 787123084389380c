"""One backend's figures, in a Django process pointed at that backend's bench database.

    python bench/figures.py build      # migrate and build the portfolio (run.py decides when)
    python bench/figures.py import     # figure 1: the 1,000,000-row import vs its floor
    python bench/figures.py selectors  # figure 2: the stored portfolio's read and a 60-month history vs floors,
                                       # and the incentive statements of every partnership vs their scorecards
    python bench/figures.py token      # an API token for the API under load

Each command prints its result rows as JSON on the last line of stdout.
"""

import csv
import io
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")

import django  # noqa: E402

django.setup()

import dataset  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

BACKEND = connection.vendor  # "sqlite" or "postgresql"
LABEL = "SQLite" if BACKEND == "sqlite" else "PostgreSQL"


def row(figure, value, unit, floor=None, goal="", met=None, ratio=None):
    return {"figure": figure, "value": value, "unit": unit, "floor": floor, "ratio": ratio, "goal": goal, "met": met}


def best_of(runs: int, work) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return min(timings)


# -- build -------------------------------------------------------------------------------------

def build():
    if BACKEND == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    facts = dataset.build()
    facts["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(facts))


# -- figure 1: the import ----------------------------------------------------------------------

def parsed_rows(path: Path) -> list[tuple]:
    """The file's rows already resolved and parsed: what the floor inserts (parsing is not timed)."""
    from datetime import date
    from decimal import Decimal

    from accord.markets.models import Market
    from accord.metrics.models import Indicator

    ids = {(slug, code): (pk, partnership_id) for pk, partnership_id, slug, code in
           Indicator.objects.values_list("id", "partnership_id", "partnership__slug", "code")}
    markets = {(partnership_id, code): pk for pk, partnership_id, code in
               Market.objects.values_list("id", "partnership_id", "code")}
    rows = []
    with open(path, newline="") as source:
        reader = csv.reader(source)
        next(reader)
        for slug, code, period, value, comment, market in reader:
            pk, partnership_id = ids[(slug, code)]
            year, month = period.split("-")
            rows.append((partnership_id, pk, date(int(year), int(month), 1).isoformat(), Decimal(value), comment,
                         markets[(partnership_id, market)] if market else None))
    return rows


def sqlite_floor(rows: list[tuple]) -> float:
    import sqlite3

    path = Path(os.environ["ACCORD_DATA_DIR"]) / "floor.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE measurement (partnership_id bigint, indicator_id bigint, period date, value decimal, "
               "comment text, source varchar(10), entered_by_id bigint, entered_at datetime, market_id bigint)")
    values = [(p, i, period, str(value), comment, "file", 1, "2025-01-01 00:00:00", market)
              for p, i, period, value, comment, market in rows]
    started = time.perf_counter()
    db.execute("BEGIN")
    db.executemany("INSERT INTO measurement VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
    db.execute("COMMIT")
    seconds = time.perf_counter() - started
    db.close()
    path.unlink()
    return seconds


def postgres_floor(rows: list[tuple]) -> float:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_floor; CREATE TABLE bench_floor (partnership_id bigint, "
                       "indicator_id bigint, period date, value numeric(20, 6), comment text, source varchar(10), "
                       "entered_by_id bigint, entered_at timestamptz, market_id bigint)")
        lines = "".join(f"{p}\t{i}\t{period}\t{value}\t{comment}\tfile\t1\t2025-01-01 00:00:00+00\t"
                        f"{market if market is not None else chr(92) + 'N'}\n"
                        for p, i, period, value, comment, market in rows)
        connection.commit() if not connection.get_autocommit() else None
        started = time.perf_counter()
        with connection.cursor() as timed:
            with timed.cursor.copy("COPY bench_floor FROM STDIN") as copy:
                copy.write(lines)
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_floor")
    return seconds


def import_figures():
    from accord.metrics.models import Measurement, PortfolioPeriod, PortfolioStanding
    from accord.metrics.portfolio import refresh

    path = Path(os.environ["ACCORD_DATA_DIR"]) / "measurements-1m.csv"
    slugs = [f"bench-{n:04d}" for n in range(1, dataset.PARTNERSHIPS + 1)]
    if not path.exists():
        dataset.write_import_file(path, slugs)
    rows = parsed_rows(path)
    count = len(rows)
    before = Measurement.objects.count()
    quiet = io.StringIO()
    queued, task = [], refresh.portfolio_refresh_task
    # The import hands the refresh of the stored portfolio to a task (a worker runs it in production); here it
    # is caught, so that the import is timed alone and the refresh after it on its own.
    refresh.portfolio_refresh_task = type("Queue", (), {"enqueue": staticmethod(queued.append)})
    try:
        started = time.perf_counter()
        call_command("import-measurements", str(path), "--user", dataset.USERNAME, stdout=quiet,
                     stderr=io.StringIO())
        seconds = time.perf_counter() - started
    finally:
        refresh.portfolio_refresh_task = task
    assert Measurement.objects.count() == before + count, quiet.getvalue()
    # The file covers as many partnerships as its million rows reach (those in 30 markets take more rows each).
    touched = PortfolioStanding.objects.filter(refresh_pending=True).count()
    assert len(queued) == 1 and len(queued[0]) == touched > 0, (touched, len(queued))
    started = time.perf_counter()
    task.func(queued[0])
    refresh_seconds = time.perf_counter() - started
    assert not PortfolioStanding.objects.filter(refresh_pending=True).exists()
    months = PortfolioPeriod.objects.filter(period__lt=dataset.history_months()[0]).count()
    # The same file again: every row found unchanged, nothing written.
    started = time.perf_counter()
    call_command("import-measurements", str(path), "--user", dataset.USERNAME, stdout=quiet, stderr=io.StringIO())
    again = time.perf_counter() - started
    floor = sqlite_floor(rows) if BACKEND == "sqlite" else postgres_floor(rows)
    rate, floor_rate, again_rate = count / seconds, count / floor, count / again
    floor_name = "sqlite3 executemany, bare table" if BACKEND == "sqlite" else "COPY, bare table"
    ratio = rate / floor_rate
    goal_met = rate >= 100_000 and ratio >= 1 / 3
    print(json.dumps([
        row(f"Import 1,000,000-row CSV with a market column ({LABEL}; floor: {floor_name})", round(rate), "rows/s", round(floor_rate),
            goal="≥ 100,000 rows/s and ≥ 1/3 of floor" if BACKEND == "sqlite" else "reported",
            met=goal_met if BACKEND == "sqlite" else None, ratio=round(ratio, 2)),
        row(f"Refresh of the stored portfolio after that import: {months:,} new months of {touched:,} "
            f"partnerships and the warnings after them ({LABEL}; floor: the import's own time)",
            round(refresh_seconds, 1), "s", round(seconds, 1), goal="≤ 2× the import", met=refresh_seconds <= 2 * seconds,
            ratio=round(refresh_seconds / seconds, 2)),
        row(f"Re-import the same file, all unchanged ({LABEL})", round(again_rate), "rows/s", round(floor_rate),
            goal="≥ 100,000 rows/s" if BACKEND == "sqlite" else "reported",
            met=again_rate >= 100_000 if BACKEND == "sqlite" else None, ratio=round(again_rate / floor_rate, 2)),
    ]))


# -- figure 2: scorecards ----------------------------------------------------------------------

def selector_figures():
    from accord.accounts.models import User
    from accord.metrics.portfolio import selectors as portfolio_selectors
    from accord.metrics.scorecards import selectors as scorecard_selectors
    from accord.partnerships.access import partnership_access

    user = User.objects.select_related("membership").get(username=dataset.USERNAME)
    results = []
    history = getattr(scorecard_selectors, "scorecard_history", None)
    table = connection.ops.quote_name("metrics_measurement")
    months = dataset.history_months()

    def floor_query(sql, params):
        def work():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                cursor.fetchall()
        return work

    # The whole portfolio read from the stored rows: every partnership with its latest month and 12 months.
    def portfolio():
        page = portfolio_selectors.PortfolioPage(user, portfolio_selectors.PortfolioFilters())
        return page[0:dataset.PARTNERSHIPS]

    rows = portfolio()
    assert len(rows) == dataset.PARTNERSHIPS and rows[0]["period"] == months[-1].isoformat(), rows[0]
    seconds = best_of(5, portfolio)
    # The floor: one SQL query reading the same stored rows (each partnership's last 12 months).
    stored = connection.ops.quote_name("metrics_portfolioperiod")
    floor = best_of(5, floor_query(
        f"SELECT partnership_id, period, score, status, cpi_breaches, warnings, health_index FROM {stored} "
        f"WHERE period >= %s", [months[-12]]))
    ratio = seconds / floor
    results.append(row(f"Portfolio read from the stored rows, {dataset.PARTNERSHIPS} partnerships × 12 months "
                       f"({LABEL}; floor: one SQL query over those rows)", round(seconds * 1000, 1), "ms",
                       round(floor * 1000, 1), goal="≤ 3× floor", met=ratio <= 3, ratio=round(ratio, 1)))
    results += statement_figures(user)
    if history is None:
        results.append(row(f"One partnership's 60-month scorecard history ({LABEL})", None,
                           "not measured: selector missing", goal="≤ 5× floor"))
    else:
        access = partnership_access(user, slug="bench-0500")
        assert len(history(access, count=dataset.PERIODS)) == dataset.PERIODS
        seconds = best_of(5, lambda: history(access, count=dataset.PERIODS))
        floor = best_of(5, floor_query(f"SELECT indicator_id, period, value FROM {table} WHERE partnership_id = %s",
                                       [access.partnership.pk]))
        ratio = seconds / floor
        results.append(row(f"One partnership's 60-month scorecard history ({LABEL})", round(seconds * 1000, 1),
                           "ms", round(floor * 1000, 1), goal="≤ 5× floor", met=ratio <= 5, ratio=round(ratio, 1)))
        # The same for a partnership in 30 markets: two KPIs rolled up from 30 markets each month.
        access = partnership_access(user, slug="bench-0001")
        seconds = best_of(5, lambda: history(access, count=dataset.PERIODS))
        floor = best_of(5, floor_query(f"SELECT indicator_id, period, value FROM {table} WHERE partnership_id = %s",
                                       [access.partnership.pk]))
        ratio = seconds / floor
        results.append(row(f"60-month scorecard history, a partnership in {dataset.MARKETS} markets ({LABEL})",
                           round(seconds * 1000, 1), "ms", round(floor * 1000, 1), goal="≤ 5× floor",
                           met=ratio <= 5, ratio=round(ratio, 1)))
    print(json.dumps(results))


def statement_figures(user) -> list[dict]:
    """The incentive statements of every partnership for the last full month, against computing the shared
    scorecards (with their warnings) of that month for the same partnerships alone, as the portfolio's refresh does."""
    from accord.incentives.statements import statements_for_period
    from accord.metrics.portfolio import refresh
    from accord.metrics.scorecards.selectors import last_full_month
    from accord.partnerships.models import Partnership

    name = f"Incentive statements, {dataset.PARTNERSHIPS} partnerships, one month ({LABEL}; floor: their scorecards)"
    goal = "< 2 s and ≤ 3× the scorecards"
    month = last_full_month()
    ids = list(Partnership.objects.values_list("pk", flat=True))

    def scorecards_alone():
        figures, _ = refresh._figures(ids, month, month)
        return [(data.scorecard(month), data.warnings(month)) for data in figures.values()]

    assert len(scorecards_alone()) == dataset.PARTNERSHIPS
    computed = statements_for_period(user=user, period=month)
    assert len(computed) == dataset.PARTNERSHIPS and all(s.built for s in computed.values()), len(computed)
    seconds = best_of(3, lambda: statements_for_period(user=user, period=month))
    floor = best_of(3, scorecards_alone)
    ratio = seconds / floor
    return [row(name, round(seconds * 1000), "ms", round(floor * 1000), goal=goal, met=seconds < 2 and ratio <= 3,
                ratio=round(ratio, 1))]


def token():
    """An API token of the bench user, for the API under load."""
    from accord.accounts.models import User
    from accord.accounts.services import api_token_create

    _, raw = api_token_create(user=User.objects.get(username=dataset.USERNAME), name="bench")
    print(json.dumps({"token": raw}))


if __name__ == "__main__":
    {"build": build, "import": import_figures, "selectors": selector_figures, "token": token}[sys.argv[1]]()
