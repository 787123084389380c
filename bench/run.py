"""``make bench``: every figure beside its floor, in one table, and the same rows in bench/results.json.

1. Importing a 1,000,000-row CSV through ``accord import-measurements``'s code path, against
   inserting the same parsed rows into a bare table (sqlite3 executemany; PostgreSQL: COPY).
   Then the refresh of the stored portfolio that import asks for (a task), against the import's own time.
2. The portfolio read from its stored rows, against one SQL query over those rows; one partnership's
   60-month history, against one SQL query reading its measurements.
3. The portfolio page and API and the scorecard page under gunicorn with 8 concurrent clients, against
   a trivial page (the sign-in form) on the same server.

The results go to bench/results.json and, from that file, into docs/performance.md (bench/report.py).

The portfolio (1,000 partnerships x 20 indicators x 60 months) is built once into
``bench/var/`` and rebuilt when the schema, the dataset or the month changes. PostgreSQL runs
too when ``ACCORD_BENCH_POSTGRES_URL`` is set (e.g. postgres://accord:accord@127.0.0.1:5432/accord_bench).
"""

import hashlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VAR = HERE / "var"
PYTHON = sys.executable
BIN = Path(PYTHON).parent
sys.path.insert(0, str(HERE))

import dataset  # noqa: E402  (pure constants until called)
import report  # noqa: E402

CLIENTS = 8
TRIVIAL = "/accounts/login/"


def log(message: str) -> None:
    print(f"· {message}", file=sys.stderr, flush=True)


def django_env(data_dir: Path, database_url: str = "", **extra) -> dict:
    """Production-like settings (DEBUG off) pointed at one bench database."""
    return {**os.environ, "ACCORD_DATA_DIR": str(data_dir), "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "accord.settings", "DEBUG": "false", "SECRET_KEY": "bench-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,localhost", "LOG_LEVEL": "ERROR", **extra}


def figures(command: str, env: dict) -> list | dict:
    done = subprocess.run([PYTHON, str(HERE / "figures.py"), command], env=env, cwd=ROOT, capture_output=True,
                          text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"bench/figures.py {command} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def dataset_stamp() -> str:
    """Rebuild when the dataset code, any migration, or the current month changes."""
    digest = hashlib.sha256()
    for path in sorted([HERE / "dataset.py", *ROOT.glob("src/accord/*/migrations/*.py")]):
        digest.update(path.read_bytes())
    digest.update(time.strftime("%Y-%m").encode())
    return digest.hexdigest()[:16]


def sqlite_portfolio() -> Path:
    directory = VAR / "sqlite-portfolio"
    stamp_file = directory / "STAMP"
    stamp = dataset_stamp()
    if stamp_file.exists() and stamp_file.read_text() == stamp and (directory / "accord.sqlite3").exists():
        log("SQLite portfolio: reusing bench/var/sqlite-portfolio")
        return directory
    shutil.rmtree(directory, ignore_errors=True)
    shutil.rmtree(VAR / "sqlite-import", ignore_errors=True)
    directory.mkdir(parents=True)
    log("SQLite portfolio: building 1,000 partnerships x 20 indicators x 60 months …")
    facts = figures("build", django_env(directory))
    log(f"  built {facts['measurements']:,} measurements in {facts['seconds']} s")
    stamp_file.write_text(stamp)
    return directory


# -- figure 3: pages under gunicorn ----------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Session:
    """A signed-in client: the session cookie from the real sign-in form."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            headers = dict(headers or {})
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, content
        finally:
            connection.close()

    def sign_in(self, username: str, password: str) -> None:
        status, content = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1).decode()
        body = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
        status, _ = self.request("POST", "/accounts/login/", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://127.0.0.1:{self.port}/"})
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"bench: signing in as {username} failed (HTTP {status})")


def load(port: int, path: str, cookies: dict, per_client: int, headers: dict | None = None) -> list[float]:
    """``CLIENTS`` threads, each sending ``per_client`` requests one after another: the latencies."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def client():
        session = Session(port)
        session.cookies = dict(cookies)
        for _ in range(per_client):
            started = time.perf_counter()
            status, _ = session.request("GET", path, headers=headers)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    failures.append(f"{path}: HTTP {status}")

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(f"bench: {failures[0]} ({len(failures)} failures)")
    return latencies


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def page_figures(data_dir: Path, label: str, database_url: str = "") -> list[dict]:
    env = django_env(data_dir, database_url)
    subprocess.run([str(BIN / "accord"), "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
    port = free_port()
    workers = str(max(2, 2 * (os.cpu_count() or 1)))
    server = subprocess.Popen([str(BIN / "gunicorn"), "accord.wsgi:application", "-b", f"127.0.0.1:{port}",
                               "-w", workers, "--log-level", "error", "--timeout", "120"],
                              env=env, cwd=ROOT, start_new_session=True)
    try:
        deadline = time.time() + 60
        while True:
            try:
                if Session(port).request("GET", TRIVIAL)[0] == 200:
                    break
            except OSError:
                pass
            if time.time() > deadline or server.poll() is not None:
                raise SystemExit("bench: gunicorn did not start")
            time.sleep(0.3)
        session = Session(port)
        session.sign_in(dataset.USERNAME, dataset.PASSWORD)
        api = {"Authorization": f"Bearer {figures('token', env)['token']}"}
        # (name, path, requests per client, headers, goal in seconds or None)
        pages = [("Portfolio page /portfolio/", "/portfolio/", 15, None, 0.100),
                 ("Portfolio API /api/v1/portfolio (100 rows)", "/api/v1/portfolio", 15, api, 0.100),
                 ("Scorecard page /partnerships/<slug>/scorecard/", "/partnerships/bench-0500/scorecard/", 15, None,
                  0.150),
                 ("Scorecard page of a partnership in 30 markets", "/partnerships/bench-0001/scorecard/", 15, None,
                  0.150),
                 ("Heat map page, 30 markets", "/partnerships/bench-0001/markets/heat-map/", 15, None, 0.150)]
        load(port, TRIVIAL, {}, 2)  # warm every worker up
        for _, path, _, headers, _ in pages:
            load(port, path, session.cookies, 1, headers)
        trivial = load(port, TRIVIAL, {}, 25)
        trivial_p50, trivial_p95 = percentile(trivial, 0.5), percentile(trivial, 0.95)
        rows = [row(f"Trivial page {TRIVIAL} p95 ({label}, {CLIENTS} clients, gunicorn -w {workers})",
                    ms(trivial_p95), "ms", None, goal="(the floor of the rows below)")]
        for name, path, per_client, headers, goal in pages:
            latencies = load(port, path, session.cookies, per_client, headers)
            p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
            rows.append(row(f"{name} p50 ({label}, {len(latencies)} requests)", ms(p50), "ms", ms(trivial_p50),
                            ratio=round(p50 / trivial_p50, 1), goal="(reported)"))
            rows.append(row(f"{name} p95 ({label}, {len(latencies)} requests)", ms(p95), "ms", ms(trivial_p95),
                            ratio=round(p95 / trivial_p95, 1), goal=f"p95 < {round(goal * 1000)} ms",
                            met=p95 < goal))
        return rows
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def row(figure, value, unit, floor=None, goal="", met=None, ratio=None):
    return {"figure": figure, "value": value, "unit": unit, "floor": floor, "ratio": ratio, "goal": goal, "met": met}


# -- the run -----------------------------------------------------------------------------------

def sqlite_figures() -> list[dict]:
    portfolio = sqlite_portfolio()
    results = []
    log("SQLite: scorecard selectors …")
    results += figures("selectors", django_env(portfolio))
    log("SQLite: importing 1,000,000 rows (into a copy of the portfolio) …")
    scratch = VAR / "sqlite-import"
    scratch.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        (scratch / f"accord.sqlite3{suffix}").unlink(missing_ok=True)
    shutil.copy(portfolio / "accord.sqlite3", scratch / "accord.sqlite3")
    results += figures("import", django_env(scratch))
    log("SQLite: pages under gunicorn …")
    results += page_figures(portfolio, "SQLite")
    return results


def postgres_figures(url: str) -> list[dict]:
    directory = VAR / "postgres"
    directory.mkdir(parents=True, exist_ok=True)
    env = django_env(directory, url)
    log("PostgreSQL portfolio: building …")
    facts = figures("build", env)
    log(f"  built {facts['measurements']:,} measurements in {facts['seconds']} s")
    results = figures("selectors", env)
    log("PostgreSQL: pages under gunicorn …")
    results += page_figures(directory, "PostgreSQL", url)
    log("PostgreSQL: importing 1,000,000 rows …")
    results += figures("import", env)
    return results


def machine() -> dict:
    import platform
    import sqlite3

    return {"nproc": os.cpu_count(), "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            "platform": platform.platform(),
            # Other work on the machine slows every figure: the 1-minute load average at the end of the run.
            "load": round(os.getloadavg()[0], 1)}


def print_table(rows: list[dict]) -> None:
    headers = ["figure", "value", "unit", "floor", "ratio", "goal", "met"]

    def cell(value):
        if value is None:
            return "—"
        if value is True:
            return "yes"
        if value is False:
            return "NO"
        if isinstance(value, float | int) and not isinstance(value, bool):
            return f"{value:,}"
        return str(value)

    table = [[cell(r[h]) for h in headers] for r in rows]
    widths = [max(len(h), *(len(line[i]) for line in table)) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for line in table:
        print("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)))


def main() -> None:
    started = time.perf_counter()
    VAR.mkdir(exist_ok=True)
    results = sqlite_figures()
    url = os.environ.get("ACCORD_BENCH_POSTGRES_URL", "")
    if url:
        results += postgres_figures(url)
    else:
        log("PostgreSQL not measured: set ACCORD_BENCH_POSTGRES_URL to include it")
    facts = machine()
    seconds = round(time.perf_counter() - started)
    run = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "seconds": seconds, "machine": facts,
           "postgresql": bool(url)}
    (HERE / "results.json.tmp").write_text(json.dumps({"run": run, "figures": results}, indent=2) + "\n")
    (HERE / "results.json.tmp").replace(HERE / "results.json")
    report.update()  # docs/performance.md's results, from the file just written
    print_table(results)
    print(f"\n{facts['nproc']} CPUs · Python {facts['python']} · SQLite {facts['sqlite']} · {facts['platform']} · "
          f"{seconds} s")


if __name__ == "__main__":
    main()
